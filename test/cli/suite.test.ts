import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/cli/run.ts";
import { cpsimInProcess, QUICK_SCENARIO } from "./helpers.ts";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "cpsim-suite-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const FAILING =
  "version: 1\nname: Blocked card\nsteps:\n  - boot\n  - authorize: { idTag: T1, expect: { idTagInfo.status: Blocked } }\n  - heartbeat\n";
const BROKEN = "version: 1\nsteps:\n  - stopTransation\n";

describe("several scenarios", () => {
  it("runs every scenario of a folder in name order and reports them in one JSON envelope", async () => {
    const dir = folder({
      "a-quick.yaml": QUICK_SCENARIO,
      "sub/b-failing.yml": FAILING,
      "notes.txt": "not a scenario",
    });
    const r = await cpsimInProcess(["run", dir, "--reporter", "json", "--time-scale", "10"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as JsonReport;
    expect(json.passed).toBe(false);
    expect(json.counts).toEqual({ scenarios: 2, passed: 1, failed: 1 });
    expect(json.scenarios.map((s) => [s.scenario.name, s.passed])).toEqual([
      ["Quick session", true],
      ["Blocked card", false],
    ]);
    expect(r.stderr).toBe(
      'cpsim: Blocked card failed at step "authorize": expected idTagInfo.status to be "Blocked", got "Accepted"\n',
    );
  });

  it("refuses to start when any file is broken, naming it, before connecting anywhere", async () => {
    const dir = folder({ "a.yaml": QUICK_SCENARIO, "b.yaml": BROKEN });
    const r = await cpsimInProcess(["run", dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `cpsim: ${join(dir, "b.yaml")}:3:5: steps[0]: unknown step "stopTransation"; did you mean "stopTransaction"?\n`,
    );
  });

  it("prints a total line and names the failed scenarios", async () => {
    const dir = folder({ "a.yaml": QUICK_SCENARIO, "b.yaml": FAILING });
    const r = await cpsimInProcess(["run", join(dir, "a.yaml"), join(dir, "b.yaml"), "--time-scale", "10"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("2 scenarios: 1 passed, 1 failed");
    expect(r.stdout).toContain(`✘ Blocked card (${join(dir, "b.yaml")})`);
  });

  it("writes a JUnit report with one test case per step, or per scenario", async () => {
    const dir = folder({ "a.yaml": QUICK_SCENARIO, "b.yaml": FAILING });
    const out = join(dir, "junit.xml");
    const r = await cpsimInProcess(["run", dir, "--reporter", "junit", "--out", out, "--time-scale", "10"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("2 scenarios: 1 passed, 1 failed");
    const xml = readFileSync(out, "utf8");
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml).toMatch(/<testsuites name="cpsim" tests="11" failures="1"/);
    expect(xml).toContain('<testcase name="2. authorize" classname="Blocked card"');
    expect(xml).toContain('<skipped message="skipped after an earlier failure"');

    const perScenario = await cpsimInProcess([
      "run",
      dir,
      "--reporter",
      "junit",
      "--junit-cases",
      "scenario",
      "--time-scale",
      "10",
    ]);
    expect(perScenario.stdout.match(/<testcase /g)?.length).toBe(2);
    expect(perScenario.stdout).toMatch(/<testsuites name="cpsim" tests="2" failures="1"/);
  });
});

describe("cpsim validate and cpsim list", () => {
  it("checks every file without connecting and exits 2 when one is wrong", async () => {
    const dir = folder({
      "a.yaml": QUICK_SCENARIO,
      "b.yaml": BROKEN,
      "c.yaml": "version: 1\nsteps:\n  - plugIn: { connector: 3 }\n",
    });
    const r = await cpsimInProcess(["validate", dir]);
    expect(r.code).toBe(2);
    expect(r.stdout.split("\n")).toEqual([
      `✔ ${join(dir, "a.yaml")}: Quick session, 6 steps`,
      `✘ ${join(dir, "b.yaml")}:3:5: steps[0]: unknown step "stopTransation"; did you mean "stopTransaction"?`,
      `✘ ${join(dir, "c.yaml")}:3:26: steps[0].plugIn.connector: connector 3 does not exist (the charge point has 1; set chargePoint.connectors)`,
      "1 of 3 scenarios are valid",
      "",
    ]);
    expect((await cpsimInProcess(["validate", join(dir, "a.yaml")])).code).toBe(0);
  });

  it("lists the shipped scenarios with their descriptions", async () => {
    const r = await cpsimInProcess(["list"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "Basic charging session  scenarios/basic-charging-session.yaml\n  Boot, report Available",
    );
  });

  it("lists a folder, marking broken files", async () => {
    const dir = folder({ "a.yaml": QUICK_SCENARIO, "b.yaml": BROKEN });
    const r = await cpsimInProcess(["list", dir]);
    expect(r.stdout).toContain(`Quick session  ${join(dir, "a.yaml")}`);
    // The file is named once, in the loader's file:line:column.
    expect(r.stdout).toContain(`✘ ${join(dir, "b.yaml")}:3:5: steps[0]: unknown step`);
  });
});

describe("the shipped scenarios", () => {
  it("all pass against the embedded central system (sped up)", async () => {
    const quick = [
      "authorization-rejected",
      "fault-during-charging",
      "two-connectors",
      "remote-start-stop",
      "two-charge-points-one-idtag",
    ].map((n) => `scenarios/${n}.yaml`);
    const r = await cpsimInProcess(["run", ...quick, "--time-scale", "10", "--reporter", "json"]);
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout) as JsonReport;
    expect(json.counts).toEqual({ scenarios: 5, passed: 5, failed: 0 });
    const [auth, fault, dual, remote, rivals] = json.scenarios;
    const starts = (cp: string) =>
      rivals!.messages
        .filter((m) => m.cp === cp && m.action === "StartTransaction" && m.kind === "result")
        .map((m) => (m.payload as { idTagInfo: { status: string } }).idTagInfo.status);
    expect(starts("CP-LEFT-001")).toEqual(["Accepted"]);
    // The same card is refused while it charges on the left, and accepted once it stopped there.
    expect(starts("CP-RIGHT-001")).toEqual(["ConcurrentTx", "Accepted"]);
    const fromCp = remote!.messages.filter((m) => m.dir === "out").map((m) => `${m.action}:${m.kind}`);
    // The answer to RemoteStartTransaction goes out before the messages that carry it out.
    expect(fromCp.indexOf("RemoteStartTransaction:result")).toBeLessThan(
      fromCp.indexOf("StartTransaction:call"),
    );
    const remoteStop = remote!.messages.find(
      (m) => m.action === "StopTransaction" && m.kind === "call",
    )!.payload;
    expect(remoteStop).toMatchObject({ reason: "Remote" });
    const stop = auth!.messages.find((m) => m.action === "StopTransaction" && m.kind === "call")!.payload;
    expect(stop).toMatchObject({ reason: "DeAuthorized", idTag: "BLOCKED-CARD" });
    const faulted = fault!.messages.find(
      (m) => m.kind === "call" && (m.payload as { status?: string }).status === "Faulted",
    );
    expect(faulted?.payload).toMatchObject({ errorCode: "GroundFailure", info: "RCD tripped" });
    const dualStarts = dual!.messages
      .filter((m) => m.action === "StartTransaction" && m.kind === "call")
      .map((m) => m.payload);
    expect(dualStarts).toMatchObject([{ connectorId: 1 }, { connectorId: 2 }]);
  });

  it("the long session keeps meter values consistent with simulated time", async () => {
    const r = await cpsimInProcess(["run", "scenarios/long-session.yaml", "--reporter", "json"]);
    const report = (JSON.parse(r.stdout) as JsonReport).scenarios[0]!;
    expect(report.passed).toBe(true);
    const mv = report.messages.filter((m) => m.action === "MeterValues" && m.kind === "call");
    // Four simulated hours at one reading per 15 minutes.
    expect(mv.length).toBeGreaterThanOrEqual(15);
    const stop = report.messages.find((m) => m.action === "StopTransaction" && m.kind === "call")!
      .payload as { meterStop: number; timestamp: string };
    const start = report.messages.find((m) => m.action === "StartTransaction" && m.kind === "call")!
      .payload as { meterStart: number; timestamp: string };
    const hours = (Date.parse(stop.timestamp) - Date.parse(start.timestamp)) / 3_600_000;
    expect(hours).toBeGreaterThanOrEqual(4);
    // The energy follows the simulated clock exactly: 7.4 kW × the hours between the two timestamps.
    expect(Math.abs(stop.meterStop - start.meterStart - 7400 * hours)).toBeLessThanOrEqual(1);
  });

  it("validate and list accept every shipped scenario", async () => {
    expect((await cpsimInProcess(["validate", "scenarios/"])).code).toBe(0);
    const list = await cpsimInProcess(["list"]);
    for (const name of [
      "Basic charging session",
      "Authorization rejected",
      "Fault during charging",
      "Two connectors at once",
      "Long session at time scale",
      "Remote start and stop",
      "Two charge points, one idTag",
    ]) {
      expect(list.stdout).toContain(name);
    }
  });
});
