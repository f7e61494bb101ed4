// TxStartPoint/TxStopPoint from a scenario's config: on a 2.0.1 run against the embedded central
// system, the transaction runs from plug-in to unplug; a value that is no transaction point is
// refused with file:line:col before anything connects.
import { describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/cli/run.ts";
import { cpsimInProcess, tempFile } from "./helpers.ts";

const POINTS = (start: string) => `version: 1
name: A transaction from plug-in to unplug
chargePoint:
  id: CP-POINTS
  config: { TxStartPoint: ${start}, TxStopPoint: EVConnected }
steps:
  - boot
  - plugIn
  - startTransaction: { idTag: TAG-1 }
  - stopTransaction
  - unplug
  - heartbeat
`;

describe("TxStartPoint/TxStopPoint from a scenario's config", () => {
  it("on 2.0.1 the transaction starts at plug-in and ends when the EV leaves", async () => {
    const r = await cpsimInProcess([
      "run",
      tempFile("points.yaml", POINTS("EVConnected")),
      "--ocpp",
      "2.0.1",
      "--reporter",
      "json",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const messages = (JSON.parse(r.stdout) as JsonReport).scenarios[0]!.messages;
    const events = messages
      .filter((m) => m.dir === "out" && m.kind === "call" && m.action === "TransactionEvent")
      .map((m) => m.payload as { eventType: string; triggerReason: string });
    expect(events.map((e) => `${e.eventType} ${e.triggerReason}`)).toEqual([
      "Started CablePluggedIn",
      "Updated Authorized",
      "Updated ChargingStateChanged",
      "Updated StopAuthorized",
      "Ended EVCommunicationLost",
    ]);
    expect(messages.some((m) => m.kind === "error")).toBe(false);
  });

  it("refuses a value that is no transaction point, naming where it stands", async () => {
    const file = tempFile("points-bad.yaml", POINTS("Plugged"));
    const r = await cpsimInProcess(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain(
      `${file}:5:27: chargePoint.config.TxStartPoint: "Plugged" is not one of ParkingBayOccupancy, EVConnected, Authorized, DataSigned, PowerPathClosed, EnergyTransfer`,
    );
  });
});
