// Central-system commands and what a charge point does about them, as one suite run against two
// central systems: cpsim's embedded one and ocpp-rpc in strict mode (see command-peers.ts).
import { afterEach, describe, expect, it } from "vitest";
import type { ChargePointOptions } from "../../src/chargepoint/charge-point.ts";
import { SimClock } from "../../src/util/clock.ts";
import { CommandHarness } from "./command-harness.ts";
import { type CommandPeer, CP, type PeerOptions } from "./command-peers.ts";

export function commandTests(name: string, startPeer: (opts: PeerOptions) => Promise<CommandPeer>): void {
  describe(`central system commands from ${name}`, () => {
    const h = new CommandHarness(startPeer);

    afterEach(() => h.close());

    /** A booted two-connector charge point; sampling is off unless the options turn it on. */
    async function setup(opts: PeerOptions & Partial<ChargePointOptions> = {}) {
      const cp = await h.setup(opts);
      return { cp, peer: h.peer, events: h.t.events };
    }

    const expectCommand = (
      action: string,
      payload: Record<string, unknown>,
      answer: string,
      followUps?: string[],
    ) => h.expectCommand(action, payload, answer, followUps);

    const expectClean = () => h.expectClean();

    it("RemoteStartTransaction: the first free connector, Preparing, Authorize, StartTransaction, Charging, MeterValues", async () => {
      const { cp } = await setup({ clock: new SimClock(60), config: { MeterValueSampleInterval: "1" } });
      const mark = h.peer.transcript.lines.length;
      expect(await h.peer.command("RemoteStartTransaction", { idTag: "TAG-R1" })).toBe("Accepted");
      await h.peer.transcript.waitForLines(mark, 6);
      expect(h.peer.transcript.since(mark).slice(0, 6)).toEqual([
        "reply RemoteStartTransaction Accepted",
        "StatusNotification 1 Preparing",
        "Authorize TAG-R1",
        "StartTransaction 1 TAG-R1",
        "StatusNotification 1 Charging",
        "MeterValues 1 Sample.Periodic",
      ]);
      expect(cp.connector(1).transaction).toMatchObject({ idTag: "TAG-R1" });
      expectClean();
    });

    it("RemoteStartTransaction: skips Authorize when AuthorizeRemoteTxRequests is false, rejects busy or missing connectors", async () => {
      await setup();
      await expectCommand("RemoteStartTransaction", { connectorId: 1, idTag: "TAG-A" }, "Accepted", [
        "StatusNotification 1 Preparing",
        "Authorize TAG-A",
        "StartTransaction 1 TAG-A",
        "StatusNotification 1 Charging",
      ]);
      await expectCommand("RemoteStartTransaction", { connectorId: 1, idTag: "TAG-B" }, "Rejected");
      await expectCommand(
        "ChangeConfiguration",
        { key: "AuthorizeRemoteTxRequests", value: "false" },
        "Accepted",
      );
      await expectCommand("RemoteStartTransaction", { idTag: "TAG-B" }, "Accepted", [
        "StatusNotification 2 Preparing",
        "StartTransaction 2 TAG-B",
        "StatusNotification 2 Charging",
      ]);
      await expectCommand("RemoteStartTransaction", { idTag: "TAG-C" }, "Rejected");
      await expectCommand("RemoteStartTransaction", { connectorId: 3, idTag: "TAG-C" }, "Rejected");
      expectClean();
    });

    it("RemoteStartTransaction: an idTag the central system refuses starts nothing and the connector is Available again", async () => {
      const { cp } = await setup({ authorize: (idTag) => (idTag === "TAG-BAD" ? "Invalid" : "Accepted") });
      await expectCommand("RemoteStartTransaction", { connectorId: 1, idTag: "TAG-BAD" }, "Accepted", [
        "StatusNotification 1 Preparing",
        "Authorize TAG-BAD",
        "StatusNotification 1 Available",
      ]);
      expect(cp.connector(1)).toMatchObject({ transaction: undefined, plugged: false, status: "Available" });
      expectClean();
    });

    it("RemoteStartTransaction: Faulted and Unavailable connectors refuse", async () => {
      const { cp } = await setup();
      await cp.fault(1, "GroundFailure");
      await expectCommand("RemoteStartTransaction", { connectorId: 1, idTag: "TAG-F" }, "Rejected");
      await expectCommand("ChangeAvailability", { connectorId: 2, type: "Inoperative" }, "Accepted", [
        "StatusNotification 2 Unavailable",
      ]);
      await expectCommand("RemoteStartTransaction", { connectorId: 2, idTag: "TAG-F" }, "Rejected");
      await expectCommand("RemoteStartTransaction", { idTag: "TAG-F" }, "Rejected");
      expectClean();
    });

    it("RemoteStopTransaction: StopTransaction with reason Remote for a running transaction, Rejected otherwise", async () => {
      const { cp } = await setup();
      const { transactionId } = await cp.startTransaction(1, "TAG-S");
      const id = Number(transactionId);
      await expectCommand("RemoteStopTransaction", { transactionId: id + 1 }, "Rejected");
      await expectCommand("RemoteStopTransaction", { transactionId: id }, "Accepted", [
        "StopTransaction Remote",
        "StatusNotification 1 Finishing",
      ]);
      await expectCommand("RemoteStopTransaction", { transactionId: id }, "Rejected");
      expectClean();
    });

    it("Reset Soft: stops the transaction with SoftReset, reconnects, boots and reports its statuses", async () => {
      const { cp, events } = await setup();
      await cp.startTransaction(1, "TAG-X");
      await expectCommand("Reset", { type: "Soft" }, "Accepted", [
        "StopTransaction SoftReset",
        "StatusNotification 1 Finishing",
        "BootNotification",
        "StatusNotification 0 Available",
        "StatusNotification 1 Finishing",
        "StatusNotification 2 Available",
      ]);
      expect(events).toContainEqual({ type: "reset", cp: CP, kind: "Soft" });
      expect(cp.registration).toBe("Accepted");
      // The new connection serves commands as the old one did.
      await expectCommand("TriggerMessage", { requestedMessage: "Heartbeat" }, "Accepted", ["Heartbeat"]);
      expectClean();
    });

    it("Reset Hard: stops with HardReset, then reboots", async () => {
      const { cp, events } = await setup();
      await cp.startTransaction(2, "TAG-H");
      await expectCommand("Reset", { type: "Hard" }, "Accepted", [
        "StopTransaction HardReset",
        "StatusNotification 2 Finishing",
        "BootNotification",
        "StatusNotification 0 Available",
        "StatusNotification 1 Available",
        "StatusNotification 2 Finishing",
      ]);
      expect(events).toContainEqual({ type: "reset", cp: CP, kind: "Hard" });
      expect(cp.connected).toBe(true);
      expectClean();
    });

    it("ChangeAvailability: a connector goes Unavailable and back; the same state again sends nothing", async () => {
      await setup();
      await expectCommand("ChangeAvailability", { connectorId: 1, type: "Inoperative" }, "Accepted", [
        "StatusNotification 1 Unavailable",
      ]);
      await expectCommand("ChangeAvailability", { connectorId: 1, type: "Inoperative" }, "Accepted");
      await expectCommand("RemoteStartTransaction", { connectorId: 1, idTag: "TAG-U" }, "Rejected");
      await expectCommand("ChangeAvailability", { connectorId: 1, type: "Operative" }, "Accepted", [
        "StatusNotification 1 Available",
      ]);
      await expectCommand("ChangeAvailability", { connectorId: 3, type: "Inoperative" }, "Rejected");
      expectClean();
    });

    it("ChangeAvailability: the whole charge point during a transaction is Scheduled and applied when it stops", async () => {
      const { cp } = await setup();
      const { transactionId } = await cp.startTransaction(1, "TAG-Q");
      await expectCommand("ChangeAvailability", { connectorId: 0, type: "Inoperative" }, "Scheduled", [
        "StatusNotification 2 Unavailable",
      ]);
      await expectCommand("RemoteStopTransaction", { transactionId: Number(transactionId) }, "Accepted", [
        "StopTransaction Remote",
        "StatusNotification 1 Unavailable",
        "StatusNotification 0 Unavailable",
      ]);
      // The EV's cable is still in, so connector 1 comes back Preparing.
      await expectCommand("ChangeAvailability", { connectorId: 0, type: "Operative" }, "Accepted", [
        "StatusNotification 0 Available",
        "StatusNotification 1 Preparing",
        "StatusNotification 2 Available",
      ]);
      expectClean();
    });

    it("UnlockConnector: stops a running transaction with UnlockCommand before answering Unlocked", async () => {
      const { cp } = await setup();
      await expectCommand("UnlockConnector", { connectorId: 1 }, "Unlocked");
      await expectCommand("UnlockConnector", { connectorId: 3 }, "NotSupported");
      await cp.startTransaction(1, "TAG-L");
      const mark = h.peer.transcript.lines.length;
      expect(await h.peer.command("UnlockConnector", { connectorId: 1 })).toBe("Unlocked");
      expect(h.peer.transcript.since(mark)).toEqual([
        "StopTransaction UnlockCommand",
        "StatusNotification 1 Finishing",
        "reply UnlockConnector Unlocked",
      ]);
      expect(cp.connector(1).transaction).toBeUndefined();
      expectClean();
    });

    it("TriggerMessage: sends each requested message after the answer; a connector that does not exist is Rejected", async () => {
      await setup();
      const trigger = (requestedMessage: string, connectorId?: number) => ({
        requestedMessage,
        ...(connectorId === undefined ? {} : { connectorId }),
      });
      await expectCommand("TriggerMessage", trigger("Heartbeat"), "Accepted", ["Heartbeat"]);
      await expectCommand("TriggerMessage", trigger("BootNotification"), "Accepted", ["BootNotification"]);
      await expectCommand("TriggerMessage", trigger("StatusNotification", 1), "Accepted", [
        "StatusNotification 1 Available",
      ]);
      await expectCommand("TriggerMessage", trigger("StatusNotification"), "Accepted", [
        "StatusNotification 0 Available",
        "StatusNotification 1 Available",
        "StatusNotification 2 Available",
      ]);
      await expectCommand("TriggerMessage", trigger("MeterValues", 2), "Accepted", ["MeterValues 2 Trigger"]);
      await expectCommand("TriggerMessage", trigger("MeterValues"), "Accepted", [
        "MeterValues 1 Trigger",
        "MeterValues 2 Trigger",
      ]);
      await expectCommand("TriggerMessage", trigger("DiagnosticsStatusNotification"), "Accepted", [
        "DiagnosticsStatusNotification Idle",
      ]);
      await expectCommand("TriggerMessage", trigger("FirmwareStatusNotification"), "Accepted", [
        "FirmwareStatusNotification Idle",
      ]);
      await expectCommand("TriggerMessage", trigger("StatusNotification", 3), "Rejected");
      await expectCommand("TriggerMessage", trigger("MeterValues", 0), "Rejected");
      expectClean();
    });

    it("Get/ChangeConfiguration: JavaScript's own names (constructor, __proto__, toString) are unknown keys", async () => {
      await setup();
      expect(
        await h.peer.call("GetConfiguration", { key: ["__proto__", "toString", "NumberOfConnectors"] }),
      ).toEqual({
        configurationKey: [{ key: "NumberOfConnectors", readonly: true, value: "2" }],
        unknownKey: ["__proto__", "toString"],
      });
      await expectCommand("ChangeConfiguration", { key: "constructor", value: "1" }, "NotSupported");
      await expectCommand("ChangeConfiguration", { key: "__proto__", value: "1" }, "NotSupported");
      expectClean();
    });
  });
}
