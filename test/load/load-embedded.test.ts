import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { cpsimInProcess, tempFile } from "../cli/helpers.ts";
import { callsAt, readReport, reportedCalls } from "./helpers.ts";

// 50 charge points charging at 20× simulated time: sessions of 30–60 s last 1.5–3 s.
const FLEET = ["--count", "50", "--duration", "10s", "--time-scale", "20", "--seed", "7"];

describe("cpsim load against the embedded central system", () => {
  let cs: CentralSystem;
  beforeAll(async () => {
    cs = await CentralSystem.start({ recordLimit: 100_000, heartbeatIntervalSec: 2 });
  });
  afterAll(() => cs.close());

  it("boots every charge point, every message is valid, and the report's counts are the central system's", async () => {
    cs.messages.length = 0;
    const out = join(tempFile("x", ""), "..", "load.json");
    const r = await cpsimInProcess(["load", ...FLEET, "--url", cs.url, "--reporter", "json", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = readReport(out);
    expect(report.passed).toBe(true);
    expect(report.fleet.boots.Accepted).toBe(50);
    expect(report.fleet.bootedAll).toBeGreaterThan(0);
    expect(report.errors.total).toBe(0);
    expect(cs.problems).toEqual([]);
    expect(reportedCalls(report)).toEqual(callsAt(cs.messages));
    expect(report.transactions.started).toBeGreaterThan(0);
    expect(report.transactions.stopped).toBe(report.transactions.started);
    expect(report.actions.StartTransaction!.count).toBe(report.transactions.started);
    // Nothing left open at the central system: every transaction was stopped exactly once.
    expect(cs.state.transactions.size).toBe(0);
    const sent = report.messages.sent;
    expect(sent).toBe(Object.values(report.actions).reduce((n, a) => n + a.count, 0));
    expect(r.stdout).toContain("StartTransaction");
  }, 60_000);

  it("an impossible threshold fails the run with exit 1 and a table; a generous one passes", async () => {
    const junit = join(tempFile("x", ""), "..", "load.xml");
    const strict = await cpsimInProcess([
      "load",
      "--count",
      "10",
      "--duration",
      "1s",
      "--workload",
      "idle",
      "--url",
      cs.url,
      "--threshold",
      "BootNotification.p95<0.001ms",
      "--threshold",
      "errors.rate<1%",
      "--reporter",
      "junit",
      "--out",
      junit,
    ]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/BootNotification\.p95<0\.001ms\s+< 0\.001ms\s+\S+ms\s+CROSSED/);
    expect(strict.stdout).toMatch(/errors\.rate<1%\s+< 1%\s+0%\s+ok/);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toContain('<testcase name="BootNotification.p95&lt;0.001ms"');
    expect(xml).toMatch(/failures="1"/);
    const generous = await cpsimInProcess([
      "load",
      "--count",
      "10",
      "--duration",
      "1s",
      "--workload",
      "idle",
      "--url",
      cs.url,
      "-t",
      "BootNotification.p95<30s",
      "-t",
      "BootNotification.count>=10",
    ]);
    expect(generous.code).toBe(0);
    expect(generous.stdout).toContain("Passed: 10 charge point boots, all 2 thresholds met.");
  });

  it("a SOAP 1.6 fleet boots and charges too", async () => {
    cs.messages.length = 0;
    const out = join(tempFile("x", ""), "..", "load.json");
    const r = await cpsimInProcess([
      "load",
      "--count",
      "20",
      "--duration",
      "4s",
      "--time-scale",
      "20",
      "--url",
      cs.soapUrl("1.6"),
      "--reporter",
      "json",
      "--out",
      out,
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = readReport(out);
    expect(report.options.transport).toBe("soap");
    expect(report.fleet.boots.Accepted).toBe(20);
    expect(report.errors.total).toBe(0);
    expect(cs.problems).toEqual([]);
    expect(reportedCalls(report)).toEqual(callsAt(cs.messages));
    expect(report.transactions.stopped).toBe(report.transactions.started);
  });
});
