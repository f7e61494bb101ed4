// ReserveNow and CancelReservation (OCPP 1.6 §5.13, §5.1), sent by both central systems: cpsim's
// embedded one and ocpp-rpc in strict mode. Simulated time starts at a fixed instant, so expiry
// dates are exact; a fast clock lets a reservation expire within the test.
import { afterEach, describe, expect, it } from "vitest";
import { SimClock } from "../../src/util/clock.ts";
import { CommandHarness } from "./command-harness.ts";
import { embeddedPeer, ocppRpcPeer, type PeerOptions } from "./command-peers.ts";

const T0 = Date.parse("2030-06-01T08:00:00.000Z");
/** An expiry date `minutes` after the start of simulated time. */
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const reserve = (reservationId: number, connectorId: number, idTag: string, expiresIn = 30) => ({
  reservationId,
  connectorId,
  idTag,
  expiryDate: at(expiresIn),
});

for (const [name, startPeer] of [
  ["the embedded central system", embeddedPeer],
  ["ocpp-rpc (strict mode)", ocppRpcPeer],
  ["the embedded central system over SOAP 1.6", (o: PeerOptions) => embeddedPeer(o, "soap")],
] as const) {
  describe(`reservations from ${name}`, () => {
    const h = new CommandHarness(startPeer);
    afterEach(() => h.close());

    it("a reserved connector serves only its idTag, whose StartTransaction carries the reservationId and ends it", async () => {
      const cp = await h.setup({ clock: new SimClock(1, T0) });
      await h.expectCommand("ReserveNow", reserve(7, 1, "TAG-R"), "Accepted", [
        "StatusNotification 1 Reserved",
      ]);
      await h.expectCommand("RemoteStartTransaction", { connectorId: 1, idTag: "TAG-X" }, "Rejected");
      const mark = h.peer.transcript.lines.length;
      await expect(cp.startTransaction(1, "TAG-X")).rejects.toThrow(
        "connector 1 is reserved for another idTag (reservation 7)",
      );
      // A cable plugged in without the reserved idTag leaves the connector Reserved.
      await cp.plugIn(1);
      await cp.unplug(1);
      expect(h.peer.transcript.since(mark)).toEqual([]);
      // Without a connector, another idTag gets the free one.
      await h.expectCommand("RemoteStartTransaction", { idTag: "TAG-X" }, "Accepted", [
        "StatusNotification 2 Preparing",
        "Authorize TAG-X",
        "StartTransaction 2 TAG-X",
        "StatusNotification 2 Charging",
      ]);
      // And the reserved idTag its reserved one: presenting it turns Reserved into Preparing.
      await h.expectCommand("RemoteStartTransaction", { idTag: "TAG-R" }, "Accepted", [
        "Authorize TAG-R",
        "StatusNotification 1 Preparing",
        "StartTransaction 1 TAG-R reservation 7",
        "StatusNotification 1 Charging",
      ]);
      await h.expectCommand("CancelReservation", { reservationId: 7 }, "Rejected");
      h.expectClean();
    });

    it("a local start by the reserved idTag with the cable already in goes Reserved, Preparing, Charging", async () => {
      const cp = await h.setup({ clock: new SimClock(1, T0) });
      await h.expectCommand("ReserveNow", reserve(3, 2, "TAG-L"), "Accepted", [
        "StatusNotification 2 Reserved",
      ]);
      await cp.plugIn(2);
      const mark = h.peer.transcript.lines.length;
      const { transactionId } = await cp.startTransaction(2, "TAG-L");
      expect(h.peer.transcript.since(mark)).toEqual([
        "StatusNotification 2 Preparing",
        "StartTransaction 2 TAG-L reservation 3",
        "StatusNotification 2 Charging",
      ]);
      expect(transactionId).toBeDefined();
      h.expectClean();
    });

    it("a remote start without a connector goes to the one reserved for its idTag", async () => {
      await h.setup({ clock: new SimClock(1, T0) });
      await h.expectCommand("ReserveNow", reserve(2, 2, "TAG-P"), "Accepted", [
        "StatusNotification 2 Reserved",
      ]);
      await h.expectCommand("RemoteStartTransaction", { idTag: "TAG-P" }, "Accepted", [
        "Authorize TAG-P",
        "StatusNotification 2 Preparing",
        "StartTransaction 2 TAG-P reservation 2",
        "StatusNotification 2 Charging",
      ]);
      h.expectClean();
    });

    it("answers Occupied, Faulted, Unavailable and Rejected as the connector stands", async () => {
      const cp = await h.setup({ clock: new SimClock(1, T0) });
      await cp.startTransaction(1, "TAG-B");
      await h.expectCommand("ReserveNow", reserve(1, 1, "TAG-R"), "Occupied");
      await h.expectCommand("ReserveNow", reserve(2, 2, "TAG-R"), "Accepted", [
        "StatusNotification 2 Reserved",
      ]);
      await h.expectCommand("ReserveNow", reserve(3, 2, "TAG-S"), "Occupied");
      await h.expectCommand("CancelReservation", { reservationId: 2 }, "Accepted", [
        "StatusNotification 2 Available",
      ]);
      await cp.fault(2, "GroundFailure");
      await h.expectCommand("ReserveNow", reserve(4, 2, "TAG-R"), "Faulted");
      await cp.clearFault(2);
      await h.expectCommand("ChangeAvailability", { connectorId: 2, type: "Inoperative" }, "Accepted", [
        "StatusNotification 2 Unavailable",
      ]);
      await h.expectCommand("ReserveNow", reserve(5, 2, "TAG-R"), "Unavailable");
      await h.expectCommand("ReserveNow", reserve(6, 3, "TAG-R"), "Rejected");
      // An expiry date already past reserves nothing.
      await h.expectCommand("ReserveNow", reserve(7, 2, "TAG-R", -1), "Rejected");
      await h.expectCommand("CancelReservation", { reservationId: 99 }, "Rejected");
      h.expectClean();
    });

    it("the same reservationId replaces its reservation, moving it to another connector", async () => {
      await h.setup({ clock: new SimClock(1, T0) });
      await h.expectCommand("ReserveNow", reserve(5, 1, "TAG-A"), "Accepted", [
        "StatusNotification 1 Reserved",
      ]);
      await h.expectCommand("ReserveNow", reserve(5, 2, "TAG-A"), "Accepted", [
        "StatusNotification 1 Available",
        "StatusNotification 2 Reserved",
      ]);
      // Same connector, new idTag: the status stays Reserved, only the holder changes.
      await h.expectCommand("ReserveNow", reserve(5, 2, "TAG-B"), "Accepted");
      await h.expectCommand("RemoteStartTransaction", { connectorId: 2, idTag: "TAG-A" }, "Rejected");
      await h.expectCommand("RemoteStartTransaction", { connectorId: 2, idTag: "TAG-B" }, "Accepted", [
        "Authorize TAG-B",
        "StatusNotification 2 Preparing",
        "StartTransaction 2 TAG-B reservation 5",
        "StatusNotification 2 Charging",
      ]);
      h.expectClean();
    });

    it("a reservation that expires makes the connector Available again and can no longer be cancelled", async () => {
      // 600× faster: the reservation's 30 simulated seconds take 50 ms.
      const cp = await h.setup({ clock: new SimClock(600, T0) });
      const expiryDate = new Date(cp.clock.now() + 30_000).toISOString();
      await h.expectCommand(
        "ReserveNow",
        { reservationId: 8, connectorId: 1, idTag: "TAG-E", expiryDate },
        "Accepted",
        ["StatusNotification 1 Reserved", "StatusNotification 1 Available"],
      );
      expect(cp.clock.now()).toBeGreaterThanOrEqual(Date.parse(expiryDate));
      const expired = h.peer.transcript.payloads.at(-1) as { timestamp: string };
      expect(Date.parse(expired.timestamp)).toBeGreaterThanOrEqual(Date.parse(expiryDate));
      await h.expectCommand("CancelReservation", { reservationId: 8 }, "Rejected");
      await h.expectCommand("RemoteStartTransaction", { connectorId: 1, idTag: "TAG-X" }, "Accepted", [
        "StatusNotification 1 Preparing",
        "Authorize TAG-X",
        "StartTransaction 1 TAG-X",
        "StatusNotification 1 Charging",
      ]);
      h.expectClean();
    });

    it("connector 0 keeps one connector free for its idTag without reporting Reserved", async () => {
      const cp = await h.setup({ clock: new SimClock(1, T0) });
      await h.expectCommand("ReserveNow", reserve(9, 0, "TAG-Z"), "Accepted");
      // Two connectors, one reservation: another idTag may take the first...
      await h.expectCommand("RemoteStartTransaction", { connectorId: 1, idTag: "TAG-A" }, "Accepted", [
        "StatusNotification 1 Preparing",
        "Authorize TAG-A",
        "StartTransaction 1 TAG-A",
        "StatusNotification 1 Charging",
      ]);
      // ...but not the last, and no second reservation of connector 0 fits.
      await h.expectCommand("RemoteStartTransaction", { idTag: "TAG-B" }, "Rejected");
      await expect(cp.startTransaction(2, "TAG-B")).rejects.toThrow(/free connectors are reserved/);
      await h.expectCommand("ReserveNow", reserve(10, 0, "TAG-Y"), "Occupied");
      await h.expectCommand("ReserveNow", reserve(10, 2, "TAG-Y"), "Occupied");
      await h.expectCommand("RemoteStartTransaction", { idTag: "TAG-Z" }, "Accepted", [
        "StatusNotification 2 Preparing",
        "Authorize TAG-Z",
        "StartTransaction 2 TAG-Z reservation 9",
        "StatusNotification 2 Charging",
      ]);
      h.expectClean();
    });

    it("connector 0 is Rejected when ReserveConnectorZeroSupported is false", async () => {
      await h.setup({ clock: new SimClock(1, T0), config: { ReserveConnectorZeroSupported: "false" } });
      await h.expectCommand("ReserveNow", reserve(1, 0, "TAG-Z"), "Rejected");
      await h.expectCommand("GetConfiguration", { key: ["SupportedFeatureProfiles"] }, undefined);
      expect(h.lastPayload("reply GetConfiguration")).toEqual({
        configurationKey: [
          {
            key: "SupportedFeatureProfiles",
            readonly: true,
            value: "Core,FirmwareManagement,LocalAuthListManagement,Reservation,RemoteTrigger,SmartCharging",
          },
        ],
      });
      h.expectClean();
    });
  });
}
