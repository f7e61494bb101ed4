// OCPPCommCtrlr.QueueAllMessages against ocpp-rpc in strict mode (subprotocol ocpp2.0.1): with
// true the station holds what it volunteers while offline (NotifyEvent, ReservationStatusUpdate,
// FirmwareStatusNotification, MeterValues outside a transaction) and delivers it on the next
// connection, in the order it happened, before anything else; with false (the default) those are
// lost with the connection and only the statuses are reported again.
import { afterEach, describe, expect, it } from "vitest";
import type { TestChargePoint } from "./helpers.ts";
import { type OcppRpcCsms201, stationOnOcppRpc201 } from "./ocpp-rpc-201.ts";

// biome-ignore lint/suspicious/noExplicitAny: wire payloads, read by path in assertions
type Payload = Record<string, any>;

let booted: Awaited<ReturnType<typeof stationOnOcppRpc201>> | undefined;
let t: TestChargePoint | undefined;
let rpc: OcppRpcCsms201 | undefined;
afterEach(async () => {
  await booted?.close();
  booted = undefined;
});

/** A booted station (one EVSE) on a fresh strict CSMS; the CSMS's side of its connection. */
async function connected(config: Record<string, string> = {}) {
  booted = await stationOnOcppRpc201({ config });
  ({ rpc, t } = booted);
  return booted.server;
}

const params = (action: string): Payload[] => rpc!.log.of(action).map((c) => c.params);

const QUEUE_ALL = { component: { name: "OCPPCommCtrlr" }, variable: { name: "QueueAllMessages" } };

/** A reservation on EVSE 1 that outlasts the test: a fault there ends it (Removed). */
async function reserve(server: Awaited<ReturnType<typeof connected>>, id: number) {
  const expiryDateTime = new Date(t!.cp.clock.now() + 86_400_000).toISOString();
  const idToken = { idToken: "T", type: "ISO14443" };
  expect(await server.call("ReserveNow", { id, expiryDateTime, idToken, evseId: 1 })).toEqual({
    status: "Accepted",
  });
}

/**
 * Connects again, once the reconnection has delivered what it had to (connect()): what the CSMS
 * received meanwhile, and its side of the new connection.
 */
async function reconnect() {
  const mark = rpc!.log.calls.length;
  const next = rpc!.nextClient();
  await t!.cp.connect();
  return { actions: rpc!.log.actions.slice(mark), server: await next };
}

describe("2.0.1 QueueAllMessages true", () => {
  it("what the station volunteers offline goes out on reconnection, in order, before the statuses", async () => {
    const server = await connected({ QueueAllMessages: "true" });
    await reserve(server, 8);
    await t!.cp.disconnect();
    await t!.cp.fault(1, "GroundFailure", "earth leakage");
    await t!.cp.firmwareStatus("Downloading");
    await t!.cp.clearFault(1);
    await t!.cp.sendMeterValues(1);
    expect(params("NotifyEvent")).toEqual([]);

    expect((await reconnect()).actions).toEqual([
      "NotifyEvent",
      "ReservationStatusUpdate",
      "FirmwareStatusNotification",
      "NotifyEvent",
      "MeterValues",
      // Not held: the station reports the status it has now, once.
      "StatusNotification",
    ]);
    const [faulted, cleared] = params("NotifyEvent").map((p) => p.eventData[0]);
    expect(faulted).toMatchObject({ actualValue: "Faulted", techCode: "GroundFailure", trigger: "Delta" });
    expect(cleared).toMatchObject({ actualValue: "Available", cleared: true, cause: faulted.eventId });
    // Stamped when it happened, not when it was delivered.
    expect(params("NotifyEvent")[0]!.generatedAt).toBe(faulted.timestamp);
    expect(params("ReservationStatusUpdate")).toEqual([
      { reservationId: 8, reservationUpdateStatus: "Removed" },
    ]);
    expect(params("FirmwareStatusNotification")).toEqual([{ status: "Downloading" }]);
    expect(params("StatusNotification").at(-1)).toMatchObject({ evseId: 1, connectorStatus: "Available" });
    // Delivered once: nothing is left to go out with the next message.
    await t!.cp.heartbeat();
    expect(params("NotifyEvent")).toHaveLength(2);
    expect(rpc!.strictFailures).toEqual([]);
    expect(t!.problems).toEqual([]);
  });

  it("held messages go before the transaction events queued offline, each with its own time", async () => {
    await connected({ QueueAllMessages: "true" });
    await t!.cp.disconnect();
    await t!.cp.startTransaction(1, "TAG-1");
    await t!.cp.fault(1, "GroundFailure");
    // Started, and the Updated of the energy that began to flow (ChargingStateChanged).
    expect((await reconnect()).actions).toEqual([
      "NotifyEvent",
      "TransactionEvent",
      "TransactionEvent",
      "StatusNotification",
    ]);
    const started = params("TransactionEvent")[0]!;
    expect(started).toMatchObject({ eventType: "Started", offline: true });
    // The CSMS can still tell the order: the transaction began before the fault.
    const fault = params("NotifyEvent")[0]!.eventData[0];
    expect(Date.parse(started.timestamp)).toBeLessThanOrEqual(Date.parse(fault.timestamp));
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("a NotifyEvent cut by a real drop goes again first once the station is back on its own", async () => {
    const server = await connected({ QueueAllMessages: "true" });
    // The CSMS goes away with the event unanswered: it has not seen it, as far as the station knows.
    server.handle("NotifyEvent", () => {
      void server.close({ force: true });
      return new Promise<never>(() => {});
    });
    const mark = rpc!.log.calls.length;
    const delivered = rpc!.log.waitForCount("NotifyEvent", 1);
    await t!.cp.fault(1, "OverCurrentFailure");
    await delivered;
    expect(rpc!.log.actions.slice(mark)[0]).toBe("StatusNotification");
    expect(rpc!.log.actions.slice(mark).indexOf("NotifyEvent")).toBe(1);
    expect(params("NotifyEvent")[0]!.eventData[0]).toMatchObject({
      actualValue: "Faulted",
      techCode: "OverCurrentFailure",
    });
    expect(t!.events.some((e) => e.type === "disconnected")).toBe(true);
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("the CSMS turns it on with SetVariables and reads it with GetVariables; it is the store's key", async () => {
    const server = await connected();
    const get = () => server.call("GetVariables", { getVariableData: [QUEUE_ALL] });
    expect(await get()).toMatchObject({
      getVariableResult: [{ attributeStatus: "Accepted", attributeValue: "false" }],
    });
    expect(
      await server.call("SetVariables", { setVariableData: [{ ...QUEUE_ALL, attributeValue: "true" }] }),
    ).toMatchObject({ setVariableResult: [{ attributeStatus: "Accepted" }] });
    expect(await get()).toMatchObject({ getVariableResult: [{ attributeValue: "true" }] });
    expect(t!.cp.getConfiguration(["QueueAllMessages"]).entries).toEqual([
      { key: "QueueAllMessages", readonly: false, value: "true" },
    ]);
    await t!.cp.disconnect();
    await t!.cp.fault(1, "GroundFailure");
    expect((await reconnect()).actions).toEqual(["NotifyEvent", "StatusNotification"]);
    expect(rpc!.strictFailures).toEqual([]);
  });
});

describe("2.0.1 QueueAllMessages false (the default)", () => {
  it("what the station volunteers offline is lost with the connection; the statuses are reported again", async () => {
    await reserve(await connected(), 8);
    await t!.cp.disconnect();
    await t!.cp.fault(1, "GroundFailure");
    await expect(t!.cp.firmwareStatus("Downloading")).rejects.toThrow("is not connected");
    await t!.cp.clearFault(1);
    const { actions, server } = await reconnect();
    expect(actions).toEqual(["StatusNotification"]);
    expect(params("NotifyEvent")).toEqual([]);
    expect(params("ReservationStatusUpdate")).toEqual([]);
    // The fault and its clearing both happened offline: the reservation is gone all the same.
    expect(await server.call("CancelReservation", { reservationId: 8 })).toEqual({ status: "Rejected" });
    expect(rpc!.strictFailures).toEqual([]);
  });
});
