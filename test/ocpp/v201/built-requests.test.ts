// The TransactionEvent requests a 2.0.1 station built of an event and sends again as they were
// (TxEvent.built): read back from a state file they are plain objects, so the mapping checks them
// before it treats them as requests.
import { describe, expect, it } from "vitest";
import type { TxEvent } from "../../../src/ocpp/mapping.ts";
import { catalogOf } from "../../../src/ocpp/v201/device-model/catalog.ts";
import { DeviceModel } from "../../../src/ocpp/v201/device-model/model.ts";
import { builtRequests } from "../../../src/ocpp/v201/tx/from-model.ts";
import { EvseTransactions } from "../../../src/ocpp/v201/tx/machine.ts";
import { txSettingsOf } from "../../../src/ocpp/v201/tx/settings.ts";

const tx = { localId: "L-1", id: undefined, idTag: "T1", meterStartWh: 0, startedAt: 0 };
const at = { evse: 1, connector: 1 };
const started = (built?: object[]): TxEvent => ({
  kind: "started",
  tx,
  at,
  trigger: "Authorized",
  timestamp: 0,
  built,
});

/** A Started as the machine makes it, through JSON as a state file keeps it. */
function savedStarted(): object[] {
  const machine = new EvseTransactions(1, 1);
  const ctx = {
    now: 0,
    meter: { "Energy.Active.Import.Register": 0 },
    settings: { ...txSettingsOf(new DeviceModel(catalogOf([1]))), startPoints: ["EVConnected" as const] },
    offline: false,
    newTransactionId: () => "TX-1",
  };
  return JSON.parse(JSON.stringify(machine.on({ kind: "cablePlugged" }, ctx)));
}

describe("builtRequests", () => {
  it("is undefined before a first attempt, and gives back what was built", () => {
    expect(builtRequests(started())).toBeUndefined();
    const built = savedStarted();
    expect(built).toMatchObject([
      { eventType: "Started", seqNo: 0, transactionInfo: { transactionId: "TX-1" } },
    ]);
    expect(builtRequests(started(built))).toBe(built);
  });

  it.each([
    ["an empty object", [{}]],
    ["no transactionId", [{ eventType: "Started", seqNo: 0, transactionInfo: {} }]],
    [
      "a seqNo that is a string",
      [{ eventType: "Started", seqNo: "0", transactionInfo: { transactionId: "T" } }],
    ],
  ])("refuses %s in one sentence rather than sending it", (_what, built) => {
    expect(() => builtRequests(started(built))).toThrow(
      /^the TransactionEvent saved to be sent again is malformed$/,
    );
  });
});
