import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { Io } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import type { JsonReport } from "../../src/cli/run.ts";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = join(ROOT, "bin/cpsim");

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real launcher in a child process, as a user would. */
export function cpsim(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the CLI in this process with captured output; faster than spawning. */
export async function cpsimInProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

export function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "cpsim-test-"));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** A loopback port where nothing listens (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const QUICK_SCENARIO = `version: 1
name: Quick session
chargePoint:
  id: CP-QUICK
  config: { MeterValueSampleInterval: 1 }
steps:
  - boot
  - authorize: { idTag: T1 }
  - startTransaction: { idTag: T1, power: 3600W }
  - charge: { duration: 2500ms }
  - stopTransaction
  - unplug
`;

/**
 * Runs a scenario in-process with `--reporter json` and the extra `args`, expects it to pass
 * without a message-level error, and gives the messages of its report.
 */
export async function passingRunMessages(name: string, scenario: string, args: string[]) {
  const r = await cpsimInProcess(["run", tempFile(name, scenario), ...args, "--reporter", "json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const messages = (JSON.parse(r.stdout) as JsonReport).scenarios[0]!.messages;
  expect(messages.some((m) => m.kind === "error")).toBe(false);
  return messages;
}
