import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { cpsimInProcess, tempFile } from "../cli/helpers.ts";
import { startOcppRpcCsms } from "../integration/helpers.ts";
import { callsAt, readReport, reportedCalls, spawnLoad } from "./helpers.ts";

const outFile = () => join(tempFile("x", ""), "..", "load.json");

describe("cpsim load against ocpp-rpc in strict mode", () => {
  it("every message is valid to an independent implementation, and the counts are its counts", async () => {
    const csms = await startOcppRpcCsms();
    try {
      const out = outFile();
      const r = await cpsimInProcess([
        "load",
        "--count",
        "50",
        "--duration",
        "10s",
        "--time-scale",
        "20",
        "--url",
        csms.url,
        "--reporter",
        "json",
        "--out",
        out,
      ]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const report = readReport(out);
      expect(report.fleet.boots.Accepted).toBe(50);
      expect(csms.strictFailures).toEqual([]);
      expect(csms.badMessages).toEqual([]);
      const counted: Record<string, number> = {};
      for (const c of csms.log.calls) counted[c.action] = (counted[c.action] ?? 0) + 1;
      expect(reportedCalls(report)).toEqual(counted);
      expect(report.transactions.started).toBeGreaterThan(0);
      expect(report.transactions.stopped).toBe(report.transactions.started);
    } finally {
      await csms.close();
    }
  }, 60_000);
});

describe("cpsim load stopped by a signal", () => {
  let cs: CentralSystem;
  beforeAll(async () => {
    cs = await CentralSystem.start({ recordLimit: 100_000, heartbeatIntervalSec: 60 });
  });
  afterAll(() => cs.close());

  const start = (out: string) =>
    spawnLoad(
      ["--count", "30", "--duration", "10m", "--time-scale", "20", "--url", cs.url].concat([
        "--reporter",
        "json",
        "--out",
        out,
      ]),
    );

  it("SIGINT mid-run stops every open transaction once, writes the report and exits 130", async () => {
    cs.messages.length = 0;
    const out = outFile();
    const run = start(out);
    await cs.waitFor((m) => m.action === "StartTransaction" && m.kind === "result", 30_000);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(130);
    expect(run.stderr()).toBe("");
    const report = readReport(out);
    expect(report.transactions.started).toBeGreaterThan(0);
    expect(report.transactions.stopped).toBe(report.transactions.started);
    expect(cs.state.transactions.size).toBe(0);
    const calls = callsAt(cs.messages);
    expect(calls.StopTransaction).toBe(calls.StartTransaction);
    expect(reportedCalls(report)).toEqual(calls);
  }, 60_000);

  it("a second SIGINT ends at once and still writes what it has", async () => {
    cs.messages.length = 0;
    const out = outFile();
    const run = start(out);
    await cs.waitFor((m) => m.action === "BootNotification" && m.kind === "result", 30_000);
    run.child.kill("SIGINT");
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(130);
    expect(existsSync(out)).toBe(true);
    const report = readReport(out);
    expect(report.fleet.target).toBe(30);
  }, 60_000);
});
