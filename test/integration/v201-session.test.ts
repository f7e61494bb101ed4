// OCPP 2.0.1 end to end: cpsim's charge point model speaking 2.0.1 (version row, Mapping201,
// the 2.0.1 handlers) against cpsim's embedded central system and against ocpp-rpc in strict
// mode with subprotocol ocpp2.0.1, which checks every frame both ways with its own schemas.
import { afterEach, describe, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { SimClock } from "../../src/util/clock.ts";
import {
  closeChargePoint,
  expectCall,
  makeChargePoint,
  startRawCsms,
  type TestChargePoint,
} from "./helpers.ts";
import { type OcppRpcCsms201, startOcppRpcCsms201 } from "./ocpp-rpc-201.ts";

// biome-ignore lint/suspicious/noExplicitAny: wire payloads, read by path in assertions
type Payload = Record<string, any>;

let t: TestChargePoint | undefined;
let cs: CentralSystem | undefined;
let rpc: OcppRpcCsms201 | undefined;
afterEach(async () => {
  await closeChargePoint(t);
  t = undefined;
  await cs?.close();
  cs = undefined;
  await rpc?.close();
  rpc = undefined;
});

function station(url: string) {
  return makeChargePoint(url, {
    clock: new SimClock(3600),
    // A 1.6-named store setting reaches the device model (SampledDataCtrlr.TxUpdatedMeasurands).
    config: {
      MeterValueSampleInterval: "0",
      MeterValuesSampledData: "Energy.Active.Import.Register,Power.Active.Import",
    },
    link: { version: "2.0.1" },
  });
}

/** Boot, authorize, start, two meter samples, stop, unplug: the model's full session. */
async function session(tcp: TestChargePoint) {
  const { cp } = tcp;
  await cp.connect();
  await cp.boot();
  await cp.authorize("TAG-0001");
  await cp.startTransaction(1, "TAG-0001");
  await cp.sendMeterValues(1);
  await cp.sendMeterValues(1);
  await cp.stopTransaction(1);
  await cp.unplug(1);
  await cp.heartbeat();
}

/** The TransactionEvents of one session: one id, seqNo 0, 1, 2… and Started … Ended. */
function expectTransactionStream(events: Payload[]) {
  expect(events.map((e) => e.seqNo)).toEqual(events.map((_, i) => i));
  expect(events.map((e) => e.eventType)).toEqual([
    "Started",
    ...events.slice(1, -1).map(() => "Updated"),
    "Ended",
  ]);
  const ids = new Set(events.map((e) => e.transactionInfo.transactionId));
  expect(ids.size).toBe(1);
  expect(events[0]).toMatchObject({
    triggerReason: "Authorized",
    evse: { id: 1, connectorId: 1 },
    idToken: { idToken: "TAG-0001", type: "ISO14443" },
  });
  expect(events.some((e) => e.transactionInfo.chargingState === "Charging")).toBe(true);
  const periodic = events.filter((e) => e.triggerReason === "MeterValuePeriodic");
  expect(periodic).toHaveLength(2);
  for (const e of periodic)
    expect(e.meterValue[0].sampledValue.map((v: Payload) => v.measurand)).toEqual([
      "Energy.Active.Import.Register",
      "Power.Active.Import",
    ]);
  expect(events.at(-1)).toMatchObject({
    triggerReason: "StopAuthorized",
    transactionInfo: { stoppedReason: "Local" },
  });
}

describe("OCPP 2.0.1 against the embedded central system", () => {
  it("a full session by TransactionEvent, every call answered with a result", async () => {
    cs = await CentralSystem.start({ heartbeatIntervalSec: 86_400 });
    t = station(cs.url);
    await session(t);
    const calls = cs.messages.filter((m) => m.dir === "in" && m.kind === "call");
    expect(new Set(calls.map((m) => m.action))).toEqual(
      new Set([
        "BootNotification",
        "SecurityEventNotification",
        "StatusNotification",
        "Authorize",
        "TransactionEvent",
        "Heartbeat",
      ]),
    );
    // A station that powers up says so once registered, before anything else.
    expect(calls.slice(0, 2).map((m) => m.action)).toEqual(["BootNotification", "SecurityEventNotification"]);
    expect(calls[1]!.payload).toMatchObject({ type: "StartupOfTheDevice", timestamp: expect.any(String) });
    expect(calls.find((m) => m.action === "BootNotification")!.payload).toMatchObject({
      reason: "PowerUp",
      chargingStation: { vendorName: expect.any(String), model: expect.any(String) },
    });
    expect(calls.find((m) => m.action === "Authorize")!.payload).toEqual({
      idToken: { idToken: "TAG-0001", type: "ISO14443" },
    });
    // The embedded central system validates every request; none was answered by a CALLERROR.
    expect(cs.messages.filter((m) => m.dir === "out" && m.kind === "error")).toEqual([]);
    expectTransactionStream(
      calls.filter((m) => m.action === "TransactionEvent").map((m) => m.payload as Payload),
    );
    expect(t.problems).toEqual([]);
  });
});

describe("OCPP 2.0.1 offline", () => {
  it("events of a transaction that happened offline go out on reconnection, in order, with offline: true", async () => {
    cs = await CentralSystem.start({ heartbeatIntervalSec: 86_400 });
    t = station(cs.url);
    const { cp } = t;
    await cp.connect();
    await cp.boot();
    await cp.startTransaction(1, "TAG-0001");
    await cp.disconnect();
    // Queued, not sent: the station is offline.
    void cp.sendMeterValues(1);
    await cp.stopTransaction(1);
    await cp.connect();
    const events = cs.messages
      .filter((m) => m.dir === "in" && m.kind === "call" && m.action === "TransactionEvent")
      .map((m) => m.payload as Payload);
    expect(events.map((e) => [e.eventType, e.seqNo, e.offline ?? false])).toEqual([
      ["Started", 0, false],
      ["Updated", 1, false],
      ["Updated", 2, true],
      ["Ended", 3, true],
    ]);
    expect(new Set(events.map((e) => e.transactionInfo.transactionId)).size).toBe(1);
  });
});

describe("OCPP 2.0.1 against ocpp-rpc strict ocpp2.0.1", () => {
  async function connected() {
    rpc = await startOcppRpcCsms201();
    t = station(rpc.url);
    await t.cp.connect();
    const server = await rpc.nextClient();
    await t.cp.boot();
    return server;
  }

  it("a full session by TransactionEvent, schema-valid both ways", async () => {
    rpc = await startOcppRpcCsms201();
    t = station(rpc.url);
    await session(t);
    expect(rpc.strictFailures).toEqual([]);
    expect(rpc.badMessages).toEqual([]);
    expectTransactionStream(rpc.log.of("TransactionEvent").map((c) => c.params));
    expect(t.problems).toEqual([]);
  });

  it("RequestStartTransaction starts a transaction carrying remoteStartId; RequestStopTransaction ends it", async () => {
    const server = await connected();
    const started = rpc!.log.waitForCount("TransactionEvent", 1, (c) => c.params.eventType === "Started");
    expect(
      await server.call("RequestStartTransaction", {
        evseId: 1,
        remoteStartId: 77,
        idToken: { idToken: "TAG-R", type: "Central" },
      }),
    ).toEqual({ status: "Accepted" });
    await started;
    const start = rpc!.log.of("TransactionEvent")[0]!.params as Payload;
    expect(start).toMatchObject({
      eventType: "Started",
      triggerReason: "RemoteStart",
      transactionInfo: { remoteStartId: 77 },
    });
    const transactionId = start.transactionInfo.transactionId as string;
    // Nothing of it left to deliver once the energy's Updated that follows the start is answered.
    await rpc!.log.waitForCount(
      "TransactionEvent",
      1,
      (c) => c.params.triggerReason === "ChargingStateChanged",
    );
    await t!.cp.transactionMessages.flush();
    expect(await server.call("GetTransactionStatus", { transactionId })).toEqual({
      messagesInQueue: false,
      ongoingIndicator: true,
    });
    const ended = rpc!.log.waitForCount("TransactionEvent", 1, (c) => c.params.eventType === "Ended");
    expect(await server.call("RequestStopTransaction", { transactionId })).toEqual({ status: "Accepted" });
    await ended;
    const end = rpc!.log.of("TransactionEvent").at(-1)!.params as Payload;
    expect(end).toMatchObject({
      triggerReason: "RemoteStop",
      transactionInfo: { transactionId, stoppedReason: "Remote" },
    });
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("RequestStartTransaction for an EVSE that does not exist is Rejected and starts nothing", async () => {
    const server = await connected();
    const answer = await server.call("RequestStartTransaction", {
      evseId: 9,
      remoteStartId: 1,
      idToken: { idToken: "TAG-R", type: "Central" },
    });
    expect(answer).toMatchObject({ status: "Rejected" });
    expect(await server.call("Reset", { type: "Immediate", evseId: 9 })).toMatchObject({
      status: "Rejected",
    });
    expect(rpc!.log.of("TransactionEvent")).toEqual([]);
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("GetVariables and SetVariables: ReadOnly refused, unknown component reported", async () => {
    const server = await connected();
    const set = (await server.call("SetVariables", {
      setVariableData: [
        {
          component: { name: "OCPPCommCtrlr" },
          variable: { name: "HeartbeatInterval" },
          attributeValue: "60",
        },
        {
          component: { name: "LocalAuthListCtrlr" },
          variable: { name: "ItemsPerMessage" },
          attributeValue: "3",
        },
        { component: { name: "NoSuchCtrlr" }, variable: { name: "Enabled" }, attributeValue: "true" },
      ],
    })) as Payload;
    const statuses = set.setVariableResult.map((r: Payload) => r.attributeStatus);
    expect(statuses[0]).toBe("Accepted");
    // ItemsPerMessage is ReadOnly (Part 2 §B05: Rejected).
    expect(statuses[1]).toBe("Rejected");
    expect(statuses[2]).toBe("UnknownComponent");
    const get = (await server.call("GetVariables", {
      getVariableData: [
        { component: { name: "OCPPCommCtrlr" }, variable: { name: "HeartbeatInterval" } },
        { component: { name: "NoSuchCtrlr" }, variable: { name: "Enabled" } },
      ],
    })) as Payload;
    expect(get.getVariableResult[0]).toMatchObject({ attributeStatus: "Accepted", attributeValue: "60" });
    expect(get.getVariableResult[1]).toMatchObject({ attributeStatus: "UnknownComponent" });
    // The setting is the model's own: its heartbeat follows.
    expect(t!.cp.config.get("HeartbeatInterval")).toBe("60");
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("GetBaseReport is answered, then followed by NotifyReport parts numbered by seqNo", async () => {
    const server = await connected();
    const last = rpc!.log.waitForCount("NotifyReport", 1, (c) => c.params.tbc !== true);
    expect(await server.call("GetBaseReport", { requestId: 5, reportBase: "FullInventory" })).toEqual({
      status: "Accepted",
    });
    await last;
    const parts = rpc!.log.of("NotifyReport").map((c) => c.params as Payload);
    expect(parts.map((p) => p.seqNo)).toEqual(parts.map((_, i) => i));
    expect(parts.every((p) => p.requestId === 5)).toBe(true);
    expect(parts.at(-1)!.tbc ?? false).toBe(false);
    expect(rpc!.strictFailures).toEqual([]);
  });
});

describe("OCPP 2.0.1 with a central system that answers in 1.6 terms", () => {
  it("a 1.6 Authorize answer is a precise problem, not a crash; the connection goes on", async () => {
    const raw = await startRawCsms({
      handleProtocols: (offered) => (offered.has("ocpp2.0.1") ? "ocpp2.0.1" : false),
    });
    try {
      t = makeChargePoint(raw.url, { statusOnBoot: false, link: { version: "2.0.1" } });
      await t.cp.connect();
      const peer = await raw.nextPeer();
      const booted = t.cp.boot();
      const [bootId] = await expectCall(peer, "BootNotification");
      peer.send([3, bootId, { status: "Accepted", currentTime: new Date().toISOString(), interval: 86_400 }]);
      const [securityId] = await expectCall(peer, "SecurityEventNotification");
      peer.send([3, securityId, {}]);
      await booted;
      const authorized = t.cp.authorize("TAG-0001");
      const [authId, auth] = await expectCall(peer, "Authorize");
      expect(auth).toEqual({ idToken: { idToken: "TAG-0001", type: "ISO14443" } });
      // OCPP 1.6's answer: idTagInfo where 2.0.1 requires idTokenInfo.
      peer.send([3, authId, { idTagInfo: { status: "Accepted" } }]);
      await expect(authorized).rejects.toThrow(/Authorize.*idTokenInfo/);
      // An answer that breaks its schema is no valid OCPP: the station reports it (Appendix 1).
      const [invalidId, invalid] = await expectCall(peer, "SecurityEventNotification");
      expect(invalid).toMatchObject({
        type: "InvalidMessages",
        techInfo: "received an answer to Authorize that breaks its schema (OccurrenceConstraintViolation)",
      });
      peer.send([3, invalidId, {}]);
      const beat = t.cp.heartbeat();
      const [beatId] = await expectCall(peer, "Heartbeat");
      const currentTime = new Date().toISOString();
      peer.send([3, beatId, { currentTime }]);
      expect(await beat).toBe(currentTime);
    } finally {
      await closeChargePoint(t);
      t = undefined;
      await raw.close();
    }
  });
});
