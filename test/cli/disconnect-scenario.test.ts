// Drops through `cpsim run`: a central system (the embedded one, run by the test so it can cut
// connections at chosen messages) drops the charge point; expectDisconnect waits for it,
// onDisconnect: fail fails on one, and by default the charge point reconnects and the run goes on.
import Ajv2020Module from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterEach, describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/cli/run.ts";
import { CentralSystem } from "../../src/csms/server.ts";
import reportSchema from "../../src/report/report.schema.json" with { type: "json" };
import { cpsimInProcess, tempFile } from "./helpers.ts";

let cs: CentralSystem | undefined;
afterEach(async () => {
  await cs?.close();
  cs = undefined;
});

/** The embedded central system, dropping the connection on the first call of `action`. */
async function dropOn(action: string) {
  let dropped = false;
  const started = await CentralSystem.start({
    trace: (m) => {
      if (dropped || m.dir !== "in" || m.kind !== "call" || m.action !== action) return;
      dropped = true;
      started.drop(m.cp);
    },
  });
  cs = started;
  return started;
}

const HEAD = `version: 1
chargePoint:
  id: CP-DROP
  config: { RetryBackOffWaitMinimum: 1, RetryBackOffRandomRange: 1, MeterValueSampleInterval: 0 }
`;

async function run(csms: CentralSystem, yaml: string, ...flags: string[]) {
  const file = tempFile("drop.yaml", yaml);
  const r = await cpsimInProcess([
    "run",
    file,
    "--url",
    csms.url,
    "--time-scale",
    "100",
    "--reporter",
    "json",
    ...flags,
  ]);
  const report = (JSON.parse(r.stdout) as JsonReport).scenarios[0]!;
  return { ...r, report };
}

describe("drops in a scenario", () => {
  it("expectDisconnect: the step whose call is cut passes, and the charge point is back for the next steps", async () => {
    const csms = await dropOn("DataTransfer");
    const r = await run(
      csms,
      `${HEAD}onDisconnect: fail
steps:
  - boot
  - startTransaction: { idTag: T1 }
  - send: { name: a message the central system refuses, action: DataTransfer, payload: { vendorId: forbidden } }
  - expectDisconnect: { within: 10s, expect: { attempts: 1 } }
  - heartbeat
  - stopTransaction
`,
    );
    expect(r.report.steps.map((s) => `${s.label} ${s.status}`)).toEqual([
      "connect passed",
      "boot passed",
      "startTransaction passed",
      "a message the central system refuses passed",
      "expectDisconnect passed",
      "heartbeat passed",
      "stopTransaction passed",
    ]);
    expect(r.report.passed).toBe(true);
    expect(r.code).toBe(0);
    expect(r.report.disconnections).toEqual([
      { cp: "CP-DROP", at: expect.any(String), code: 1006, reason: "", expected: true },
    ]);
    // The report, drops included, still meets its published schema.
    const ajv = new Ajv2020Module.default({ strict: true });
    addFormats.default(ajv, ["date-time"]);
    expect(ajv.validate(reportSchema, JSON.parse(r.stdout)), ajv.errorsText()).toBe(true);
    // A mere drop: one BootNotification in all.
    expect(csms.messages.filter((m) => m.action === "BootNotification" && m.kind === "call")).toHaveLength(1);
  });

  it("expectDisconnect fails when the central system keeps the connection", async () => {
    const csms = await dropOn("Nothing");
    const r = await run(csms, `${HEAD}steps:\n  - boot\n  - expectDisconnect: { within: 2s }\n`);
    expect(r.code).toBe(1);
    expect(r.report.steps[2]!.error).toBe("the central system did not close the connection within 2s");
  });

  it("onDisconnect: fail (here --on-disconnect fail) fails the step during which the connection dropped", async () => {
    // The same drop as below, where by default the step passes.
    const csms = await dropOn("StopTransaction");
    const r = await run(
      csms,
      `${HEAD}steps:\n  - boot\n  - startTransaction: { idTag: T1 }\n  - stopTransaction\n`,
      "--on-disconnect",
      "fail",
    );
    expect(r.code).toBe(1);
    const step = r.report.steps[3]!;
    expect(step.status).toBe("failed");
    expect(step.error).toBe("the central system closed the connection (code 1006; onDisconnect: fail)");
    expect(r.report.disconnections?.[0]?.expected).toBe(false);
  });

  it("by default a StopTransaction cut in flight is delivered on reconnecting, once, and the run passes", async () => {
    const csms = await dropOn("StopTransaction");
    const r = await run(
      csms,
      `${HEAD}steps:\n  - boot\n  - startTransaction: { idTag: T1 }\n  - stopTransaction\n  - heartbeat\n`,
    );
    expect(r.report.passed).toBe(true);
    expect(r.report.steps[3]!.response).toEqual({
      status: "Accepted",
      transactionId: 1,
      // The few milliseconds between start and stop draw 0 or 1 Wh, as the machine is busy.
      energyWh: expect.any(Number),
      payload: { idTagInfo: { status: "Accepted" } },
    });
    expect(r.report.disconnections).toEqual([expect.objectContaining({ expected: false, code: 1006 })]);
    // The central system got it twice under one id and acted on it once.
    const stops = csms.messages.filter((m) => m.action === "StopTransaction" && m.kind === "call");
    expect(stops).toHaveLength(2);
    expect(new Set(stops.map((m) => m.id)).size).toBe(1);
    expect(csms.repeated.repeats).toBe(1);
    expect(csms.state.transactions.size).toBe(0);
  });
});
