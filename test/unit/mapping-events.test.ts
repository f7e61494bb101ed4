// What the model tells a version's mapping: neutral events addressed by EVSE and connector, a
// local transaction id, and the offline flag a 2.0.1 mapping sends as `offline: true`.
import { describe, expect, it } from "vitest";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import type {
  ChargePointMapping,
  DeliveryOptions,
  EvseAddress,
  LocalTransaction,
  SessionFact,
  StatusChange,
  TxEvent,
} from "../../src/ocpp/mapping.ts";
import { SimClock } from "../../src/util/clock.ts";

/** A version that numbers transactions itself, as 2.0.1 does, and records what it is told. */
class EventLog implements ChargePointMapping {
  readonly protocol = "events";
  readonly delivered: { ev: TxEvent; how?: DeliveryOptions }[] = [];
  readonly statuses: StatusChange[] = [];
  readonly facts: string[] = [];
  /** When set, a plug-in opens the reported transaction early (a TxStartPoint of EVConnected). */
  startAtPlugIn = false;

  async boot() {
    return { status: "Accepted" as const, intervalSec: 0, currentTime: new Date().toISOString() };
  }
  async heartbeat() {
    return { currentTime: new Date().toISOString() };
  }
  async statusChanged(change: StatusChange) {
    this.statuses.push(change);
  }
  async authorize() {
    return { status: "Accepted" as const };
  }
  async transaction(ev: TxEvent, how?: DeliveryOptions) {
    this.delivered.push(how ? { ev, how } : { ev });
    if (ev.kind === "started") ev.tx.id = ev.tx.localId;
    return { tokenInfo: ev.kind === "updated" ? undefined : { status: "Accepted" as const }, payload: {} };
  }
  messageOf(ev: TxEvent) {
    return `TransactionEvent(${ev.kind})`;
  }
  session(fact: SessionFact, at: EvseAddress, tx: LocalTransaction | undefined): TxEvent | undefined {
    this.facts.push(`${fact} ${at.evse}/${at.connector}${tx ? " tx" : ""}`);
    if (!this.startAtPlugIn || fact !== "EVConnected") return undefined;
    const early: LocalTransaction = {
      localId: "early",
      id: "early",
      idTag: "",
      meterStartWh: 0,
      startedAt: 0,
    };
    return { kind: "updated", tx: early, at, trigger: "CablePluggedIn", readings: [] };
  }
  async meterValues() {}
  async dataTransfer() {
    return { status: "Accepted" as const };
  }
  async firmwareStatus() {}
  async logStatus() {}
  async send() {
    return {};
  }
  async close() {}
}

async function setup(log = new EventLog()) {
  const cp = new ChargePoint({
    id: "CP1",
    connectors: 2,
    statusOnBoot: false,
    clock: new SimClock(1000),
    config: { MeterValueSampleInterval: "0" },
    dial: async () => log,
  });
  await cp.connect();
  await cp.boot();
  return { cp, log };
}

describe("the model's events to a version's mapping", () => {
  it("reports a transaction as started, updated and ended events of one local transaction on its EVSE", async () => {
    const { cp, log } = await setup();
    const started = await cp.startTransaction(2, "TAG");
    await cp.sendMeterValues(2);
    await cp.stopTransaction(2, "Remote");
    expect(log.delivered.map(({ ev }) => [ev.kind, ev.at])).toEqual([
      ["started", { evse: 2, connector: 1 }],
      ["updated", { evse: 2, connector: 1 }],
      ["ended", { evse: 2, connector: 1 }],
    ]);
    const tx = log.delivered[0]!.ev.tx;
    expect(tx.localId).toMatch(/^[0-9a-f-]{36}$/);
    // The mapping gave it the central system's id (here its own, as 2.0.1 does); the model uses that.
    expect(log.delivered.every(({ ev }) => ev.tx === tx)).toBe(true);
    expect(cp.connector(2).transaction).toBeUndefined();
    // The start's answer is what the model knows (that id, the token's verdict) beside the version's payload.
    expect(started).toEqual({ transactionId: tx.id, idTagInfo: { status: "Accepted" }, payload: {} });
    const ended = log.delivered[2]!.ev;
    expect(ended.kind === "ended" && [ended.reason, ended.idTag]).toEqual(["Remote", "TAG"]);
    // Online, first try: no delivery options at all.
    expect(log.delivered.every(({ how }) => how === undefined)).toBe(true);
  });

  it("marks the events that happened offline, and only those, when they are delivered", async () => {
    const { cp, log } = await setup();
    await cp.disconnect();
    await cp.startTransaction(1, "TAG");
    await cp.connect();
    await cp.stopTransaction(1);
    expect(log.delivered.map(({ ev, how }) => [ev.kind, how?.offline ?? false])).toEqual([
      ["started", true],
      ["ended", false],
    ]);
  });

  it("addresses statuses by EVSE and connector: 0/0 is the whole charge point", async () => {
    const { cp, log } = await setup();
    await cp.reportAllStatuses();
    expect(log.statuses.map((s) => [s.evse, s.connector, s.status])).toEqual([
      [0, 0, "Available"],
      [1, 1, "Available"],
      [2, 1, "Available"],
    ]);
  });

  it("tells the session facts, and queues the event a mapping answers one with, in order", async () => {
    const log = new EventLog();
    log.startAtPlugIn = true;
    const { cp } = await setup(log);
    await cp.plugIn(1);
    await cp.startTransaction(1, "TAG");
    await cp.unplug(1);
    expect(log.facts).toEqual([
      "EVConnected 1/1",
      "EnergyTransfer 1/1 tx",
      // The cable is out while the transaction is still open; it ends because of it.
      "EVDisconnected 1/1 tx",
      "EnergyStopped 1/1 tx",
    ]);
    expect(log.delivered.map(({ ev }) => ev.kind)).toEqual(["updated", "started", "ended"]);
  });
});
