import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { BIN, cpsimInProcess, QUICK_SCENARIO, ROOT, tempFile } from "./helpers.ts";

describe("cpsim csms", () => {
  it("serves charge points, logs every message as NDJSON and stops cleanly on Ctrl-C", async () => {
    const child = spawn(process.execPath, [BIN, "csms", "--port", "0", "--json"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    let buffer = "";
    let onLine: (() => void) | undefined;
    child.stdout.on("data", (d) => {
      buffer += d;
      const parts = buffer.split("\n");
      buffer = parts.pop()!;
      lines.push(...parts);
      onLine?.();
    });
    const nextLine = () => (lines.length > 0 ? Promise.resolve() : new Promise<void>((r) => (onLine = r)));
    await nextLine();
    const { listening } = JSON.parse(lines[0]!) as { listening: string };
    expect(listening).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);

    const r = await cpsimInProcess(["run", tempFile("q.yaml", QUICK_SCENARIO), "--url", listening]);
    expect(r.code).toBe(0);

    const exited = once(child, "close");
    child.kill("SIGINT");
    const [code] = await exited;
    expect(code).toBe(0);
    const messages = lines
      .slice(1)
      .map((l) => JSON.parse(l) as { cp: string; action: string; dir: string; kind: string });
    const fromCp = messages.filter((m) => m.dir === "in" && m.kind === "call").map((m) => m.action);
    expect(fromCp.slice(0, 2)).toEqual(["BootNotification", "StatusNotification"]);
    expect(fromCp).toContain("StartTransaction");
    expect(fromCp.at(-1)).toBe("StatusNotification");
    expect(messages.every((m) => m.cp === "CP-QUICK")).toBe(true);
  });

  it("says so in one sentence when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const r = await cpsimInProcess(["csms", "--port", String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`cpsim: cannot listen on 127.0.0.1:${port}: the port is already in use.\n`);
    } finally {
      blocker.close();
    }
  });
});
