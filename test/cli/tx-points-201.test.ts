// TxStartPoint/TxStopPoint from a scenario's config or its central system's setConfiguration, and
// the reset of one EVSE: on a 2.0.1 run against the embedded central system, checked on the wire;
// what a version cannot do is refused with file:line:col before anything connects.
import { describe, expect, it } from "vitest";
import { cpsimInProcess, passingRunMessages, tempFile } from "./helpers.ts";

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
    const messages = await passingRunMessages("points.yaml", POINTS("EVConnected"), ["--ocpp", "2.0.1"]);
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

const RESET_ONE = `version: 1
name: Reset one EVSE
chargePoint: { id: CP-RESET, connectors: 2 }
steps:
  - boot
  - centralSystemCall: { command: setConfiguration, key: TxStopPoint, value: EVConnected, expect: { status: Accepted } }
  - startTransaction: { connector: 1, idTag: TAG-1 }
  - startTransaction: { connector: 2, idTag: TAG-2 }
  - centralSystemCall: { command: reset, type: immediate, connector: 1, expect: { status: Accepted } }
  - waitForStatus: { connector: 1, status: Preparing }
  - stopTransaction: { connector: 2 }
`;

describe("the reset command with a connector", () => {
  it("on 2.0.1 resets that EVSE only: its transaction ends, the other's goes on past its driver's stop", async () => {
    const messages = await passingRunMessages("reset-one.yaml", RESET_ONE, ["--ocpp", "2.0.1"]);
    const sent = (action: string) =>
      messages
        .filter((m) => m.kind === "call" && m.action === action)
        .map((m) => m.payload as Record<string, unknown>);
    expect(sent("Reset")).toEqual([{ type: "Immediate", evseId: 1 }]);
    expect(sent("SetVariables")[0]).toMatchObject({
      setVariableData: [
        { component: { name: "TxCtrlr" }, variable: { name: "TxStopPoint" }, attributeValue: "EVConnected" },
      ],
    });
    const ends = sent("TransactionEvent").filter((e) => e.eventType === "Ended");
    expect(ends).toEqual([expect.objectContaining({ triggerReason: "ResetCommand" })]);
    // TxStopPoint EVConnected: EVSE 2's driver stopped, and its EV is still plugged in.
    expect(sent("TransactionEvent").at(-1)).toMatchObject({
      eventType: "Updated",
      triggerReason: "StopAuthorized",
    });
    expect(sent("BootNotification")).toHaveLength(1);
  });

  it("is refused on 1.6, whose Reset has no connector", async () => {
    const file = tempFile("reset-one-16.yaml", RESET_ONE);
    const r = await cpsimInProcess(["validate", file, "--ocpp", "1.6"]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain(
      `${file}:9:5: steps[4].centralSystemCall.command: OCPP 1.6: Reset resets the whole charge point; it has no reset of one connector.`,
    );
  });
});
