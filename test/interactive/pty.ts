import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { BIN, ROOT } from "../cli/helpers.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are what is stripped.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[=>()][0-9A-Za-z]?|\r/g;

export const KEY = { enter: "\r", down: "\x1b[B", ctrlC: "\x03", ctrlU: "\x15" };

/**
 * cpsim in a real pseudo-terminal (util-linux `script`), driven by keystrokes the way a person
 * types, with the screen's text readable as it comes.
 */
export class Pty {
  private raw = "";
  private mark = 0;
  private readonly child: ChildProcess;
  private waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
    const command = `stty cols 140 rows 60; exec ${[process.execPath, BIN, ...args].map(quote).join(" ")}`;
    this.child = spawn("script", ["-qfec", command, "/dev/null"], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, TERM: "xterm-256color", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const onData = (d: Buffer) => {
      this.raw += d.toString();
      for (const w of this.waiters.splice(0)) w();
    };
    this.child.stdout!.on("data", onData);
    this.child.stderr!.on("data", onData);
    this.exited = once(this.child, "close").then(([code]) => code as number | null);
  }

  /** Everything shown so far, without terminal escapes. */
  get text(): string {
    return this.raw.replace(ANSI, "");
  }

  /** Waits until `pattern` shows up after the last match (so each wait looks at new output). */
  async waitFor(pattern: RegExp | string, timeoutMs = 8_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.text;
      const rest = text.slice(this.mark);
      const index = typeof pattern === "string" ? rest.indexOf(pattern) : rest.search(pattern);
      if (index >= 0) {
        const match = typeof pattern === "string" ? pattern : rest.match(pattern)![0];
        this.mark += index + match.length;
        return match;
      }
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${pattern}; screen so far:\n${rest.slice(-3000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()) + 1);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  type(keys: string): void {
    this.child.stdin!.write(keys);
  }

  /** Chooses a menu item by typing the start of its name, as select's type-to-search allows. */
  async choose(name: string): Promise<void> {
    await this.waitFor("What next?");
    this.type(name);
    await this.waitFor(`❯ ${name}`);
    this.type(KEY.enter);
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }
}
