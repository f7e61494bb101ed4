// The 2.0.1 station's own reports, transaction points and EVSE reset against cpsim's embedded
// central system, which validates every frame both ways against the official schemas: each
// message answered with a result, none with a CALLERROR.
import { afterEach, describe, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { SimClock } from "../../src/util/clock.ts";
import { closeChargePoint, makeChargePoint, type TestChargePoint } from "./helpers.ts";

// biome-ignore lint/suspicious/noExplicitAny: wire payloads, read by path in assertions
type Payload = Record<string, any>;

let t: TestChargePoint | undefined;
let cs: CentralSystem | undefined;
afterEach(async () => {
  await closeChargePoint(t);
  t = undefined;
  await cs?.close();
  cs = undefined;
});

const ID = "CP-IT-001";

async function booted() {
  cs = await CentralSystem.start({ heartbeatIntervalSec: 86_400 });
  t = makeChargePoint(cs.url, {
    clock: new SimClock(3600),
    config: { MeterValueSampleInterval: "0" },
    link: { version: "2.0.1" },
  });
  await t.cp.connect();
  await t.cp.boot();
  return t.cp;
}

const calls = (action: string): Payload[] =>
  cs!.messages
    .filter((m) => m.dir === "in" && m.kind === "call" && m.action === action)
    .map((m) => m.payload as Payload);

/** Resolves once the station has sent `n` calls of `action`. */
const sent = (action: string, n: number) => cs!.waitFor(() => calls(action).length >= n);

describe("2.0.1 station reports against the embedded central system", () => {
  it("security event, NotifyEvent, ReservationStatusUpdate and TxStartPoint EVConnected, each answered with a result", async () => {
    const cp = await booted();
    expect(calls("SecurityEventNotification").map((p) => p.type)).toEqual(["StartupOfTheDevice"]);
    await cp.fault(1, "HighTemperature");
    await cp.clearFault(1);
    expect(calls("NotifyEvent").map((p) => p.eventData[0].actualValue)).toEqual(["Faulted", "Available"]);

    const expiryDateTime = new Date(cp.clock.now() + 600_000).toISOString();
    await cs!.call(ID, "ReserveNow", {
      id: 3,
      expiryDateTime,
      idToken: { idToken: "T", type: "ISO14443" },
      evseId: 1,
    });
    await sent("ReservationStatusUpdate", 1);
    expect(calls("ReservationStatusUpdate")).toEqual([
      { reservationId: 3, reservationUpdateStatus: "Expired" },
    ]);

    const set = (await cs!.call(ID, "SetVariables", {
      setVariableData: [
        { component: { name: "TxCtrlr" }, variable: { name: "TxStartPoint" }, attributeValue: "EVConnected" },
      ],
    })) as Payload;
    expect(set.setVariableResult[0].attributeStatus).toBe("Accepted");
    await cp.plugIn(1);
    await sent("TransactionEvent", 1);
    await cp.startTransaction(1, "TAG-1");
    await cp.stopTransaction(1);
    const events = calls("TransactionEvent");
    expect(events.map((e) => `${e.eventType} ${e.triggerReason}`)).toEqual([
      "Started CablePluggedIn",
      "Updated Authorized",
      "Updated ChargingStateChanged",
      "Ended StopAuthorized",
    ]);
    expect(events[1]).toMatchObject({ idToken: { idToken: "TAG-1" } });
    expect(new Set(events.map((e) => e.transactionInfo.transactionId)).size).toBe(1);
    expect(cs!.messages.filter((m) => m.dir === "out" && m.kind === "error")).toEqual([]);
    expect(t!.problems).toEqual([]);
  });

  it("a Reset of one EVSE ends its transaction and reboots nothing", async () => {
    const cp = await booted();
    await cp.startTransaction(1, "TAG-1");
    expect(await cs!.call(ID, "Reset", { type: "Immediate", evseId: 1 })).toEqual({ status: "Accepted" });
    await cs!.waitFor(() => calls("StatusNotification").some((p) => p.connectorStatus === "Unavailable"));
    await cs!.waitFor(() => calls("StatusNotification").at(-1)?.connectorStatus === "Occupied");
    expect(calls("TransactionEvent").at(-1)).toMatchObject({
      eventType: "Ended",
      triggerReason: "ResetCommand",
      transactionInfo: { stoppedReason: "ImmediateReset" },
    });
    expect(calls("BootNotification")).toHaveLength(1);
    expect(cs!.messages.filter((m) => m.dir === "out" && m.kind === "error")).toEqual([]);
  });
});
