// OCPP 2.0.1 smart charging end to end, against the embedded central system and ocpp-rpc strict
// (ocpp2.0.1): SetChargingProfile, GetChargingProfiles and its ReportChargingProfiles, Clear,
// GetCompositeSchedule, and the meter under a RequestStartTransaction's TxProfile, on a frozen
// clock at a time scale of 60 so the energies are exact.
import { describe, expect, it } from "vitest";
import {
  absolute,
  iso,
  type Payload,
  PEERS_201,
  type Peer201,
  relative,
  stationHarness,
  stepUp,
  T0,
} from "./v201-smart-peers.ts";

const MIN = 60_000;

for (const [name, startPeer] of PEERS_201) {
  describe(`2.0.1 smart charging with ${name}`, () => {
    const h = stationHarness(startPeer);

    async function set(peer: Peer201, evseId: number, chargingProfile: Payload) {
      return peer.call("SetChargingProfile", { evseId, chargingProfile });
    }

    /** GetChargingProfiles, then the ReportChargingProfiles that follow it. */
    async function report(peer: Peer201, requestId: number, criteria: Payload, evseId?: number) {
      const answer = await peer.call("GetChargingProfiles", {
        requestId,
        chargingProfile: criteria,
        ...(evseId !== undefined && { evseId }),
      });
      if (answer.status !== "Accepted") return { answer, reports: [] };
      const mine = (c: { params: Payload }) => c.params.requestId === requestId;
      // The last part has no tbc: wait for it, then read all of this request's parts.
      await peer.log.waitForCount("ReportChargingProfiles", 1, (c) => mine(c) && !c.params.tbc);
      return {
        answer,
        reports: peer.log
          .of("ReportChargingProfiles")
          .filter(mine)
          .map((c) => c.params),
      };
    }

    const ids = (r: Payload) => r.chargingProfile.map((p: Payload) => p.id);

    it("sets, reports in parts per EVSE, counts and clears profiles", async () => {
      const { peer } = await h.setup();
      expect(await set(peer, 0, absolute(1, "TxDefaultProfile", 0, 16))).toEqual({ status: "Accepted" });
      expect(await set(peer, 2, absolute(2, "TxDefaultProfile", 1, 10))).toEqual({ status: "Accepted" });
      expect(await set(peer, 0, absolute(3, "ChargingStationMaxProfile", 0, 20000, "W"))).toEqual({
        status: "Accepted",
      });
      // 2.0.1 refuses the same purpose and stackLevel at overlapping times (1.6 replaced it)...
      expect(await set(peer, 0, absolute(4, "TxDefaultProfile", 0, 12))).toMatchObject({
        status: "Rejected",
        statusInfo: { reasonCode: "InvalidProfile", additionalInfo: expect.stringMatching(/profile 1/) },
      });
      // ...and a profile with the same id replaces the old one.
      expect(await set(peer, 0, absolute(1, "TxDefaultProfile", 0, 14))).toEqual({ status: "Accepted" });

      const all = await report(peer, 5, {});
      expect(all.answer).toEqual({ status: "Accepted" });
      expect(all.reports.map((r) => [r.evseId, r.chargingLimitSource, r.tbc ?? false, ids(r)])).toEqual([
        [0, "CSO", true, [3, 1]],
        [2, "CSO", false, [2]],
      ]);
      expect((all.reports[0] as Payload).chargingProfile[1]).toEqual({
        ...absolute(1, "TxDefaultProfile", 0, 14),
        chargingSchedule: [
          {
            id: 10,
            startSchedule: iso(T0),
            chargingRateUnit: "A",
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 14 }],
          },
        ],
      });
      const level1 = await report(peer, 6, { chargingProfilePurpose: "TxDefaultProfile", stackLevel: 1 });
      expect(level1.reports.map(ids)).toEqual([[2]]);
      expect((await report(peer, 7, { chargingProfileId: [3] })).reports.map(ids)).toEqual([[3]]);
      expect((await report(peer, 8, {}, 1)).answer).toEqual({ status: "NoProfiles" });
      expect((await report(peer, 9, { chargingLimitSource: ["EMS"] })).answer).toEqual({
        status: "NoProfiles",
      });

      const entries = await peer.call("GetVariables", {
        getVariableData: [
          {
            component: { name: "SmartChargingCtrlr" },
            variable: { name: "Entries", instance: "ChargingProfiles" },
          },
        ],
      });
      expect(entries.getVariableResult[0]).toMatchObject({
        attributeStatus: "Accepted",
        attributeValue: "3",
      });

      const clear = (payload: Payload) => peer.call("ClearChargingProfile", payload);
      expect(await clear({ chargingProfileId: 2 })).toEqual({ status: "Accepted" });
      expect(await clear({ chargingProfileId: 2 })).toEqual({ status: "Unknown" });
      expect(
        await clear({
          chargingProfileCriteria: { chargingProfilePurpose: "ChargingStationExternalConstraints" },
        }),
      ).toEqual({ status: "Unknown" });
      expect(
        await clear({
          chargingProfileCriteria: { evseId: 0, chargingProfilePurpose: "ChargingStationMaxProfile" },
        }),
      ).toEqual({ status: "Accepted" });
      expect(await clear({})).toEqual({ status: "Accepted" });
      expect(await clear({})).toEqual({ status: "Unknown" });
      expect((await report(peer, 10, {})).answer).toEqual({ status: "NoProfiles" });
      expect(peer.problems()).toEqual([]);
    });

    it("GetCompositeSchedule: the stacked limits from now, the station's maximum where none limits", async () => {
      const { peer } = await h.setup();
      await set(peer, 0, absolute(1, "ChargingStationMaxProfile", 0, 20));
      await set(
        peer,
        0,
        relative(2, "TxDefaultProfile", [
          [0, 3680],
          [1800, 16000],
        ]),
      );
      h.advance(10 * MIN);
      const composite = (payload: Payload) => peer.call("GetCompositeSchedule", payload);
      const schedule = (evseId: number, chargingRateUnit: string, chargingSchedulePeriod: Payload[]) => ({
        status: "Accepted",
        schedule: {
          evseId,
          duration: 3600,
          scheduleStart: iso(h.simNow()),
          chargingRateUnit,
          chargingSchedulePeriod,
        },
      });
      // Without a transaction the relative profile counts from now, as for a transaction starting now;
      // from 1800 s the station's 20 A (13.8 kW) is below the 16 kW.
      expect(await composite({ evseId: 1, duration: 3600, chargingRateUnit: "W" })).toEqual(
        schedule(1, "W", [
          { startPeriod: 0, limit: 3680 },
          { startPeriod: 1800, limit: 13800 },
        ]),
      );
      expect(await composite({ evseId: 0, duration: 3600 })).toEqual(
        schedule(0, "A", [{ startPeriod: 0, limit: 20 }]),
      );
      await peer.call("ClearChargingProfile", {});
      expect(await composite({ evseId: 2, duration: 3600, chargingRateUnit: "A" })).toEqual(
        schedule(2, "A", [{ startPeriod: 0, limit: 32 }]),
      );
      expect(peer.problems()).toEqual([]);
    });

    it("RequestStartTransaction's TxProfile governs its transaction: the meter follows it exactly, and it ends with it", async () => {
      const { peer, t } = await h.setup({ StopTxnSampledData: "Energy.Active.Import.Register" });
      const started = peer.log.waitForCount("TransactionEvent", 1, (c) => c.params.eventType === "Started");
      expect(
        await peer.call("RequestStartTransaction", {
          evseId: 1,
          remoteStartId: 9,
          idToken: { idToken: "TAG-SC", type: "Central" },
          chargingProfile: stepUp(7),
        }),
      ).toEqual({ status: "Accepted" });
      await started;
      const transactionId = (peer.log.of("TransactionEvent")[0]!.params as Payload).transactionInfo
        .transactionId;
      // The profile is the transaction's once the Started event is answered; charging begins then.
      await peer.log.waitForCount(
        "TransactionEvent",
        1,
        (c) => c.params.triggerReason === "ChargingStateChanged",
      );
      const tx = await report(peer, 1, { chargingProfilePurpose: "TxProfile" });
      expect(tx.reports).toMatchObject([{ evseId: 1, chargingProfile: [{ id: 7, transactionId }] }]);

      /** Triggers a reading on EVSE 1: a TransactionEvent Updated (Trigger) with its meter values. */
      async function meterNow(): Promise<Record<string, number>> {
        const triggered = (c: { params: Payload }) => c.params.triggerReason === "Trigger";
        const before = peer.log.of("TransactionEvent").filter(triggered).length;
        const sent = peer.log.waitForCount("TransactionEvent", before + 1, triggered);
        expect(
          await peer.call("TriggerMessage", { requestedMessage: "MeterValues", evse: { id: 1 } }),
        ).toEqual({
          status: "Accepted",
        });
        await sent;
        const event = peer.log.of("TransactionEvent").filter(triggered).at(-1)!.params as Payload;
        expect(event.meterValue[0].timestamp).toBe(iso(h.simNow()));
        return Object.fromEntries(
          event.meterValue[0].sampledValue.map((v: Payload) => [v.measurand, v.value]),
        );
      }

      h.advance(15 * MIN);
      expect(await meterNow()).toEqual({ "Energy.Active.Import.Register": 920, "Power.Active.Import": 3680 });
      h.advance(30 * MIN);
      expect(await meterNow()).toEqual({
        "Energy.Active.Import.Register": 3680,
        "Power.Active.Import": 7360,
      });
      h.advance(15 * MIN);
      const ended = peer.log.waitForCount("TransactionEvent", 1, (c) => c.params.eventType === "Ended");
      // The EVSE reports Occupied again (Finishing) once the transaction, and its profile, are gone.
      const finished = peer.log.waitForCount(
        "StatusNotification",
        peer.log.of("StatusNotification").length + 1,
      );
      expect(await peer.call("RequestStopTransaction", { transactionId })).toEqual({ status: "Accepted" });
      await ended;
      const end = peer.log.of("TransactionEvent").find((c) => c.params.eventType === "Ended")!
        .params as Payload;
      expect(end.timestamp).toBe(iso(T0 + 60 * MIN));
      expect(end.meterValue.at(-1).sampledValue[0]).toMatchObject({
        measurand: "Energy.Active.Import.Register",
        value: 1840 + 3680,
      });
      // The TxProfile ended with its transaction.
      await finished;
      expect((await report(peer, 2, {})).answer).toEqual({ status: "NoProfiles" });
      expect(peer.problems()).toEqual([]);
      expect(t.problems).toEqual([]);
    });
  });
}
