// MaxEnergyOnInvalidId on the wire: a token the central system refuses once its transaction runs,
// with StopTransactionOnInvalidId false, charges until that many Wh more are delivered, then the
// charger stops offering energy (SuspendedEVSE) and the transaction stays open. Against ocpp-rpc
// in strict mode, 1.6 and 2.0.1; the settings are set over the wire as a central system does.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { persistentChargePoint } from "../../src/chargepoint/persistence/attach.ts";
import { StateStore } from "../../src/chargepoint/persistence/store.ts";
import { dialerFor } from "../../src/ocpp/dial.ts";
import { SimClock } from "../../src/util/clock.ts";
import { defaultScheduler } from "../../src/util/scheduler.ts";
import {
  closeChargePoint,
  type LoggedCall,
  makeChargePoint,
  type OcppRpcCsms,
  startOcppRpcCsms,
  type TestChargePoint,
} from "./helpers.ts";
import { type OcppRpcCsms201, stationOnOcppRpc201 } from "./ocpp-rpc-201.ts";

// biome-ignore lint/suspicious/noExplicitAny: wire payloads, read by path in assertions
type Payload = Record<string, any>;

const ALLOWANCE_WH = 5000;
// 11 kW at an hour a second: the allowance lasts about half a second, sampled every 5 minutes.
const CLOCK = () => new SimClock(3600);
const SAMPLE_SEC = "300";

let t: TestChargePoint | undefined;
let csms: OcppRpcCsms | undefined;
let rpc: OcppRpcCsms201 | undefined;
let store: StateStore | undefined;
afterEach(async () => {
  await closeChargePoint(t);
  t = undefined;
  await store?.close();
  store = undefined;
  await csms?.close();
  csms = undefined;
  await rpc?.close();
  rpc = undefined;
});

/** A 1.6 charge point booted against ocpp-rpc that refuses "BAD", configured by ChangeConfiguration. */
async function booted16(config: Record<string, string>) {
  csms = await startOcppRpcCsms({ authorize: (idTag) => (idTag === "BAD" ? "Invalid" : "Accepted") });
  t = makeChargePoint(csms.url, {
    clock: CLOCK(),
    meterStartWh: 1000,
    config: { MeterValueSampleInterval: SAMPLE_SEC },
  });
  const client = csms.nextClient();
  await t.cp.connect();
  await t.cp.boot();
  const server = await client;
  for (const [key, value] of Object.entries(config))
    expect(await server.call("ChangeConfiguration", { key, value })).toEqual({ status: "Accepted" });
  return { cp: t.cp, server, log: csms.log };
}

const energy16 = (c: LoggedCall): number => Number((c.params as Payload).meterValue[0].sampledValue[0].value);
const suspended16 = (c: LoggedCall) => c.params.status === "SuspendedEVSE";

describe("MaxEnergyOnInvalidId over 1.6-J (ocpp-rpc strict)", () => {
  it("charges the allowance after the refusal, then SuspendedEVSE with the transaction still open", async () => {
    const { cp, server, log } = await booted16({
      StopTransactionOnInvalidId: "false",
      MaxEnergyOnInvalidId: String(ALLOWANCE_WH),
    });
    expect(await server.call("GetConfiguration", { key: ["MaxEnergyOnInvalidId"] })).toEqual({
      configurationKey: [{ key: "MaxEnergyOnInvalidId", readonly: false, value: String(ALLOWANCE_WH) }],
    });

    const answer = await cp.startTransaction(1, "BAD");
    expect(answer).toMatchObject({ idTagInfo: { status: "Invalid" } });
    await log.waitForCount("StatusNotification", 1, suspended16);
    const suspendedAt = log.calls.findIndex((c) => c.action === "StatusNotification" && suspended16(c));
    // The meter goes on being read while the transaction is open, and no longer rises.
    await log.waitForCount("MeterValues", log.of("MeterValues").length + 2);
    const readings = log.calls.filter((c) => c.action === "MeterValues");
    const after = log.calls.slice(suspendedAt).filter((c) => c.action === "MeterValues");
    expect(after.length).toBeGreaterThanOrEqual(2);
    for (const c of after) expect(energy16(c)).toBe(1000 + ALLOWANCE_WH);
    for (const c of readings) expect(energy16(c)).toBeLessThanOrEqual(1000 + ALLOWANCE_WH);
    expect(cp.connector(1).status).toBe("SuspendedEVSE");
    expect(cp.connector(1).meter.power).toBe(0);
    expect(cp.connector(1).transaction).toBeDefined();
    expect(log.actions).not.toContain("StopTransaction");
    // The EV asking for power again gets none, nor does a fault that clears bring it back.
    cp.setPower(1, 7000);
    expect(cp.connector(1).meter.power).toBe(0);
    await cp.fault(1);
    await cp.clearFault(1);
    expect(cp.connector(1).status).toBe("SuspendedEVSE");
    expect(cp.connector(1).meter.power).toBe(0);

    await cp.stopTransaction(1);
    expect(log.of("StopTransaction")[0]!.params).toMatchObject({
      meterStop: 1000 + ALLOWANCE_WH,
      reason: "Local",
    });
    expect(csms!.strictFailures).toEqual([]);
    expect(t!.problems).toEqual([]);
  });

  it("a start queued offline and refused on reconnection gets the allowance counted from the refusal", async () => {
    const { cp, log } = await booted16({
      StopTransactionOnInvalidId: "false",
      MaxEnergyOnInvalidId: String(ALLOWANCE_WH),
    });
    await cp.disconnect();
    expect(await cp.startTransaction(1, "BAD")).toEqual({ queued: true });
    // Charging offline before the central system can say no: some minutes at an hour a second.
    await defaultScheduler.sleep(50);
    const beforeRefusalWh = cp.connector(1).meter.energyWh(cp.clock.now());
    expect(beforeRefusalWh).toBeGreaterThan(1000);
    await cp.connect();
    await log.waitForCount("StatusNotification", 1, suspended16);
    await cp.stopTransaction(1);
    const { meterStop } = log.of("StopTransaction")[0]!.params as Payload;
    expect(meterStop).toBeGreaterThanOrEqual(Math.round(beforeRefusalWh) + ALLOWANCE_WH);
    expect(csms!.strictFailures).toEqual([]);
  });

  it("with no allowance (0, the default) only the energy stops, at once", async () => {
    const { cp, log } = await booted16({ StopTransactionOnInvalidId: "false" });
    await cp.startTransaction(1, "BAD");
    await log.waitForCount("StatusNotification", 1, suspended16);
    expect(cp.connector(1).transaction).toBeDefined();
    await cp.stopTransaction(1);
    expect(log.of("StopTransaction")[0]!.params).toMatchObject({ meterStop: 1000, reason: "Local" });
    expect(csms!.strictFailures).toEqual([]);
  });

  it("with StopTransactionOnInvalidId true the allowance does not apply: DeAuthorized at once", async () => {
    const { cp, log } = await booted16({ MaxEnergyOnInvalidId: String(ALLOWANCE_WH) });
    await cp.startTransaction(1, "BAD");
    expect(cp.connector(1).transaction).toBeUndefined();
    expect(log.of("StopTransaction")[0]!.params).toMatchObject({ reason: "DeAuthorized" });
    expect(log.calls.some((c) => c.action === "StatusNotification" && suspended16(c))).toBe(false);
    expect(csms!.strictFailures).toEqual([]);
  });
});

const events201 = (): Payload[] => rpc!.log.of("TransactionEvent").map((c) => c.params);
const energy201 = (e: Payload): number => Number(e.meterValue[0].sampledValue[0].value);

/** A 2.0.1 station whose CSMS refuses every token, TxCtrlr set by SetVariables. */
async function booted201(stopTxOnInvalidId: string) {
  const station = await stationOnOcppRpc201(
    { meterStartWh: 1000, config: { MeterValueSampleInterval: SAMPLE_SEC } },
    { authorize: () => "Invalid" },
  );
  ({ rpc, t } = station);
  const set = (await station.server.call("SetVariables", {
    setVariableData: [
      {
        component: { name: "TxCtrlr" },
        variable: { name: "StopTxOnInvalidId" },
        attributeValue: stopTxOnInvalidId,
      },
      {
        component: { name: "TxCtrlr" },
        variable: { name: "MaxEnergyOnInvalidId" },
        attributeValue: String(ALLOWANCE_WH),
      },
    ],
  })) as Payload;
  expect(set.setVariableResult.map((r: Payload) => r.attributeStatus)).toEqual(["Accepted", "Accepted"]);
  const got = (await station.server.call("GetVariables", {
    getVariableData: [{ component: { name: "TxCtrlr" }, variable: { name: "MaxEnergyOnInvalidId" } }],
  })) as Payload;
  expect(got.getVariableResult[0]).toMatchObject({
    attributeStatus: "Accepted",
    attributeValue: String(ALLOWANCE_WH),
  });
  return station.t.cp;
}

describe("TxCtrlr.MaxEnergyOnInvalidId over 2.0.1 (ocpp-rpc strict)", () => {
  it("charges the allowance, then Updated EnergyLimitReached, SuspendedEVSE; the transaction stays open", async () => {
    const cp = await booted201("false");
    await cp.startTransaction(1, "TAG-BAD");
    const limit = (c: LoggedCall) => c.params.triggerReason === "EnergyLimitReached";
    await rpc!.log.waitForCount("TransactionEvent", 1, limit);
    const at = events201().findIndex((e) => e.triggerReason === "EnergyLimitReached");
    expect(events201()[at]).toMatchObject({
      eventType: "Updated",
      transactionInfo: { chargingState: "SuspendedEVSE" },
    });
    await rpc!.log.waitForCount("TransactionEvent", at + 3);
    const periodic = events201().filter((e) => e.triggerReason === "MeterValuePeriodic");
    const after = events201()
      .slice(at)
      .filter((e) => e.triggerReason === "MeterValuePeriodic");
    expect(after.length).toBeGreaterThanOrEqual(2);
    for (const e of after) expect(energy201(e)).toBe(1000 + ALLOWANCE_WH);
    for (const e of periodic) expect(energy201(e)).toBeLessThanOrEqual(1000 + ALLOWANCE_WH);
    expect(events201().some((e) => e.eventType === "Ended")).toBe(false);
    expect(cp.connector(1).transaction).toBeDefined();

    await cp.stopTransaction(1);
    const ended = events201().at(-1)!;
    expect(ended).toMatchObject({ eventType: "Ended", transactionInfo: { stoppedReason: "Local" } });
    expect(rpc!.strictFailures).toEqual([]);
    expect(t!.problems).toEqual([]);
  });

  it("with StopTxOnInvalidId true the transaction ends at once, Deauthorized", async () => {
    const cp = await booted201("true");
    await cp.startTransaction(1, "TAG-BAD");
    expect(cp.connector(1).transaction).toBeUndefined();
    expect(events201().map((e) => `${e.eventType} ${e.triggerReason}`)).toEqual([
      "Started Authorized",
      "Ended Deauthorized",
    ]);
    expect(rpc!.strictFailures).toEqual([]);
  });
});

describe("MaxEnergyOnInvalidId with --state-dir", () => {
  it("a restart in the middle of the allowance carries it on to the same cap", async () => {
    csms = await startOcppRpcCsms({ authorize: () => "Invalid" });
    store = StateStore.open(mkdtempSync(join(tmpdir(), "cpsim-maxenergy-")));
    const opts = {
      id: "CP-ALLOWANCE",
      clock: CLOCK(),
      config: {
        MeterValueSampleInterval: "0",
        StopTransactionOnInvalidId: "false",
        MaxEnergyOnInvalidId: String(ALLOWANCE_WH),
      },
      dial: dialerFor({ url: csms.url, version: "1.6" }),
    };
    const first = persistentChargePoint(store, opts, undefined).cp;
    await first.connect();
    await first.boot();
    await first.startTransaction(1, "BAD");
    // Killed long before the allowance is spent (it lasts half a second of real time).
    first.shutdown();
    await first.disconnect();
    expect(first.connector(1).status).toBe("Charging");
    await store.flush();
    store.untrack(opts.id);

    const again = persistentChargePoint(store, opts, store.load(opts.id)).cp;
    t = { cp: again, problems: [], events: [] };
    expect(again.connector(1).transaction?.invalidIdCapWh).toBe(ALLOWANCE_WH);
    await again.connect();
    await again.boot();
    await csms.log.waitForCount("StatusNotification", 1, suspended16);
    await again.stopTransaction(1);
    expect(csms.log.of("StopTransaction")[0]!.params).toMatchObject({ meterStop: ALLOWANCE_WH });
    expect(csms.strictFailures).toEqual([]);
  });
});
