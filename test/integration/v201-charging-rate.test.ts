// OCPP 2.0.1: a running transaction whose allowed power the charging profiles change reports it,
// TransactionEvent Updated with triggerReason ChargingRateChanged, when the change passes
// SmartChargingCtrlr.LimitChangeSignificance (10 % by default); against the embedded central
// system and ocpp-rpc strict ocpp2.0.1.
import { describe, expect, it } from "vitest";
import { absolute, type Payload, PEERS_201, relative, stationHarness, T0 } from "./v201-smart-peers.ts";

const MIN = 60_000;
const rateChanged = (c: { params: Payload }) => c.params.triggerReason === "ChargingRateChanged";

for (const [name, startPeer] of PEERS_201) {
  describe(`2.0.1 ChargingRateChanged with ${name}`, () => {
    const h = stationHarness(startPeer);

    it("SetChargingProfile and ClearChargingProfile that change the limit report it; a change within LimitChangeSignificance does not", async () => {
      const { peer, t } = await h.setup();
      const started = peer.log.waitForCount("TransactionEvent", 1, (c) => c.params.eventType === "Started");
      await t.cp.startTransaction(1, "TAG-RATE");
      await started;
      const transactionId = (peer.log.of("TransactionEvent")[0]!.params as Payload).transactionInfo
        .transactionId as string;
      h.advance(5 * MIN);
      // 32 A (the rated current) to 16 A: half.
      const first = peer.log.waitForCount("TransactionEvent", 1, rateChanged);
      const tx = { ...absolute(1, "TxProfile", 0, 16), transactionId };
      expect(await peer.call("SetChargingProfile", { evseId: 1, chargingProfile: tx })).toEqual({
        status: "Accepted",
      });
      await first;
      // A station limit of 31 A changes nothing under 16 A; then the TxProfile goes: 16 A to 31 A.
      const station = absolute(2, "ChargingStationMaxProfile", 0, 31);
      expect(await peer.call("SetChargingProfile", { evseId: 0, chargingProfile: station })).toEqual({
        status: "Accepted",
      });
      const second = peer.log.waitForCount("TransactionEvent", 2, rateChanged);
      expect(await peer.call("ClearChargingProfile", { chargingProfileId: 1 })).toEqual({
        status: "Accepted",
      });
      await second;
      // With the TxProfile gone, 31 A back to 32 A is within 10 %: the two events are all.
      expect(await peer.call("ClearChargingProfile", { chargingProfileId: 2 })).toEqual({
        status: "Accepted",
      });
      const ended = peer.log.waitForCount("TransactionEvent", 1, (c) => c.params.eventType === "Ended");
      await t.cp.stopTransaction(1);
      await ended;
      const events = peer.log.of("TransactionEvent").map((c) => c.params as Payload);
      const changes = events.filter((e) => e.triggerReason === "ChargingRateChanged");
      expect(changes).toHaveLength(2);
      for (const e of changes)
        expect(e).toMatchObject({ eventType: "Updated", transactionInfo: { transactionId } });
      expect(events.map((e) => e.seqNo)).toEqual(events.map((_, i) => i));
      expect(peer.problems()).toEqual([]);
      expect(t.problems).toEqual([]);
    });

    it("a schedule period's boundary that changes the limit reports it at the boundary", async () => {
      const { peer, t } = await h.setup();
      const profile = relative(3, "TxDefaultProfile", [
        [0, 3680],
        [1800, 7360],
      ]);
      expect(await peer.call("SetChargingProfile", { evseId: 1, chargingProfile: profile })).toEqual({
        status: "Accepted",
      });
      const started = peer.log.waitForCount("TransactionEvent", 1, (c) => c.params.eventType === "Started");
      await t.cp.startTransaction(1, "TAG-RATE");
      await started;
      const changed = peer.log.waitForCount("TransactionEvent", 1, rateChanged);
      h.advance(45 * MIN);
      // A reading applies the boundary it passed (the timer may not have fired on the frozen clock).
      await t.cp.sendMeterValues(1);
      await changed;
      // Stamped at the boundary (30 minutes in), not when it was noticed; the limit it started
      // under (the first period) was no change.
      const events = peer.log.of("TransactionEvent").map((c) => c.params as Payload);
      expect(events.filter((e) => e.triggerReason === "ChargingRateChanged")).toEqual([
        expect.objectContaining({ eventType: "Updated", timestamp: new Date(T0 + 30 * MIN).toISOString() }),
      ]);
      expect(peer.problems()).toEqual([]);
      expect(t.problems).toEqual([]);
    });

    it("LimitChangeSignificance is a decimal percentage: 2.5 is accepted, and a 3 % change then reports", async () => {
      const { peer, t } = await h.setup();
      const significance = {
        component: { name: "SmartChargingCtrlr" },
        variable: { name: "LimitChangeSignificance" },
      };
      const set = await peer.call("SetVariables", {
        setVariableData: [{ ...significance, attributeValue: "2.5" }],
      });
      expect(set.setVariableResult).toMatchObject([{ attributeStatus: "Accepted" }]);
      const got = await peer.call("GetVariables", { getVariableData: [significance] });
      expect(got.getVariableResult).toMatchObject([{ attributeStatus: "Accepted", attributeValue: "2.5" }]);
      const started = peer.log.waitForCount("TransactionEvent", 1, (c) => c.params.eventType === "Started");
      await t.cp.startTransaction(1, "TAG-RATE");
      await started;
      h.advance(5 * MIN);
      // 32 A (the rated current) to 31 A: 3.125 %, within the default 10 % but past 2.5 %.
      const changed = peer.log.waitForCount("TransactionEvent", 1, rateChanged);
      const station = absolute(1, "ChargingStationMaxProfile", 0, 31);
      expect(await peer.call("SetChargingProfile", { evseId: 0, chargingProfile: station })).toEqual({
        status: "Accepted",
      });
      await changed;
      expect(peer.problems()).toEqual([]);
      expect(t.problems).toEqual([]);
    });
  });
}
