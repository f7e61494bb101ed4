// The neutral central-system commands (src/ocpp/central-commands.ts) as 1.6 calls, and their
// answers as neutral fields. 1.5 uses this table too: it is driven in 1.6 terms, and the calls
// 1.5 lacks are left out of its copy (src/ocpp/v15/version.ts).

import {
  type CentralCommandTable,
  commandMaker,
  isHardReset,
  statusAnswer as status,
  type TriggerableEvent,
} from "../central-commands.ts";
import { profileOf, purposeOf } from "../charging-commands.ts";
import type { CsInitiated16 } from "./actions.ts";
import { profileTo16 } from "./charging-profiles.ts";
import type { TriggerMessageRequest } from "./types.ts";

const command = commandMaker<CsInitiated16>();

type Triggerable = TriggerMessageRequest["requestedMessage"];

const TRIGGERS: Readonly<Record<TriggerableEvent, Triggerable>> = {
  boot: "BootNotification",
  heartbeat: "Heartbeat",
  status: "StatusNotification",
  meterValues: "MeterValues",
  firmwareStatus: "FirmwareStatusNotification",
  diagnosticsStatus: "DiagnosticsStatusNotification",
};

/** The transactionId a 1.6 call carries: an integer, as the central system gave it. */
const txId = (id: string | number) => (typeof id === "number" ? id : Number(id));

export const CENTRAL_COMMANDS_16: CentralCommandTable = {
  remoteStart: command<"RemoteStartTransaction", "remoteStart">(
    "RemoteStartTransaction",
    (a) => ({
      idTag: a.idTag,
      ...(a.connector !== undefined && { connectorId: a.connector }),
      ...(a.profile && { chargingProfile: profileTo16(profileOf(a.profile)) }),
    }),
    status,
  ),
  remoteStop: command<"RemoteStopTransaction", "remoteStop">(
    "RemoteStopTransaction",
    (a) => ({ transactionId: txId(a.transactionId) }),
    status,
    (a) =>
      Number.isInteger(txId(a.transactionId))
        ? undefined
        : `a transaction id is the number the central system gave, not ${JSON.stringify(a.transactionId)}`,
  ),
  reserve: command<"ReserveNow", "reserve">(
    "ReserveNow",
    (a) => ({
      connectorId: a.connector ?? 0,
      idTag: a.idTag,
      reservationId: a.reservationId,
      expiryDate: a.expiry,
      ...(a.parentIdTag !== undefined && { parentIdTag: a.parentIdTag }),
    }),
    status,
  ),
  cancelReservation: command<"CancelReservation", "cancelReservation">(
    "CancelReservation",
    (a) => ({ reservationId: a.reservationId }),
    status,
  ),
  // 1.6 answers UpdateFirmware and GetDiagnostics with no status: an answer is an acceptance.
  updateFirmware: command<"UpdateFirmware", "updateFirmware">(
    "UpdateFirmware",
    (a) => ({
      location: a.location,
      retrieveDate: a.retrieveDate,
      ...(a.retries !== undefined && { retries: a.retries }),
      ...(a.retryInterval !== undefined && { retryInterval: a.retryInterval }),
    }),
    () => ({ status: "Accepted" }),
  ),
  uploadDiagnostics: command<"GetDiagnostics", "uploadDiagnostics">(
    "GetDiagnostics",
    (a) => ({
      location: a.location,
      ...(a.retries !== undefined && { retries: a.retries }),
      ...(a.retryInterval !== undefined && { retryInterval: a.retryInterval }),
      ...(a.startTime !== undefined && { startTime: a.startTime }),
      ...(a.stopTime !== undefined && { stopTime: a.stopTime }),
    }),
    (res) => ({ status: "Accepted", fileName: res.fileName }),
  ),
  triggerMessage: command<"TriggerMessage", "triggerMessage">(
    "TriggerMessage",
    (a) => ({
      requestedMessage: TRIGGERS[a.message],
      ...(a.connector !== undefined && { connectorId: a.connector }),
    }),
    status,
  ),
  reset: command<"Reset", "reset">(
    "Reset",
    (a) => ({ type: isHardReset(a.type) ? "Hard" : "Soft" }),
    status,
    // 1.6's Reset has no connector: it always resets the whole charge point.
    (a) =>
      a.connector ? "Reset resets the whole charge point; it has no reset of one connector" : undefined,
  ),
  changeAvailability: command<"ChangeAvailability", "changeAvailability">(
    "ChangeAvailability",
    (a) => ({ connectorId: a.connector ?? 0, type: a.availability }),
    status,
  ),
  setConfiguration: command<"ChangeConfiguration", "setConfiguration">(
    "ChangeConfiguration",
    (a) => ({ key: a.key, value: String(a.value) }),
    status,
  ),
  getConfiguration: command<"GetConfiguration", "getConfiguration">(
    "GetConfiguration",
    (a) => ({ key: [a.key] }),
    (res, a) => {
      const entry = res.configurationKey?.find((k) => k.key === a.key);
      return entry
        ? { status: "Accepted", value: entry.value, readonly: entry.readonly }
        : { status: "Unknown" };
    },
  ),
  unlockConnector: command<"UnlockConnector", "unlockConnector">(
    "UnlockConnector",
    (a) => ({ connectorId: a.connector ?? 1 }),
    status,
  ),
  clearCache: command<"ClearCache", "clearCache">("ClearCache", () => ({}), status),
  dataTransfer: command<"DataTransfer", "dataTransfer">(
    "DataTransfer",
    (a) => ({
      vendorId: a.vendorId,
      ...(a.messageId !== undefined && { messageId: a.messageId }),
      ...(a.data !== undefined && { data: a.data }),
    }),
    (res) => ({ status: res.status, data: res.data }),
  ),
  setChargingProfile: command<"SetChargingProfile", "setChargingProfile">(
    "SetChargingProfile",
    (a) => ({ connectorId: a.connector ?? 0, csChargingProfiles: profileTo16(profileOf(a.profile)) }),
    status,
  ),
  clearChargingProfile: command<"ClearChargingProfile", "clearChargingProfile">(
    "ClearChargingProfile",
    (a) => ({
      ...(a.profileId !== undefined && { id: a.profileId }),
      ...(a.connector !== undefined && { connectorId: a.connector }),
      ...(a.purpose !== undefined && { chargingProfilePurpose: purposeOf(a.purpose) }),
      ...(a.stackLevel !== undefined && { stackLevel: a.stackLevel }),
    }),
    status,
  ),
  getCompositeSchedule: command<"GetCompositeSchedule", "getCompositeSchedule">(
    "GetCompositeSchedule",
    (a) => ({
      connectorId: a.connector ?? 0,
      duration: a.duration,
      ...(a.unit !== undefined && { chargingRateUnit: a.unit }),
    }),
    (res) => ({
      status: res.status,
      scheduleStart: res.scheduleStart,
      duration: res.chargingSchedule?.duration,
      unit: res.chargingSchedule?.chargingRateUnit,
      periods: res.chargingSchedule?.chargingSchedulePeriod,
    }),
  ),
};
