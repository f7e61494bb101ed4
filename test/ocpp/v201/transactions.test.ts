// The 2.0.1 transaction state machine (Part 2 §E): which TransactionEvent each happening makes
// under the TxStartPoint/TxStopPoint settings, with seqNo, chargingState, idToken, evse,
// remoteStartId, stoppedReason, meter values and the offline flag. Every event is checked
// against the official TransactionEventRequest schema.
import { describe, expect, it } from "vitest";
import { catalogOf } from "../../../src/ocpp/v201/device-model/catalog.ts";
import { DeviceModel } from "../../../src/ocpp/v201/device-model/model.ts";
import { schemasV201 } from "../../../src/ocpp/v201/schemas.ts";
import { newTransactionIdState, nextTransactionId } from "../../../src/ocpp/v201/tx/ids.ts";
import { EvseTransactions } from "../../../src/ocpp/v201/tx/machine.ts";
import { type TxSettings, txSettingsOf } from "../../../src/ocpp/v201/tx/settings.ts";
import type { Happening } from "../../../src/ocpp/v201/tx/state.ts";
import type { TransactionEventRequest } from "../../../src/ocpp/v201/types.ts";

const TOKEN = { idToken: "RFID-1", type: "ISO14443" } as const;
const T0 = Date.UTC(2026, 0, 1);

/** One EVSE driven step by step: a clock that advances a minute a step, a meter that adds 500 Wh. */
function evse(overrides: Partial<TxSettings> = {}) {
  const settings = { ...txSettingsOf(new DeviceModel(catalogOf([1]))), ...overrides };
  const ids = newTransactionIdState();
  const machine = new EvseTransactions(1, 1);
  const sent: TransactionEventRequest[] = [];
  let now = T0;
  let wh = 1000;
  const drive = { offline: false };
  const ctx = () => ({
    now,
    meter: { "Energy.Active.Import.Register": wh, "Power.Active.Import": 11_000 },
    settings,
    offline: drive.offline,
    newTransactionId: () => nextTransactionId(ids),
  });
  const check = (events: TransactionEventRequest[]) => {
    for (const e of events) {
      expect(schemasV201().validate("TransactionEvent", "request", e), JSON.stringify(e)).toBeUndefined();
    }
    sent.push(...events);
    return events;
  };
  return {
    machine,
    sent,
    drive,
    on(h: Happening) {
      now += 60_000;
      wh += 500;
      return check(machine.on(h, ctx()));
    },
    addWh(n: number) {
      wh += n;
    },
  };
}

const brief = (events: TransactionEventRequest[]) =>
  events.map((e) => [
    e.eventType,
    e.triggerReason,
    e.transactionInfo.chargingState,
    e.transactionInfo.stoppedReason,
  ]);

describe("TransactionEvent sequencing", () => {
  it("default points (PowerPathClosed / EVConnected,Authorized): a full session, token stop", () => {
    const e = evse();
    expect(e.on({ kind: "cablePlugged" })).toEqual([]);
    expect(e.on({ kind: "authorized", idToken: TOKEN })).toEqual([]);
    const [started] = e.on({ kind: "powerPathClosed", trigger: "Authorized" });
    expect(started).toMatchObject({
      eventType: "Started",
      triggerReason: "Authorized",
      seqNo: 0,
      timestamp: "2026-01-01T00:03:00.000Z",
      evse: { id: 1, connectorId: 1 },
      idToken: TOKEN,
      transactionInfo: { chargingState: "EVConnected" },
      meterValue: [
        {
          timestamp: "2026-01-01T00:03:00.000Z",
          sampledValue: [
            {
              value: 2500,
              context: "Transaction.Begin",
              measurand: "Energy.Active.Import.Register",
              unitOfMeasure: { unit: "Wh" },
            },
          ],
        },
      ],
    });
    expect(started!.offline).toBeUndefined();
    expect(brief(e.on({ kind: "energyTransferStarted" }))).toEqual([
      ["Updated", "ChargingStateChanged", "Charging", undefined],
    ]);
    const [periodic] = e.on({ kind: "meterSampleDue" });
    expect(periodic).toMatchObject({ eventType: "Updated", triggerReason: "MeterValuePeriodic", seqNo: 2 });
    expect(periodic!.meterValue![0]!.sampledValue[0]).toMatchObject({
      value: 3500,
      context: "Sample.Periodic",
    });
    // Neither the evse nor the token is repeated, nor an unchanged chargingState.
    expect(periodic!.evse ?? periodic!.idToken ?? periodic!.transactionInfo.chargingState).toBeUndefined();
    const [ended] = e.on({ kind: "stopAuthorized", idToken: TOKEN });
    expect(ended).toMatchObject({
      eventType: "Ended",
      triggerReason: "StopAuthorized",
      seqNo: 3,
      transactionInfo: {
        transactionId: started!.transactionInfo.transactionId,
        chargingState: "EVConnected",
        stoppedReason: "Local",
      },
    });
    expect(ended!.meterValue!.map((m) => m.sampledValue[0]!.context)).toEqual([
      "Transaction.Begin",
      "Transaction.End",
    ]);
    // Unplugging afterwards is no event; the next session is a new transaction with a new id.
    expect(e.on({ kind: "cableUnplugged" })).toEqual([]);
    e.on({ kind: "cablePlugged" });
    e.on({ kind: "authorized", idToken: TOKEN });
    const [again] = e.on({ kind: "powerPathClosed" });
    expect(again).toMatchObject({ eventType: "Started", seqNo: 0, triggerReason: "ChargingStateChanged" });
    expect(again!.transactionInfo.transactionId).not.toBe(started!.transactionInfo.transactionId);
    expect(again!.transactionInfo.transactionId.length).toBeLessThanOrEqual(36);
  });

  it("EVConnected start and stop: Started at plug-in, Authorized updates, a remote stop ends only at unplug", () => {
    const e = evse({ startPoints: ["EVConnected"], stopPoints: ["EVConnected"] });
    expect(brief(e.on({ kind: "cablePlugged" }))).toEqual([
      ["Started", "CablePluggedIn", "EVConnected", undefined],
    ]);
    expect(e.sent[0]!.idToken).toBeUndefined();
    const [auth] = e.on({ kind: "authorized", idToken: TOKEN });
    expect(auth).toMatchObject({
      eventType: "Updated",
      triggerReason: "Authorized",
      idToken: TOKEN,
      seqNo: 1,
    });
    expect(e.on({ kind: "powerPathClosed" })).toEqual([]);
    expect(brief(e.on({ kind: "energyTransferStarted" }))).toEqual([
      ["Updated", "ChargingStateChanged", "Charging", undefined],
    ]);
    expect(brief(e.on({ kind: "suspendedEV" }))).toEqual([
      ["Updated", "ChargingStateChanged", "SuspendedEV", undefined],
    ]);
    expect(brief(e.on({ kind: "remoteStop" }))).toEqual([
      ["Updated", "RemoteStop", "EVConnected", undefined],
    ]);
    // The stoppedReason is what stopped the energy, not the unplugging that closed the books.
    expect(brief(e.on({ kind: "cableUnplugged" }))).toEqual([
      ["Ended", "EVCommunicationLost", "Idle", "Remote"],
    ]);
    expect(e.sent.map((x) => x.seqNo)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("Authorized start with a stop point not yet met: waiting for the cable does not end it", () => {
    const e = evse({ startPoints: ["Authorized"], stopPoints: ["EVConnected", "Authorized"] });
    expect(brief(e.on({ kind: "authorized", idToken: TOKEN }))).toEqual([
      ["Started", "Authorized", "Idle", undefined],
    ]);
    expect(brief(e.on({ kind: "meterSampleDue" }))).toEqual([
      ["Updated", "MeterValuePeriodic", undefined, undefined],
    ]);
    expect(brief(e.on({ kind: "cablePlugged" }))).toEqual([
      ["Updated", "CablePluggedIn", "EVConnected", undefined],
    ]);
    expect(brief(e.on({ kind: "cableUnplugged" }))).toEqual([
      ["Ended", "EVCommunicationLost", "Idle", "EVDisconnected"],
    ]);
  });

  it("RequestStartTransaction: remoteStartId in the first event; no cable in time ends it with Timeout", () => {
    const e = evse({ startPoints: ["Authorized"] });
    const [started] = e.on({ kind: "remoteStart", idToken: TOKEN, remoteStartId: 7 });
    expect(started).toMatchObject({
      eventType: "Started",
      triggerReason: "RemoteStart",
      idToken: TOKEN,
      transactionInfo: { remoteStartId: 7 },
    });
    expect(brief(e.on({ kind: "connectionTimeout" }))).toEqual([
      ["Ended", "EVConnectTimeout", undefined, "Timeout"],
    ]);

    const d = evse();
    expect(d.on({ kind: "remoteStart", idToken: TOKEN, remoteStartId: 8 })).toEqual([]);
    d.on({ kind: "cablePlugged" });
    const [later] = d.on({ kind: "powerPathClosed", trigger: "RemoteStart" });
    expect(later).toMatchObject({
      triggerReason: "RemoteStart",
      transactionInfo: { remoteStartId: 8 },
      idToken: TOKEN,
    });
    expect(d.on({ kind: "meterSampleDue" })[0]!.transactionInfo.remoteStartId).toBeUndefined();
  });

  it("events produced while offline say offline: true", () => {
    const e = evse({ startPoints: ["EVConnected"] });
    e.drive.offline = true;
    expect(e.on({ kind: "cablePlugged" })[0]!.offline).toBe(true);
    e.drive.offline = false;
    expect(e.on({ kind: "authorized", idToken: TOKEN })[0]!.offline).toBeUndefined();
  });

  it("an Immediate reset ends it; TxEndedInterval samples go into Ended", () => {
    const e = evse({
      endedIntervalSec: 60,
      endedMeasurands: ["Energy.Active.Import.Register", "Power.Active.Import"],
    });
    e.on({ kind: "cablePlugged" });
    e.on({ kind: "authorized", idToken: TOKEN });
    e.on({ kind: "powerPathClosed" });
    e.on({ kind: "meterSampleDue" });
    e.on({ kind: "meterSampleDue" });
    const [ended] = e.on({ kind: "reset" });
    expect(brief([ended!])).toEqual([["Ended", "ResetCommand", undefined, "ImmediateReset"]]);
    expect(
      ended!.meterValue!.map((m) => [
        m.sampledValue[0]!.context,
        m.sampledValue[0]!.value,
        m.sampledValue.length,
      ]),
    ).toEqual([
      ["Transaction.Begin", 2500, 2],
      ["Sample.Periodic", 3000, 2],
      ["Sample.Periodic", 3500, 2],
      ["Transaction.End", 4000, 2],
    ]);
  });

  it("a reset and a connection timeout end the transaction whatever the stop points", () => {
    const e = evse({ startPoints: ["Authorized"], stopPoints: ["EVConnected"] });
    e.on({ kind: "authorized", idToken: TOKEN });
    expect(brief(e.on({ kind: "connectionTimeout" }))).toEqual([
      ["Ended", "EVConnectTimeout", undefined, "Timeout"],
    ]);
    e.on({ kind: "authorized", idToken: TOKEN });
    e.on({ kind: "cablePlugged" });
    expect(brief(e.on({ kind: "reset" }))).toEqual([["Ended", "ResetCommand", undefined, "ImmediateReset"]]);
    // The EV still plugged in after the reset starts no new transaction on its own.
    expect(e.on({ kind: "meterSampleDue" })).toEqual([]);
  });

  it("TriggerMessage(TransactionEvent) gives an Updated with Trigger readings; nothing without a transaction", () => {
    const e = evse({ startPoints: ["EVConnected"] });
    expect(e.on({ kind: "triggered" })).toEqual([]);
    e.on({ kind: "cablePlugged" });
    const [t] = e.on({ kind: "triggered" });
    expect(t).toMatchObject({ eventType: "Updated", triggerReason: "Trigger" });
    expect(t!.meterValue![0]!.sampledValue[0]!.context).toBe("Trigger");
  });

  it("its state is plain JSON: a restored machine carries on the same transaction and seqNo", () => {
    const e = evse({ startPoints: ["EVConnected"] });
    e.on({ kind: "cablePlugged" });
    e.on({ kind: "authorized", idToken: TOKEN });
    const restored = new EvseTransactions(1, 1, JSON.parse(JSON.stringify(e.machine.state)));
    const settings = {
      ...txSettingsOf(new DeviceModel(catalogOf([1]))),
      startPoints: ["EVConnected" as const],
    };
    const [next] = restored.on(
      { kind: "meterSampleDue" },
      { now: T0, meter: {}, settings, offline: false, newTransactionId: () => "unused" },
    );
    expect(next).toMatchObject({ seqNo: 2, transactionInfo: { transactionId: e.machine.transactionId } });
    expect(next!.meterValue).toBeUndefined();
  });
});
