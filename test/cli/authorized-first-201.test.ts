// TxStartPoint Authorized with the token before the cable (2.0.1 Part 2 §E03), from a scenario
// against the embedded central system: the authorize step names where the driver stands.
import { describe, expect, it } from "vitest";
import { passingRunMessages } from "./helpers.ts";

const PLUGGED = `version: 1
name: The token first, then the cable
chargePoint:
  id: CP-AUTH-FIRST
  connectors: 2
  config: { TxStartPoint: Authorized }
steps:
  - boot
  - authorize: { idTag: TAG-1 }
  - plugIn: { connector: 2 }
  - startTransaction: { connector: 2, idTag: TAG-1 }
  - stopTransaction: { connector: 2 }
  - unplug: { connector: 2 }
`;

const NO_CABLE = `version: 1
name: The token first, and no cable
chargePoint:
  id: CP-AUTH-FIRST
  config: { TxStartPoint: Authorized, ConnectionTimeOut: 1 }
steps:
  - boot
  - authorize: { idTag: TAG-1, connector: 1 }
  - waitForMessage: { action: TransactionEvent, expect: { eventType: Ended } }
`;

/** The token's transaction from its start to the driver's stop, one event each. */
const ONE_TRANSACTION = [
  "Started Authorized",
  "Updated CablePluggedIn",
  "Updated ChargingStateChanged",
  "Ended StopAuthorized",
];

type Event = { eventType: string; triggerReason: string; evse?: { id: number }; idToken?: unknown };

async function transactionEvents(name: string, scenario: string): Promise<Event[]> {
  const messages = await passingRunMessages(name, scenario, ["--ocpp", "2.0.1"]);
  return messages
    .filter((m) => m.dir === "out" && m.kind === "call" && m.action === "TransactionEvent")
    .map((m) => m.payload as Event);
}

describe("TxStartPoint Authorized, the token before the cable", () => {
  it("starts at the authorization and learns the EVSE from the cable", async () => {
    const events = await transactionEvents("authorized-first.yaml", PLUGGED);
    expect(events.map((e) => `${e.eventType} ${e.triggerReason}`)).toEqual(ONE_TRANSACTION);
    // Two EVSEs and no connector named: the station knows the EVSE once the cable is in.
    expect(events[0]!.evse).toBeUndefined();
    expect(events[0]!.idToken).toEqual({ idToken: "TAG-1", type: "ISO14443" });
    expect(events[1]!.evse).toEqual({ id: 2, connectorId: 1 });
  });

  it("with the cable in first, the token at the station goes on in the transaction started where its driver starts", async () => {
    const cableFirst = PLUGGED.replace(
      "  - authorize: { idTag: TAG-1 }\n  - plugIn: { connector: 2 }\n",
      "  - plugIn: { connector: 2 }\n  - authorize: { idTag: TAG-1 }\n",
    );
    expect(cableFirst).not.toBe(PLUGGED);
    const events = await transactionEvents("authorized-cable-first.yaml", cableFirst);
    expect(events.map((e) => `${e.eventType} ${e.triggerReason}`)).toEqual(ONE_TRANSACTION);
    expect(events.filter((e) => e.evse).map((e) => e.evse)).toEqual([{ id: 2, connectorId: 1 }]);
  });

  it("ends it when no cable comes within EVConnectionTimeOut", async () => {
    const events = await transactionEvents("authorized-first-timeout.yaml", NO_CABLE);
    expect(events).toEqual([
      expect.objectContaining({
        eventType: "Started",
        triggerReason: "Authorized",
        evse: { id: 1, connectorId: 1 },
      }),
      expect.objectContaining({
        eventType: "Ended",
        triggerReason: "EVConnectTimeout",
        transactionInfo: expect.objectContaining({ stoppedReason: "Timeout" }),
      }),
    ]);
  });
});
