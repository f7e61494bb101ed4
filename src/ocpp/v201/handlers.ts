// The 2.0.1 handler registry: every CSMS-initiated action answered from the neutral charge point
// model (ChargePointCommands), the station's device model, or as a station without the feature
// answers (unsupported.ts). A missing action is a compile error. EVSE N with its one connector is
// the model's connector N (src/ocpp/mapping.ts EvseAddress); an EVSE it does not have is refused.
import { own } from "../../util/own.ts";
import { notSupported } from "../errors.ts";
import type { IdTagInfo } from "../neutral.ts";
import type { ChargePointCommands } from "../neutral-commands.ts";
import type { CsmsInitiated201, Req, Res } from "./actions.ts";
import { DEVICE_MODEL_ACTIONS, deviceModelCommand } from "./device-model/commands.ts";
import { afterAnswer } from "./follow-ups.ts";
import { idTagInfoOf } from "./messages.ts";
import { recordSecurityEvent } from "./security-events.ts";
import { countProfiles, remoteStartProfile, SMART_CHARGING_201 } from "./smart-charging.ts";
import { type Station201, station201 } from "./station.ts";
import { transactionIdOf } from "./tx/from-model.ts";
import { messagesInQueue, openTransactions } from "./tx/open.ts";
import type { EVSEType, MessageTriggerEnumType, UnlockStatusEnumType } from "./types.ts";
import { answerUnsupported } from "./unsupported.ts";

/** Answered by the device model (with NotifyReport follow-ups) or by unsupported.ts. */
const ELSEWHERE = Symbol("elsewhere");

type Handler<A extends keyof CsmsInitiated201> = (
  cp: ChargePointCommands,
  st: Station201,
  req: Req<CsmsInitiated201, A>,
) => Res<CsmsInitiated201, A> | Promise<Res<CsmsInitiated201, A>>;

type Handlers201 = { [A in keyof CsmsInitiated201]: Handler<A> | typeof ELSEWHERE };

// Why the status reason: StatusInfoType.reasonCode, at most 20 characters.
const NO_SUCH_EVSE = { reasonCode: "UnknownEvse" };

const hasEvse = (st: Station201, id: number) => Number.isInteger(id) && id >= 1 && id <= st.evses;
/** An EVSE (and connector, if given) this station has: every EVSE has one connector. */
const hasEvseType = (st: Station201, e: EVSEType) =>
  hasEvse(st, e.id) && (e.connectorId === undefined || e.connectorId === 1);

// The model speaks 1.6's message names for TriggerMessage; a TransactionEvent of the running
// transaction is what its triggered MeterValues becomes (TransactionEvent Updated, Trigger).
const TRIGGERS: ReadonlyMap<MessageTriggerEnumType, string> = new Map([
  ["BootNotification", "BootNotification"],
  ["FirmwareStatusNotification", "FirmwareStatusNotification"],
  ["Heartbeat", "Heartbeat"],
  ["LogStatusNotification", "DiagnosticsStatusNotification"],
  ["MeterValues", "MeterValues"],
  ["StatusNotification", "StatusNotification"],
  ["TransactionEvent", "MeterValues"],
]);

const UNLOCK: Readonly<Record<string, UnlockStatusEnumType>> = {
  Unlocked: "Unlocked",
  UnlockFailed: "UnlockFailed",
  NotSupported: "UnlockFailed",
};

function epoch(value: string): number {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? Date.now() : ms;
}

const HANDLERS201: Handlers201 = {
  RequestStartTransaction: (cp, st, req) => {
    if (req.evseId !== undefined && !hasEvse(st, req.evseId))
      return { status: "Rejected", statusInfo: NO_SUCH_EVSE };
    const read = remoteStartProfile(st, req.chargingProfile);
    if (read?.refused) return { status: "Rejected", statusInfo: read.refused };
    const status = cp.remoteStart(req.idToken.idToken, req.evseId, read?.profile, req.idToken.type);
    // The mapping puts the remoteStartId in the transaction that this start opens (0: any EVSE).
    if (status === "Accepted") st.remoteStartIds.set(req.evseId ?? 0, req.remoteStartId);
    // A transaction the EV's arrival opened already (TxStartPoint EVConnected) is named (§F01).
    const arrived = req.evseId === undefined ? undefined : st.outside.arrived.get(req.evseId);
    const transactionId = arrived && transactionIdOf(arrived);
    return status === "Accepted" && transactionId ? { status, transactionId } : { status };
  },
  RequestStopTransaction: (cp, _st, req) => ({ status: cp.remoteStop(req.transactionId) }),
  Reset: (cp, st, req) => {
    if (req.evseId !== undefined && !hasEvse(st, req.evseId))
      return { status: "Rejected", statusInfo: NO_SUCH_EVSE };
    // Immediate ends transactions at once (1.6 Hard); OnIdle waits for them (Scheduled, Part 2 §B12).
    // An EVSE's reset reboots nothing but that EVSE.
    return { status: cp.resetScoped(req.evseId ?? 0, req.type === "OnIdle") };
  },
  ChangeAvailability: (cp, st, req) => {
    if (req.evse && !hasEvseType(st, req.evse)) return { status: "Rejected", statusInfo: NO_SUCH_EVSE };
    return { status: cp.changeAvailability(req.evse?.id ?? 0, req.operationalStatus) };
  },
  TriggerMessage: (cp, st, req) => {
    if (req.evse && !hasEvseType(st, req.evse)) return { status: "Rejected", statusInfo: NO_SUCH_EVSE };
    const message = TRIGGERS.get(req.requestedMessage);
    if (!message) return { status: "NotImplemented" };
    return { status: cp.trigger(message, req.evse?.id) };
  },
  UnlockConnector: async (cp, st, req) => {
    if (!hasEvse(st, req.evseId) || req.connectorId !== 1) return { status: "UnknownConnector" };
    return { status: UNLOCK[await cp.unlockConnector(req.evseId)] ?? "UnlockFailed" };
  },
  ClearCache: (cp) => ({ status: cp.clearCache() }),
  // -1 (no local list in use) is reported as the version of an empty list.
  GetLocalListVersion: (cp) => ({ versionNumber: Math.max(0, cp.getLocalListVersion()) }),
  SendLocalList: (cp, _st, req) => {
    const status = cp.sendLocalList({
      updateType: req.updateType,
      listVersion: req.versionNumber,
      entries: (req.localAuthorizationList ?? []).map((e) => {
        const info: IdTagInfo | undefined = e.idTokenInfo && idTagInfoOf(e.idTokenInfo);
        return info ? { idTag: e.idToken.idToken, info } : { idTag: e.idToken.idToken };
      }),
    });
    return { status: status === "NotSupported" ? "Failed" : status };
  },
  ReserveNow: (cp, st, req) => {
    if (req.evseId !== undefined && !hasEvse(st, req.evseId))
      return { status: "Rejected", statusInfo: NO_SUCH_EVSE };
    const status = cp.reserveNow({
      reservationId: req.id,
      connectorId: req.evseId ?? 0,
      idTag: req.idToken.idToken,
      ...(req.groupIdToken && { parentIdTag: req.groupIdToken.idToken }),
      expiresAt: epoch(req.expiryDateTime),
    });
    return { status };
  },
  CancelReservation: (cp, _st, req) => ({ status: cp.cancelReservation(req.reservationId) }),
  // No vendor extensions are known to the simulated station.
  DataTransfer: () => ({ status: "UnknownVendorId" }),
  GetTransactionStatus: (cp, _st, req) => ({
    messagesInQueue: messagesInQueue(cp, req.transactionId),
    ...(req.transactionId !== undefined && {
      ongoingIndicator: openTransactions(cp).has(req.transactionId),
    }),
  }),
  UpdateFirmware: (cp, st, req) => {
    st.firmwareRequestId = req.requestId;
    cp.updateFirmware({
      location: req.firmware.location,
      retrieveAt: epoch(req.firmware.retrieveDateTime),
      ...(req.retries !== undefined && { retries: req.retries }),
      ...(req.retryInterval !== undefined && { retryIntervalSec: req.retryInterval }),
    });
    return { status: "Accepted" };
  },
  GetLog: (cp, st, req) => {
    st.logRequestId = req.requestId;
    const { fileName } = cp.getDiagnostics({
      location: req.log.remoteLocation,
      ...(req.retries !== undefined && { retries: req.retries }),
      ...(req.retryInterval !== undefined && { retryIntervalSec: req.retryInterval }),
      ...(req.log.oldestTimestamp !== undefined && { startAt: epoch(req.log.oldestTimestamp) }),
      ...(req.log.latestTimestamp !== undefined && { stopAt: epoch(req.log.latestTimestamp) }),
    });
    return fileName === undefined ? { status: "Accepted" } : { status: "Accepted", filename: fileName };
  },
  ...SMART_CHARGING_201,
  GetVariables: ELSEWHERE,
  SetVariables: ELSEWHERE,
  GetBaseReport: ELSEWHERE,
  GetReport: ELSEWHERE,
  CertificateSigned: ELSEWHERE,
  ClearDisplayMessage: ELSEWHERE,
  ClearVariableMonitoring: ELSEWHERE,
  CostUpdated: ELSEWHERE,
  CustomerInformation: ELSEWHERE,
  DeleteCertificate: ELSEWHERE,
  GetDisplayMessages: ELSEWHERE,
  GetInstalledCertificateIds: ELSEWHERE,
  GetMonitoringReport: ELSEWHERE,
  InstallCertificate: ELSEWHERE,
  PublishFirmware: ELSEWHERE,
  SetDisplayMessage: ELSEWHERE,
  SetMonitoringBase: ELSEWHERE,
  SetMonitoringLevel: ELSEWHERE,
  SetNetworkProfile: ELSEWHERE,
  SetVariableMonitoring: ELSEWHERE,
  UnpublishFirmware: ELSEWHERE,
};

type AnyHandler = (cp: ChargePointCommands, st: Station201, req: unknown) => unknown;

/** A transport handler answering 2.0.1 CSMS calls for one charge point. */
export function dispatcher201(cp: ChargePointCommands) {
  const table = HANDLERS201 as Record<string, AnyHandler | typeof ELSEWHERE>;
  return (action: string, payload: unknown): unknown => {
    const st = station201(cp);
    const handler = own(table, action);
    if (handler && handler !== ELSEWHERE) return handler(cp, st, payload);
    // Entries counts what the model holds now: a TxProfile goes when its transaction ends.
    if (DEVICE_MODEL_ACTIONS.includes(action)) countProfiles(cp, st);
    const dm = deviceModelCommand(st.dm, action, payload, cp.now());
    if (dm) {
      afterAnswer(st, dm.followUps);
      if (dm.securityChange) reconfigured(cp, st, dm.securityChange);
      return dm.answer;
    }
    const answer = answerUnsupported(action, payload);
    if (answer === undefined) throw notSupported(action);
    return answer;
  };
}

/** A SetVariables that changed a SecurityCtrlr variable is a security event, sent after its answer. */
function reconfigured(cp: ChargePointCommands, st: Station201, techInfo: string): void {
  const type = "ReconfigurationOfSecurityParameters";
  if (recordSecurityEvent(st, type, techInfo, cp.now(), cp)) setImmediate(() => st.announcer?.announce());
}
