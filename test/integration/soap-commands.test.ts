// Every operation of the official ChargePointService WSDL, 1.5 and 1.6, sent by a `soap` client
// that cpsim did not write, with the answer a spec-abiding charge point gives. What follows each
// command is asserted in order by the command suites, which also run over SOAP.
import { afterEach, describe, expect, it } from "vitest";
import { closeChargePoint, makeChargePoint, type TestChargePoint } from "./helpers.ts";
import { type SoapPeer, type SoapVersion, startSoapPeer } from "./soap-peer.ts";

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

interface Case {
  action: string;
  args: () => Record<string, unknown>;
  /** The answer, or a check of it. */
  answer: Record<string, unknown> | ((res: Record<string, unknown>) => void);
  /** Versions that define the operation (default both). */
  only?: SoapVersion;
  /** Awaited before the next case: the follow-up that must have reached the central system. */
  followUp?: (peer: SoapPeer) => Promise<void>;
}

const CASES: Case[] = [
  { action: "GetLocalListVersion", args: () => ({}), answer: { listVersion: 0 } },
  {
    action: "SendLocalList",
    only: "1.6",
    args: () => ({
      listVersion: 3,
      localAuthorizationList: [{ idTag: "LOCAL-1", idTagInfo: { status: "Accepted" } }],
      updateType: "Full",
    }),
    answer: { status: "Accepted" },
  },
  {
    action: "SendLocalList",
    only: "1.5",
    args: () => ({
      updateType: "Full",
      listVersion: 3,
      localAuthorisationList: [{ idTag: "LOCAL-1", idTagInfo: { status: "Accepted" } }],
    }),
    answer: { status: "Accepted" },
  },
  { action: "GetLocalListVersion", args: () => ({}), answer: { listVersion: 3 } },
  { action: "ClearCache", args: () => ({}), answer: { status: "Accepted" } },
  {
    action: "ChangeConfiguration",
    args: () => ({ key: "HeartbeatInterval", value: "120" }),
    answer: { status: "Accepted" },
  },
  {
    action: "ChangeConfiguration",
    args: () => ({ key: "NumberOfConnectors", value: "4" }),
    answer: { status: "Rejected" },
  },
  {
    action: "GetConfiguration",
    args: () => ({ key: ["HeartbeatInterval", "NoSuchKey"] }),
    answer: {
      configurationKey: [{ key: "HeartbeatInterval", readonly: false, value: "120" }],
      unknownKey: ["NoSuchKey"],
    },
  },
  {
    action: "DataTransfer",
    args: () => ({ vendorId: "com.example" }),
    answer: { status: "UnknownVendorId" },
  },
  {
    action: "ReserveNow",
    args: () => ({ connectorId: 1, expiryDate: inAnHour(), idTag: "TAG-RES", reservationId: 7 }),
    answer: { status: "Accepted" },
  },
  { action: "CancelReservation", args: () => ({ reservationId: 7 }), answer: { status: "Accepted" } },
  { action: "CancelReservation", args: () => ({ reservationId: 7 }), answer: { status: "Rejected" } },
  {
    action: "ChangeAvailability",
    args: () => ({ connectorId: 1, type: "Inoperative" }),
    answer: { status: "Accepted" },
  },
  {
    action: "ChangeAvailability",
    args: () => ({ connectorId: 1, type: "Operative" }),
    answer: { status: "Accepted" },
  },
  {
    action: "TriggerMessage",
    only: "1.6",
    args: () => ({ requestedMessage: "Heartbeat" }),
    answer: { status: "Accepted" },
  },
  {
    action: "SetChargingProfile",
    only: "1.6",
    args: () => ({
      connectorId: 0,
      csChargingProfiles: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: "ChargePointMaxProfile",
        chargingProfileKind: "Absolute",
        chargingSchedule: {
          startSchedule: new Date(Date.now() - 60_000).toISOString(),
          chargingRateUnit: "W",
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 7000 }],
        },
      },
    }),
    answer: { status: "Accepted" },
  },
  {
    action: "GetCompositeSchedule",
    only: "1.6",
    args: () => ({ connectorId: 1, duration: 600, chargingRateUnit: "W" }),
    answer: (res) => expect(res).toMatchObject({ status: "Accepted", connectorId: 1 }),
  },
  { action: "ClearChargingProfile", only: "1.6", args: () => ({ id: 1 }), answer: { status: "Accepted" } },
  {
    action: "RemoteStartTransaction",
    args: () => ({ connectorId: 1, idTag: "TAG-REMOTE" }),
    answer: { status: "Accepted" },
    followUp: (peer) => peer.log.waitForCount("StartTransaction", 1),
  },
  {
    action: "RemoteStopTransaction",
    args: () => ({ transactionId: 4242 }),
    answer: { status: "Accepted" },
    followUp: (peer) => peer.log.waitForCount("StopTransaction", 1),
  },
  { action: "RemoteStopTransaction", args: () => ({ transactionId: 999 }), answer: { status: "Rejected" } },
  {
    action: "UnlockConnector",
    args: () => ({ connectorId: 1 }),
    answer: {},
  },
  {
    action: "GetDiagnostics",
    args: () => ({ location: "ftp://diagnostics.example.com/upload" }),
    answer: (res) => expect(res.fileName).toMatch(/\S/),
  },
  {
    action: "UpdateFirmware",
    args: () => ({ location: "https://firmware.example.com/cp-2.0.bin", retrieveDate: inAnHour() }),
    answer: {},
  },
  {
    action: "Reset",
    args: () => ({ type: "Soft" }),
    answer: { status: "Accepted" },
    followUp: (peer) => peer.log.waitForCount("BootNotification", 2),
  },
];

for (const version of ["1.5", "1.6"] as SoapVersion[]) {
  describe(`every ChargePointService ${version} operation from an independent soap client`, () => {
    let peer: SoapPeer | undefined;
    let t: TestChargePoint | undefined;
    afterEach(async () => {
      await closeChargePoint(t);
      await peer?.close();
    });

    it("answers each the way a real charge point does", async () => {
      peer = await startSoapPeer(version);
      t = makeChargePoint(peer.url, {
        id: "CP-SOAP-CMD",
        connectors: 1,
        config: { MeterValueSampleInterval: "0", LocalAuthListEnabled: "true" },
        link: { version },
      });
      await t.cp.connect();
      await t.cp.boot();
      for (const c of CASES.filter((k) => !k.only || k.only === version)) {
        const res = await peer.command(c.action, c.args());
        // UnlockConnector names its answers differently in 1.5 (Accepted) and 1.6 (Unlocked).
        const expected =
          c.action === "UnlockConnector" ? { status: version === "1.5" ? "Accepted" : "Unlocked" } : c.answer;
        if (typeof expected === "function") expected(res);
        else expect(res, `${c.action} ${JSON.stringify(c.args())}`).toEqual(expected);
        await c.followUp?.(peer);
      }
      expect(t.problems).toEqual([]);
    }, 30_000);
  });
}
