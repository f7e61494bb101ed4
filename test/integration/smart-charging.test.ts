// Smart charging against both central systems (cpsim's embedded one and ocpp-rpc in strict mode):
// the answers to SetChargingProfile, ClearChargingProfile and GetCompositeSchedule, and the meter
// under a profile, on a frozen clock so energies and times are exact.
import { Settings } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SimClock } from "../../src/util/clock.ts";
import { CommandHarness } from "./command-harness.ts";
import { type CommandPeer, embeddedPeer, ocppRpcPeer, type PeerOptions } from "./command-peers.ts";

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString();

/** 3.68 kW for the first 30 minutes of the transaction, then 7.36 kW. */
const STEP_UP = {
  chargingProfileId: 7,
  stackLevel: 0,
  chargingProfilePurpose: "TxProfile",
  chargingProfileKind: "Relative",
  chargingSchedule: {
    chargingRateUnit: "W",
    chargingSchedulePeriod: [
      { startPeriod: 0, limit: 3680 },
      { startPeriod: 1800, limit: 7360 },
    ],
  },
};

function txDefault(id: number, stackLevel: number, limitA: number, extra: Record<string, unknown> = {}) {
  return {
    chargingProfileId: id,
    stackLevel,
    chargingProfilePurpose: "TxDefaultProfile",
    chargingProfileKind: "Absolute",
    chargingSchedule: {
      startSchedule: iso(T0),
      chargingRateUnit: "A",
      chargingSchedulePeriod: [{ startPeriod: 0, limit: limitA }],
    },
    ...extra,
  };
}

const PEERS: [string, (opts: PeerOptions) => Promise<CommandPeer>][] = [
  ["the embedded central system", embeddedPeer],
  ["ocpp-rpc (strict mode)", ocppRpcPeer],
  ["the embedded central system over SOAP 1.6", (o: PeerOptions) => embeddedPeer(o, "soap")],
];

for (const [name, startPeer] of PEERS) {
  describe(`smart charging with ${name}`, () => {
    const h = new CommandHarness(startPeer);
    let now = T0;
    const realNow = Settings.now;

    beforeEach(() => {
      now = T0;
      Settings.now = () => now;
    });
    afterEach(async () => {
      await h.close();
      Settings.now = realNow;
    });

    /** A booted two-connector charge point on the frozen clock, sending energy and power. */
    async function setup(config: Record<string, string> = {}) {
      const cp = await h.setup({
        clock: new SimClock(),
        config: { MeterValuesSampledData: "Energy.Active.Import.Register,Power.Active.Import", ...config },
      });
      return { cp, peer: h.peer };
    }

    const expectCommand = (
      action: string,
      payload: Record<string, unknown>,
      answer: string,
      followUps?: string[],
    ) => h.expectCommand(action, payload, answer, followUps);

    const setProfile = (connectorId: number, csChargingProfiles: unknown, answer: string) =>
      expectCommand("SetChargingProfile", { connectorId, csChargingProfiles }, answer);

    /** Triggers a MeterValues on connector 1 and returns its values by measurand. */
    async function meterNow(): Promise<Record<string, string>> {
      await expectCommand("TriggerMessage", { requestedMessage: "MeterValues", connectorId: 1 }, "Accepted", [
        "MeterValues 1 Trigger",
      ]);
      const [reading] = h.peer.calls.of("MeterValues").at(-1)!.params.meterValue as {
        timestamp: string;
        sampledValue: { measurand: string; value: string }[];
      }[];
      expect(reading!.timestamp).toBe(iso(now));
      return Object.fromEntries(reading!.sampledValue.map((v) => [v.measurand, v.value]));
    }

    const expectClean = () => h.expectClean();

    it("SetChargingProfile: Accepted, or Rejected for a profile the charge point cannot hold", async () => {
      const { cp } = await setup({ ChargingScheduleAllowedChargingRateUnit: "Current" });
      const answer = await h.peer.call("GetConfiguration", { key: ["SupportedFeatureProfiles"] });
      expect(answer.configurationKey).toEqual([
        {
          key: "SupportedFeatureProfiles",
          readonly: true,
          value: "Core,FirmwareManagement,LocalAuthListManagement,Reservation,RemoteTrigger,SmartCharging",
        },
      ]);
      await setProfile(0, txDefault(1, 0, 16), "Accepted");
      await setProfile(
        1,
        { ...txDefault(2, 0, 16), chargingProfilePurpose: "ChargePointMaxProfile" },
        "Rejected",
      );
      await setProfile(3, txDefault(2, 0, 16), "Rejected");
      await setProfile(0, txDefault(2, 11, 16), "Rejected");
      const periods = Array.from({ length: 25 }, (_, i) => ({ startPeriod: i * 60, limit: 16 }));
      await setProfile(
        0,
        {
          ...txDefault(2, 1, 16),
          chargingSchedule: { chargingRateUnit: "A", chargingSchedulePeriod: periods },
        },
        "Rejected",
      );
      // Only Current is allowed here.
      const watts = {
        startSchedule: iso(T0),
        chargingRateUnit: "W",
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 7360 }],
      };
      await setProfile(0, { ...txDefault(2, 1, 16), chargingSchedule: watts }, "Rejected");
      // A TxProfile needs a transaction on its connector, and names that one if it names any.
      const amps = { chargingRateUnit: "A", chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] };
      await setProfile(1, { ...STEP_UP, chargingSchedule: amps }, "Rejected");
      const { transactionId } = await cp.startTransaction(1, "TAG-SC");
      await setProfile(
        1,
        { ...STEP_UP, transactionId: Number(transactionId) + 1, chargingSchedule: amps },
        "Rejected",
      );
      await setProfile(1, { ...STEP_UP, transactionId, chargingSchedule: amps }, "Accepted");
      expect(cp.connector(1).meter.power).toBe(6900);
      expectClean();
    });

    it("ClearChargingProfile: by id, by purpose and stackLevel, or all; Unknown when none matches; the power follows", async () => {
      const { cp } = await setup();
      await cp.startTransaction(1, "TAG-SC");
      await setProfile(0, txDefault(1, 0, 16), "Accepted");
      await setProfile(0, txDefault(2, 1, 10), "Accepted");
      await setProfile(2, txDefault(3, 1, 6), "Accepted");
      expect(await meterNow()).toEqual({
        "Energy.Active.Import.Register": "0",
        "Power.Active.Import": "6900",
      });
      await expectCommand("ClearChargingProfile", { id: 2 }, "Accepted");
      await expectCommand("ClearChargingProfile", { id: 2 }, "Unknown");
      expect(await meterNow()).toEqual({
        "Energy.Active.Import.Register": "0",
        "Power.Active.Import": "11000",
      });
      await expectCommand(
        "ClearChargingProfile",
        { chargingProfilePurpose: "TxDefaultProfile", stackLevel: 5 },
        "Unknown",
      );
      await expectCommand(
        "ClearChargingProfile",
        { connectorId: 2, chargingProfilePurpose: "TxDefaultProfile", stackLevel: 1 },
        "Accepted",
      );
      await expectCommand("ClearChargingProfile", {}, "Accepted");
      await expectCommand("ClearChargingProfile", {}, "Unknown");
      expect(cp.charging.installed).toEqual([]);
      expectClean();
    });

    it("GetCompositeSchedule: the stacked limits from now in W or A; Rejected for a connector that does not exist", async () => {
      await setup();
      await setProfile(
        0,
        { ...txDefault(1, 0, 20), chargingProfilePurpose: "ChargePointMaxProfile" },
        "Accepted",
      );
      await setProfile(
        0,
        {
          ...STEP_UP,
          chargingProfilePurpose: "TxDefaultProfile",
          chargingSchedule: {
            chargingRateUnit: "W",
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 3680 },
              { startPeriod: 1800, limit: 16000 },
            ],
          },
        },
        "Accepted",
      );
      now = T0 + 10 * MIN;
      const schedule = (chargingRateUnit: string, chargingSchedulePeriod: unknown[]) => ({
        status: "Accepted",
        connectorId: 1,
        scheduleStart: iso(now),
        chargingSchedule: {
          duration: 3600,
          startSchedule: iso(now),
          chargingRateUnit,
          chargingSchedulePeriod,
        },
      });
      // Without a transaction the relative profile counts from now, as a transaction starting now would.
      expect(
        await h.peer.call("GetCompositeSchedule", { connectorId: 1, duration: 3600, chargingRateUnit: "W" }),
      ).toEqual(
        schedule("W", [
          { startPeriod: 0, limit: 3680 },
          { startPeriod: 1800, limit: 13800 },
        ]),
      );
      expect(
        await h.peer.call("GetCompositeSchedule", { connectorId: 1, duration: 3600, chargingRateUnit: "A" }),
      ).toEqual(
        schedule("A", [
          { startPeriod: 0, limit: 5.3 },
          { startPeriod: 1800, limit: 20 },
        ]),
      );
      expect(await h.peer.call("GetCompositeSchedule", { connectorId: 0, duration: 600 })).toMatchObject({
        connectorId: 0,
        chargingSchedule: { chargingRateUnit: "A", chargingSchedulePeriod: [{ startPeriod: 0, limit: 20 }] },
      });
      expect(await h.peer.call("GetCompositeSchedule", { connectorId: 3, duration: 600 })).toEqual({
        status: "Rejected",
      });
      expectClean();
    });

    it("the meter follows a remote start's TxProfile exactly: 11 kW asked, 3.68 kW for 30 minutes, then 7.36 kW", async () => {
      const { cp } = await setup({ AuthorizeRemoteTxRequests: "false" });
      await expectCommand(
        "RemoteStartTransaction",
        { connectorId: 1, idTag: "TAG-SC", chargingProfile: STEP_UP },
        "Accepted",
        ["StatusNotification 1 Preparing", "StartTransaction 1 TAG-SC", "StatusNotification 1 Charging"],
      );
      const transactionId = cp.connector(1).transaction!.id;
      now = T0 + 15 * MIN;
      expect(await meterNow()).toEqual({
        "Energy.Active.Import.Register": "920",
        "Power.Active.Import": "3680",
      });
      now = T0 + 45 * MIN;
      expect(await meterNow()).toEqual({
        "Energy.Active.Import.Register": "3680",
        "Power.Active.Import": "7360",
      });
      now = T0 + 60 * MIN;
      await expectCommand("RemoteStopTransaction", { transactionId }, "Accepted", [
        "StopTransaction Remote",
        "StatusNotification 1 Finishing",
      ]);
      const [stop] = h.peer.calls.of("StopTransaction");
      expect(stop!.params).toMatchObject({ meterStop: 1840 + 3680, timestamp: iso(T0 + 60 * MIN) });
      // The TxProfile ended with its transaction.
      expect(cp.charging.installed).toEqual([]);
      expectClean();
    });
  });
}
