// cpsim against an independent OCPP 1.6-J central system: ocpp-rpc's RPCServer in strict mode,
// which validates every payload both ways against its own copy of the 1.6 schemas. A payload it
// dislikes is answered with a CALLERROR, which makes cpsim's call reject, so every awaited call
// that resolves here is also a schema check by a second implementation.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/load.ts";
import { runScenario } from "../../src/scenario/runner.ts";
import { SimClock } from "../../src/util/clock.ts";
import {
  BASIC_SCENARIO,
  closeChargePoint,
  expectIsoTimestamp,
  HEARTBEAT_INTERVAL,
  makeChargePoint,
  OCPP_RPC_TRANSACTION_ID,
  type OcppRpcCsms,
  startOcppRpcCsms,
  type TestChargePoint,
} from "./helpers.ts";

async function rpcErrorCode(promise: Promise<unknown>): Promise<string> {
  const err = (await promise.then(
    () => expect.fail("expected the call to fail"),
    (e: unknown) => e,
  )) as { rpcErrorCode?: string };
  return err.rpcErrorCode ?? "(none)";
}

describe("cpsim against ocpp-rpc (strict mode)", () => {
  let csms: OcppRpcCsms;
  let t: TestChargePoint | undefined;

  beforeEach(async () => {
    csms = await startOcppRpcCsms();
  });

  afterEach(async () => {
    await closeChargePoint(t);
    t = undefined;
    await csms.close();
  });

  it("runs a full charging session that ocpp-rpc accepts message by message", async () => {
    // A fast clock makes the meter move between start and stop; sampling is off so the order is exact.
    t = makeChargePoint(csms.url, {
      clock: new SimClock(3600),
      meterStartWh: 1000,
      config: {
        MeterValueSampleInterval: "0",
        MeterValuesSampledData: "Energy.Active.Import.Register,Voltage",
      },
    });
    const { cp } = t;
    await cp.connect();
    const boot = await cp.boot();
    expect(boot).toMatchObject({ status: "Accepted", intervalSec: HEARTBEAT_INTERVAL });
    expect(cp.config.get("HeartbeatInterval")).toBe(String(HEARTBEAT_INTERVAL));
    expect(await cp.authorize("TAG-0001")).toEqual({ status: "Accepted" });
    const started = await cp.startTransaction(1, "TAG-0001");
    expect(started.transactionId).toBe(OCPP_RPC_TRANSACTION_ID);
    await cp.sendMeterValues(1);
    await cp.sendMeterValues(1);
    await cp.sendMeterValues(1);
    await cp.stopTransaction(1, "Local");
    await cp.unplug(1);
    expectIsoTimestamp(await cp.heartbeat());

    const { log } = csms;
    expect(log.actions).toEqual([
      "BootNotification",
      "StatusNotification",
      "StatusNotification",
      "Authorize",
      "StatusNotification",
      "StartTransaction",
      "StatusNotification",
      "MeterValues",
      "MeterValues",
      "MeterValues",
      "StopTransaction",
      "StatusNotification",
      "StatusNotification",
      "Heartbeat",
    ]);
    expect(log.of("BootNotification")[0]!.params).toMatchObject({
      chargePointVendor: "cpsim",
      chargePointModel: "Virtual AC 22",
      chargePointSerialNumber: "CP-IT-001",
    });
    const statuses = log.of("StatusNotification").map((c) => `${c.params.connectorId}:${c.params.status}`);
    expect(statuses).toEqual([
      "0:Available",
      "1:Available",
      "1:Preparing",
      "1:Charging",
      "1:Finishing",
      "1:Available",
    ]);
    for (const c of log.of("StatusNotification")) {
      expect(c.params.errorCode).toBe("NoError");
      expectIsoTimestamp(c.params.timestamp);
    }

    const start = log.of("StartTransaction")[0]!.params;
    expect(start).toMatchObject({ connectorId: 1, idTag: "TAG-0001", meterStart: 1000 });
    expectIsoTimestamp(start.timestamp);
    const stop = log.of("StopTransaction")[0]!.params;
    expect(stop).toMatchObject({
      transactionId: OCPP_RPC_TRANSACTION_ID,
      idTag: "TAG-0001",
      reason: "Local",
    });
    expectIsoTimestamp(stop.timestamp);
    const meterStart = start.meterStart as number;
    const meterStop = stop.meterStop as number;
    expect(meterStop).toBeGreaterThanOrEqual(meterStart);
    expect(Date.parse(stop.timestamp as string)).toBeGreaterThanOrEqual(
      Date.parse(start.timestamp as string),
    );

    // Each MeterValues belongs to the transaction and reads an energy register between start and stop.
    let previous = meterStart;
    for (const { params } of log.of("MeterValues")) {
      expect(params).toMatchObject({ connectorId: 1, transactionId: OCPP_RPC_TRANSACTION_ID });
      const [value] = params.meterValue as { timestamp: string; sampledValue: Record<string, string>[] }[];
      expectIsoTimestamp(value!.timestamp);
      const energy = value!.sampledValue.find((s) => s.measurand === "Energy.Active.Import.Register")!;
      expect(energy).toMatchObject({ unit: "Wh", context: "Sample.Periodic", location: "Outlet" });
      expect(value!.sampledValue.find((s) => s.measurand === "Voltage")).toMatchObject({
        value: "230",
        unit: "V",
      });
      const wh = Number(energy.value);
      expect(wh).toBeGreaterThanOrEqual(previous);
      expect(wh).toBeLessThanOrEqual(meterStop);
      previous = wh;
    }

    expect(csms.strictFailures).toEqual([]);
    expect(csms.badMessages).toEqual([]);
    expect(t.problems).toEqual([]);
  });

  it("sends periodic MeterValues on a simulated clock until the transaction stops", async () => {
    // MeterValueSampleInterval 1 s at time scale 20 is one sample every 50 ms of real time.
    t = makeChargePoint(csms.url, {
      clock: new SimClock(20),
      config: {
        MeterValueSampleInterval: "1",
        StopTxnSampledData: "Energy.Active.Import.Register,Current.Import",
      },
    });
    const { cp } = t;
    await cp.connect();
    await cp.boot();
    await cp.startTransaction(1, "TAG-0002");
    const periodic = (c: { params: Record<string, unknown> }) =>
      c.params.transactionId === OCPP_RPC_TRANSACTION_ID;
    await csms.log.waitForCount("MeterValues", 3, periodic);
    await cp.stopTransaction(1);

    const actions = csms.log.actions;
    const stopAt = actions.indexOf("StopTransaction");
    expect(actions.slice(0, stopAt).filter((a) => a === "MeterValues").length).toBeGreaterThanOrEqual(3);
    // Sampling stops with the transaction: nothing but the Finishing status follows StopTransaction.
    expect(actions.slice(stopAt)).toEqual(["StopTransaction", "StatusNotification"]);
    expect(cp.connector(1).sampler).toBeUndefined();
    // StopTxnSampledData adds transactionData: the register at the start, the measurands at the end.
    const stop = csms.log.of("StopTransaction")[0]!.params;
    const data = stop.transactionData as { sampledValue: Record<string, string>[] }[];
    expect(data.map((d) => d.sampledValue.map((v) => `${v.context} ${v.measurand}`))).toEqual([
      ["Transaction.Begin Energy.Active.Import.Register"],
      ["Transaction.End Energy.Active.Import.Register", "Transaction.End Current.Import"],
    ]);
    expect(data[1]!.sampledValue[0]!.value).toBe(String(stop.meterStop));
    expect(csms.strictFailures).toEqual([]);
    expect(t.problems).toEqual([]);
  });

  it("answers GetConfiguration and ChangeConfiguration from ocpp-rpc with schema-valid payloads", async () => {
    t = makeChargePoint(csms.url);
    const clientP = csms.nextClient();
    await t.cp.connect();
    await t.cp.boot();
    const client = await clientP;

    expect(await client.call("GetConfiguration", { key: ["HeartbeatInterval", "NoSuchKey"] })).toEqual({
      configurationKey: [{ key: "HeartbeatInterval", readonly: false, value: String(HEARTBEAT_INTERVAL) }],
      unknownKey: ["NoSuchKey"],
    });
    const all = (await client.call("GetConfiguration", {})) as {
      configurationKey: { key: string; readonly: boolean; value?: string }[];
      unknownKey?: string[];
    };
    expect(all.unknownKey).toBeUndefined();
    expect(all.configurationKey).toContainEqual({ key: "NumberOfConnectors", readonly: true, value: "1" });
    expect(all.configurationKey.length).toBeGreaterThan(20);

    const change = (key: string, value: string) => client.call("ChangeConfiguration", { key, value });
    expect(await change("HeartbeatInterval", "abc")).toEqual({ status: "Rejected" });
    expect(await change("NoSuchKey", "1")).toEqual({ status: "NotSupported" });
    expect(await change("NumberOfConnectors", "2")).toEqual({ status: "Rejected" });
    expect(await change("MeterValueSampleInterval", "30")).toEqual({ status: "Accepted" });
    expect(await client.call("GetConfiguration", { key: ["MeterValueSampleInterval"] })).toEqual({
      configurationKey: [{ key: "MeterValueSampleInterval", readonly: false, value: "30" }],
    });
    expect(t.events).toContainEqual({
      type: "configChanged",
      cp: "CP-IT-001",
      key: "MeterValueSampleInterval",
      value: "30",
    });

    expect(csms.strictFailures).toEqual([]);
    expect(t.problems).toEqual([]);
  });

  it("answers every 1.6 action, and an unknown one with NotImplemented", async () => {
    t = makeChargePoint(csms.url);
    const clientP = csms.nextClient();
    await t.cp.connect();
    const client = await clientP;

    expect(await client.call("ClearChargingProfile", {})).toEqual({ status: "Unknown" });
    // ocpp-rpc's strict mode refuses to send an action with no schema, so the frame goes out raw.
    expect(await rpcErrorCode(client.call("FooBar", {}))).toBe("ProtocolError");
    const reply = new Promise<unknown>((resolve) => {
      client.on("message", ({ message, outbound }: { message: string; outbound: boolean }) => {
        if (!outbound) resolve(JSON.parse(message));
      });
    });
    client.sendRaw(JSON.stringify([2, "foo-1", "FooBar", {}]));
    expect(await reply).toEqual([4, "foo-1", "NotImplemented", expect.stringContaining("FooBar"), {}]);

    // The charge point is still usable afterwards.
    await t.cp.boot();
    expect(csms.log.actions[0]).toBe("BootNotification");
    // The only strict-mode failure is ocpp-rpc refusing its own FooBar above.
    expect(csms.strictFailures).toMatchObject([{ method: "FooBar", outbound: true, isCall: true }]);
    expect(t.problems).toEqual([]);
  });

  it("runs the basic charging session scenario against ocpp-rpc", async () => {
    const report = await runScenario(loadScenario(BASIC_SCENARIO), {
      url: csms.url,
      version: "1.6",
      timeScale: 16,
    });
    expect(report.steps.map((s) => [s.label, s.status, s.error])).toEqual(
      report.steps.map((s) => [s.label, "passed", undefined]),
    );
    expect(report.passed).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.target).toMatchObject({ url: csms.url, embedded: false });

    // The scenario charges 16 s with a 5 s sample interval: about three periodic MeterValues.
    const actions = csms.log.actions;
    expect(actions.filter((a) => a === "MeterValues").length).toBeGreaterThanOrEqual(2);
    expect(actions.filter((a) => a !== "MeterValues")).toEqual([
      "BootNotification",
      "StatusNotification",
      "StatusNotification",
      "StatusNotification",
      "Authorize",
      "StatusNotification",
      "StartTransaction",
      "StatusNotification",
      "StopTransaction",
      "StatusNotification",
      "StatusNotification",
      "Heartbeat",
    ]);
    const stop = csms.log.of("StopTransaction")[0]!.params;
    const start = csms.log.of("StartTransaction")[0]!.params;
    expect(stop.transactionId).toBe(OCPP_RPC_TRANSACTION_ID);
    // 11 kW for 16 simulated seconds is about 49 Wh.
    expect((stop.meterStop as number) - (start.meterStart as number)).toBeGreaterThanOrEqual(40);
    expect(csms.strictFailures).toEqual([]);
    expect(csms.badMessages).toEqual([]);
  });
});
