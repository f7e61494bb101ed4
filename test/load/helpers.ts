import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import type { RecordedMessage } from "../../src/csms/server.ts";
import schema from "../../src/load/load-report.schema.json" with { type: "json" };
import type { LoadReport } from "../../src/load/report-types.ts";
import { BIN, ROOT } from "../cli/helpers.ts";

const Ajv2020 = Ajv2020Module.default;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv, ["date-time"]);
const validate = ajv.compile(schema);

/** Reads a JSON load report and checks it against its schema. */
export function readReport(file: string): LoadReport {
  const report = JSON.parse(readFileSync(file, "utf8")) as LoadReport;
  const ok = validate(report);
  expect(ok ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
  return report;
}

/** Calls each charge point made, per action, as a central system recorded them. */
export function callsAt(messages: RecordedMessage[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of messages)
    if (m.dir === "in" && m.kind === "call") counts[m.action] = (counts[m.action] ?? 0) + 1;
  return counts;
}

export function reportedCalls(r: LoadReport): Record<string, number> {
  return Object.fromEntries(
    Object.entries(r.actions)
      .filter(([, a]) => a.direction === "cp->cs")
      .map(([k, a]) => [k, a.count]),
  );
}

/** A TCP listener that only counts the connections made to it: proof that nothing connected. */
export async function connectionCounter(): Promise<{
  url: string;
  count: () => number;
  close: () => Promise<void>;
}> {
  let n = 0;
  const server = createServer((s) => {
    n++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/ocpp`,
    count: () => n,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** `cpsim load …` as a process of its own, for tests that signal it or act while it runs. */
export function spawnLoad(args: string[]) {
  const child = spawn(process.execPath, [BIN, "load", ...args], {
    cwd: ROOT,
    env: { ...process.env, CPSIM_FROM_SOURCE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}
