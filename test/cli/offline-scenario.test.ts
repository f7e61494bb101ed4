// The shipped offline scenario, run through the CLI against the embedded central system: what the
// central system receives, in order, with the transaction ids it gave.
import { describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/cli/run.ts";
import { cpsimInProcess } from "./helpers.ts";

describe("the shipped offline scenario", () => {
  it("delivers the queued messages in order on reconnect, the offline transaction under its new id", async () => {
    const r = await cpsimInProcess([
      "run",
      "scenarios/offline-reconnect.yaml",
      "--time-scale",
      "10",
      "--reporter",
      "json",
    ]);
    expect(r.stderr).toBe("");
    const report = (JSON.parse(r.stdout) as JsonReport).scenarios[0]!;
    expect(report.passed).toBe(true);
    const reconnect = report.steps.find((s) => s.type === "reconnect")!.response as { delivered: string[] };
    expect(reconnect.delivered.slice(-3, -1)).toEqual(["StopTransaction", "StartTransaction"]);
    // Transaction messages as the central system got them, runs of MeterValues shown once.
    const tx = report.messages
      .filter((m) => m.dir === "out" && m.kind === "call" && /Transaction$|^MeterValues$/.test(m.action))
      .map((m) => {
        const p = m.payload as { transactionId?: number; reason?: string };
        return [m.action, p.transactionId, p.reason].filter((x) => x !== undefined).join(" ");
      })
      .filter((line, i, all) => line !== all[i - 1]);
    expect(tx).toEqual([
      "StartTransaction",
      "MeterValues 1",
      "StopTransaction 1 Local",
      "StartTransaction",
      "MeterValues 2",
      "StopTransaction 2 Remote",
    ]);
  });
});
