// What a 2.0.1 station reports of itself and how it resets, checked by ocpp-rpc in strict mode
// (subprotocol ocpp2.0.1): boot reasons and security events, NotifyEvent for a connector fault,
// ReservationStatusUpdate, and Reset of one EVSE or on idle.
import { createRPCError } from "ocpp-rpc";
import { afterEach, describe, expect, it } from "vitest";
import { closeChargePoint, type TestChargePoint } from "./helpers.ts";
import { type OcppRpcCsms201, stationOnOcppRpc201 } from "./ocpp-rpc-201.ts";

// biome-ignore lint/suspicious/noExplicitAny: wire payloads, read by path in assertions
type Payload = Record<string, any>;

let t: TestChargePoint | undefined;
let rpc: OcppRpcCsms201 | undefined;
afterEach(async () => {
  await closeChargePoint(t);
  t = undefined;
  await rpc?.close();
  rpc = undefined;
});

async function connected(connectors = 1) {
  const booted = await stationOnOcppRpc201({ connectors });
  ({ rpc, t } = booted);
  return booted.server;
}

const params = (action: string): Payload[] => rpc!.log.of(action).map((c) => c.params);

/** The statuses EVSE `evse` reported after the first `skip` of them. */
const statusesOf = (evse: number, skip = 0) =>
  params("StatusNotification")
    .filter((p) => p.evseId === evse)
    .slice(skip)
    .map((p) => p.connectorStatus);

/** Resolves once EVSE `evse` has reported `count` statuses in all. */
const statusCount = (evse: number, count: number) =>
  rpc!.log.waitForCount("StatusNotification", count, (c) => c.params.evseId === evse);

describe("2.0.1 boot reasons and security events", () => {
  it("a power-up, a Reset, a firmware install and a triggered boot each boot with their reason", async () => {
    const server = await connected();
    expect(params("BootNotification").map((p) => p.reason)).toEqual(["PowerUp"]);
    expect(params("SecurityEventNotification").map((p) => p.type)).toEqual(["StartupOfTheDevice"]);

    const reset = rpc!.log.waitForCount("SecurityEventNotification", 2);
    expect(await server.call("Reset", { type: "Immediate" })).toEqual({ status: "Accepted" });
    const again = await rpc!.nextClient();
    await reset;
    expect(params("BootNotification").map((p) => p.reason)).toEqual(["PowerUp", "RemoteReset"]);
    expect(params("SecurityEventNotification")[1]).toMatchObject({
      type: "ResetOrReboot",
      timestamp: expect.any(String),
      techInfo: expect.any(String),
    });

    const installed = rpc!.log.waitForCount("SecurityEventNotification", 3);
    await again.call("UpdateFirmware", {
      requestId: 7,
      firmware: { location: "https://example.com/fw-2.bin", retrieveDateTime: new Date().toISOString() },
    });
    const third = await rpc!.nextClient();
    await installed;
    expect(params("BootNotification").at(-1)).toMatchObject({ reason: "FirmwareUpdate" });
    expect(params("SecurityEventNotification").at(-1)).toMatchObject({ type: "FirmwareUpdated" });

    const triggered = rpc!.log.waitForCount("BootNotification", 4);
    await third.call("TriggerMessage", { requestedMessage: "BootNotification" });
    await triggered;
    expect(params("BootNotification").at(-1)).toMatchObject({ reason: "Triggered" });
    // A triggered BootNotification is no boot: no security event of its own.
    await t!.cp.heartbeat();
    expect(params("SecurityEventNotification")).toHaveLength(3);
    expect(rpc!.strictFailures).toEqual([]);
    expect(t!.problems).toEqual([]);
  });
});

describe("2.0.1 NotifyEvent", () => {
  it("a connector fault is reported with its error code, and its clearing names the fault", async () => {
    await connected();
    await t!.cp.fault(1, "GroundFailure", "earth leakage");
    await t!.cp.clearFault(1);
    const events = params("NotifyEvent").map((p) => p.eventData[0]);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      trigger: "Delta",
      actualValue: "Faulted",
      techCode: "GroundFailure",
      techInfo: "earth leakage",
      eventNotificationType: "HardWiredNotification",
      component: { name: "Connector", evse: { id: 1, connectorId: 1 } },
      variable: { name: "AvailabilityState" },
    });
    expect(events[0].cleared).toBeUndefined();
    expect(events[1]).toMatchObject({ actualValue: "Available", cleared: true, cause: events[0].eventId });
    expect(events[1].eventId).not.toBe(events[0].eventId);
    // The status went out first; a repeat of a status changes no fault state and says nothing.
    await t!.cp.reportAllStatuses();
    expect(params("NotifyEvent")).toHaveLength(2);
    expect(rpc!.strictFailures).toEqual([]);
  });
});

describe("2.0.1 ReservationStatusUpdate", () => {
  it("an expired reservation is reported Expired and its EVSE is Available again", async () => {
    const server = await connected();
    const expired = rpc!.log.waitForCount("ReservationStatusUpdate", 1);
    // Ten minutes of simulated time: a sixth of a second at --time-scale 3600.
    const expiryDateTime = new Date(t!.cp.clock.now() + 600_000).toISOString();
    expect(
      await server.call("ReserveNow", {
        id: 5,
        expiryDateTime,
        idToken: { idToken: "T", type: "ISO14443" },
        evseId: 1,
      }),
    ).toEqual({ status: "Accepted" });
    await expired;
    expect(params("ReservationStatusUpdate")).toEqual([
      { reservationId: 5, reservationUpdateStatus: "Expired" },
    ]);
    await statusCount(1, 3);
    expect(statusesOf(1)).toEqual(["Available", "Reserved", "Available"]);
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("a reservation whose EVSE becomes Faulted is Removed; CancelReservation reports nothing", async () => {
    const server = await connected(2);
    const expiryDateTime = new Date(t!.cp.clock.now() + 86_400_000).toISOString();
    const token = { idToken: "T", type: "ISO14443" };
    await server.call("ReserveNow", { id: 8, expiryDateTime, idToken: token, evseId: 1 });
    await server.call("ReserveNow", { id: 9, expiryDateTime, idToken: token, evseId: 2 });
    expect(await server.call("CancelReservation", { reservationId: 9 })).toEqual({ status: "Accepted" });
    // The fault does not wait for the news, which is best effort.
    const removed = rpc!.log.waitForCount("ReservationStatusUpdate", 1);
    await t!.cp.fault(1, "OtherError");
    await removed;
    expect(params("ReservationStatusUpdate")).toEqual([
      { reservationId: 8, reservationUpdateStatus: "Removed" },
    ]);
    // The reservation is gone: the cleared EVSE is Available, and a CancelReservation finds nothing.
    await t!.cp.clearFault(1);
    expect(statusesOf(1).at(-1)).toBe("Available");
    expect(await server.call("CancelReservation", { reservationId: 8 })).toEqual({ status: "Rejected" });
    expect(rpc!.strictFailures).toEqual([]);
  });
});

describe("2.0.1 ReservationStatusUpdate refused by the CSMS (best effort)", () => {
  /** Makes the CSMS answer ReservationStatusUpdate with a CALLERROR; resolves when it has. */
  function refuseUpdates(server: Awaited<ReturnType<typeof connected>>): Promise<void> {
    return new Promise((resolve) => {
      server.handle("ReservationStatusUpdate", () => {
        resolve();
        throw createRPCError("NotImplemented", "no reservations here");
      });
    });
  }
  const reserve = (server: Awaited<ReturnType<typeof connected>>, inMs: number) =>
    server.call("ReserveNow", {
      id: 5,
      expiryDateTime: new Date(t!.cp.clock.now() + inMs).toISOString(),
      idToken: { idToken: "T", type: "ISO14443" },
      evseId: 1,
    });
  const REFUSED = "ReservationStatusUpdate was answered with CALLERROR NotImplemented: no reservations here";

  it("an expired reservation still frees its EVSE, and the refusal is reported", async () => {
    const server = await connected();
    const refused = refuseUpdates(server);
    await reserve(server, 600_000);
    await refused;
    // A round trip after the CALLERROR: its answer has been read by now.
    await t!.cp.heartbeat();
    expect(t!.cp.connector(1).status).toBe("Available");
    expect(t!.problems).toEqual([REFUSED]);
    await statusCount(1, 3);
    expect(statusesOf(1)).toEqual(["Available", "Reserved", "Available"]);
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("a fault on a reserved EVSE succeeds, and the refusal is reported", async () => {
    const server = await connected();
    const refused = refuseUpdates(server);
    await reserve(server, 86_400_000);
    await t!.cp.fault(1, "GroundFailure");
    expect(t!.cp.connector(1).status).toBe("Faulted");
    await refused;
    await t!.cp.heartbeat();
    expect(t!.problems).toEqual([REFUSED]);
    expect(await server.call("CancelReservation", { reservationId: 5 })).toEqual({ status: "Rejected" });
    expect(rpc!.strictFailures).toEqual([]);
  });
});

describe("2.0.1 Reset of an EVSE and on idle", () => {
  it("Reset Immediate of an EVSE ends its transaction and cycles that EVSE only, without a reboot", async () => {
    const server = await connected(2);
    await t!.cp.startTransaction(1, "TAG-1");
    await t!.cp.startTransaction(2, "TAG-2");
    const before = statusesOf(1).length;
    const cycled = statusCount(1, before + 3);
    expect(await server.call("Reset", { type: "Immediate", evseId: 1 })).toEqual({ status: "Accepted" });
    await cycled;
    const ended = params("TransactionEvent").filter((e) => e.eventType === "Ended");
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({
      triggerReason: "ResetCommand",
      transactionInfo: { stoppedReason: "ImmediateReset" },
    });
    expect(statusesOf(1, before)).toEqual(["Occupied", "Unavailable", "Occupied"]);
    // The other EVSE charges on; the station did not reboot.
    expect(t!.cp.connector(2).transaction).toBeDefined();
    expect(params("BootNotification")).toHaveLength(1);
    expect(await server.call("Reset", { type: "Immediate", evseId: 3 })).toMatchObject({
      status: "Rejected",
    });
    expect(rpc!.strictFailures).toEqual([]);
    expect(t!.problems).toEqual([]);
  });

  it("Reset OnIdle is Scheduled while a transaction runs and happens once it has stopped", async () => {
    const server = await connected(2);
    await t!.cp.startTransaction(1, "TAG-1");
    expect(await server.call("Reset", { type: "OnIdle", evseId: 1 })).toEqual({ status: "Scheduled" });
    // An idle EVSE resets at once.
    expect(await server.call("Reset", { type: "OnIdle", evseId: 2 })).toEqual({ status: "Accepted" });
    expect(await server.call("Reset", { type: "OnIdle" })).toEqual({ status: "Scheduled" });
    expect(params("TransactionEvent").some((e) => e.eventType === "Ended")).toBe(false);
    const before = statusesOf(1).length;
    const rebooted = rpc!.log.waitForCount("BootNotification", 2);
    const cycled = statusCount(1, before + 3);
    await t!.cp.stopTransaction(1);
    await Promise.all([rebooted, cycled]);
    expect(params("TransactionEvent").at(-1)).toMatchObject({
      eventType: "Ended",
      transactionInfo: { stoppedReason: "Local" },
    });
    // The EVSE's reset came first, then the station's, once nothing ran any more.
    expect(statusesOf(1, before).slice(0, 3)).toEqual(["Occupied", "Unavailable", "Occupied"]);
    expect(params("BootNotification").at(-1)).toMatchObject({ reason: "RemoteReset" });
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("an Immediate Reset with an OnIdle one Scheduled reboots once; Resets during the reboot are Rejected", async () => {
    const server = await connected(2);
    await t!.cp.startTransaction(1, "TAG-1");
    expect(await server.call("Reset", { type: "OnIdle" })).toEqual({ status: "Scheduled" });
    // The reboot's TransactionEvent Ended waits for its answer until the Resets asked meanwhile
    // are answered, so they surely arrive while the reboot is in progress.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ended: Payload[] = [];
    let seeEnded!: () => void;
    const endedSeen = new Promise<void>((resolve) => (seeEnded = resolve));
    server.handle("TransactionEvent", async ({ params }) => {
      if (params?.eventType === "Ended") {
        ended.push(params);
        seeEnded();
        await held;
      }
      return {};
    });
    expect(await server.call("Reset", { type: "Immediate" })).toEqual({ status: "Accepted" });
    await endedSeen;
    expect(await server.call("Reset", { type: "OnIdle" })).toEqual({ status: "Rejected" });
    expect(await server.call("Reset", { type: "Immediate" })).toEqual({ status: "Rejected" });
    expect(await server.call("Reset", { type: "Immediate", evseId: 2 })).toEqual({ status: "Rejected" });
    const rebooted = rpc!.log.waitForCount("BootNotification", 2);
    release();
    await rebooted;
    // A round trip on the connection the reboot opened: a second reboot would have begun with the
    // first (when the transaction stopped) and booted by now.
    const after = await rpc!.nextClient();
    const beat = rpc!.log.waitForCount("Heartbeat", 1);
    expect(await after.call("TriggerMessage", { requestedMessage: "Heartbeat" })).toEqual({
      status: "Accepted",
    });
    await beat;
    expect(params("BootNotification").map((b) => b.reason)).toEqual(["PowerUp", "RemoteReset"]);
    expect(ended).toMatchObject([{ transactionInfo: { stoppedReason: "ImmediateReset" } }]);
    expect(rpc!.strictFailures).toEqual([]);
    expect(t!.problems).toEqual([]);
  });
});
