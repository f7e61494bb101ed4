// What a 2.0.1 station refuses in smart charging, and how it says so (Part 2 K01, K05, K08):
// against the embedded central system and ocpp-rpc strict (ocpp2.0.1), every answer schema-valid
// and nothing installed or started by a refused request.
import { describe, expect, it } from "vitest";
import { absolute, iso, type Payload, PEERS_201, stationHarness, stepUp, T0 } from "./v201-smart-peers.ts";

const rejected = (reasonCode: string) => ({
  status: "Rejected",
  statusInfo: expect.objectContaining({ reasonCode }),
});

for (const [name, startPeer] of PEERS_201) {
  describe(`2.0.1 smart charging refusals with ${name}`, () => {
    const h = stationHarness(startPeer);

    it("SetChargingProfile: unknown EVSE, external constraints, TxProfiles without their transaction, bad schedules", async () => {
      const { peer, t } = await h.setup();
      const set = (evseId: number, chargingProfile: Payload) =>
        peer.call("SetChargingProfile", { evseId, chargingProfile });
      const txDefault = absolute(1, "TxDefaultProfile", 0, 16);
      const schedule = txDefault.chargingSchedule[0];

      expect(await set(5, txDefault)).toEqual(rejected("UnknownEvse"));
      expect(await set(0, absolute(2, "ChargingStationExternalConstraints", 0, 16))).toEqual(
        rejected("InvalidProfile"),
      );
      expect(await set(1, absolute(3, "ChargingStationMaxProfile", 0, 16))).toEqual(
        rejected("InvalidProfile"),
      );
      // K01.FR.03, K01.FR.09, K01.FR.16: a TxProfile names the transaction running on its EVSE.
      expect(await set(1, stepUp(4))).toEqual(rejected("InvalidProfile"));
      expect(await set(1, { ...stepUp(4), transactionId: "no-such-tx" })).toEqual(rejected("TxNotFound"));
      expect(await set(0, { ...stepUp(4), transactionId: "no-such-tx" })).toEqual(rejected("InvalidProfile"));
      // The schedule: one only, from startPeriod 0, startSchedule as the kind asks, no phase switching.
      expect(await set(0, { ...txDefault, chargingSchedule: [schedule, { ...schedule, id: 11 }] })).toEqual(
        rejected("InvalidSchedule"),
      );
      const periods = (p: Payload[]) => ({
        ...txDefault,
        chargingSchedule: [{ ...schedule, chargingSchedulePeriod: p }],
      });
      expect(await set(0, periods([{ startPeriod: 60, limit: 16 }]))).toEqual(rejected("InvalidSchedule"));
      expect(await set(0, periods([{ startPeriod: 0, limit: 16, numberPhases: 1, phaseToUse: 2 }]))).toEqual(
        rejected("InvalidSchedule"),
      );
      const { startSchedule: _, ...noStart } = schedule;
      expect(await set(0, { ...txDefault, chargingSchedule: [noStart] })).toEqual(
        rejected("InvalidSchedule"),
      );
      expect(await set(0, { ...txDefault, chargingProfileKind: "Relative" })).toEqual(
        rejected("InvalidSchedule"),
      );
      // The model's own rules, from SmartChargingCtrlr: ProfileStackLevel is 10.
      expect(await set(0, { ...txDefault, stackLevel: 11 })).toMatchObject({
        ...rejected("InvalidProfile"),
        statusInfo: { additionalInfo: expect.stringMatching(/stackLevel 11/) },
      });
      expect(await peer.call("GetChargingProfiles", { requestId: 1, chargingProfile: {} })).toEqual({
        status: "NoProfiles",
      });

      // With a transaction on EVSE 1, only a TxProfile naming it is taken.
      const started = peer.log.waitForCount(
        "TransactionEvent",
        1,
        (c) => c.params.triggerReason === "ChargingStateChanged",
      );
      await t.cp.startTransaction(1, "TAG-SC");
      await started;
      const transactionId = (peer.log.of("TransactionEvent")[0]!.params as Payload).transactionInfo
        .transactionId;
      expect(await set(1, { ...stepUp(4), transactionId: "another-tx" })).toEqual(rejected("TxNotFound"));
      expect(await set(2, { ...stepUp(4), transactionId })).toEqual(rejected("TxNotFound"));
      expect(await set(1, { ...stepUp(4), transactionId })).toEqual({ status: "Accepted" });
      expect(t.cp.connector(1).meter.power).toBe(3680);
      expect(peer.problems()).toEqual([]);
    });

    it("RequestStartTransaction: a profile that is not a fresh TxProfile refuses the start", async () => {
      const { peer, t } = await h.setup();
      const start = (chargingProfile: Payload) =>
        peer.call("RequestStartTransaction", {
          evseId: 1,
          remoteStartId: 3,
          idToken: { idToken: "TAG-SC", type: "Central" },
          chargingProfile,
        });
      expect(await start({ ...stepUp(1), chargingProfilePurpose: "TxDefaultProfile" })).toEqual(
        rejected("InvalidProfile"),
      );
      expect(await start({ ...stepUp(1), transactionId: "tx-1" })).toEqual(rejected("InvalidProfile"));
      expect(await start({ ...stepUp(1), stackLevel: 11 })).toMatchObject({ status: "Rejected" });
      expect(t.cp.connector(1).transaction).toBeUndefined();
      expect(peer.log.of("TransactionEvent")).toEqual([]);
      expect(peer.problems()).toEqual([]);
    });

    it("GetCompositeSchedule of an unknown EVSE or a unit not in RateUnit is Rejected; Enabled false answers as without smart charging", async () => {
      const { peer } = await h.setup({ ChargingScheduleAllowedChargingRateUnit: "Current" });
      expect(await peer.call("GetCompositeSchedule", { evseId: 3, duration: 60 })).toEqual(
        rejected("UnknownEvse"),
      );
      expect(
        await peer.call("GetCompositeSchedule", { evseId: 1, duration: 60, chargingRateUnit: "W" }),
      ).toEqual(rejected("UnsupportedRateUnit"));
      expect(await peer.call("GetCompositeSchedule", { evseId: 1, duration: 60 })).toMatchObject({
        status: "Accepted",
        schedule: { scheduleStart: iso(T0), chargingRateUnit: "A" },
      });
      expect(
        await peer.call("SetVariables", {
          setVariableData: [
            {
              component: { name: "SmartChargingCtrlr" },
              variable: { name: "Enabled" },
              attributeValue: "false",
            },
          ],
        }),
      ).toMatchObject({ setVariableResult: [{ attributeStatus: "Accepted" }] });
      expect(
        await peer.call("SetChargingProfile", {
          evseId: 0,
          chargingProfile: absolute(1, "TxDefaultProfile", 0, 16),
        }),
      ).toEqual(rejected("UnsupportedRequest"));
      expect(await peer.call("GetCompositeSchedule", { evseId: 1, duration: 60 })).toEqual(
        rejected("UnsupportedRequest"),
      );
      expect(peer.problems()).toEqual([]);
    });
  });
}
