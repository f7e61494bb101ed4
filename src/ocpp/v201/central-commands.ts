// The neutral central-system commands (src/ocpp/central-commands.ts) as 2.0.1 calls, and their
// answers as neutral fields. Settings are read and written as the device model's variables
// (settings.ts); ids a 2.0.1 CSMS makes up (remoteStartId, requestId) are numbered here.

import {
  type CentralCommandTable,
  commandMaker,
  isHardReset,
  statusAnswer as status,
  type TriggerableEvent,
} from "../central-commands.ts";
import { type ProfileArgs, profileOf, purposeOf } from "../charging-commands.ts";
import type { CsmsInitiated201 } from "./actions.ts";
import { profileTo201, purposeTo201 } from "./charging-profiles.ts";
import { SETTING_VARIABLES_201, settingFrom201, settingTo201 } from "./settings.ts";
import type {
  ComponentType,
  GetVariableStatusEnumType,
  MessageTriggerEnumType,
  SetVariableStatusEnumType,
  VariableType,
} from "./types.ts";

const command = commandMaker<CsmsInitiated201>();

/** remoteStartId and requestId: any integer the CSMS has not used for another request will do. */
let lastId = 0;
const nextId = () => ++lastId;

const TRIGGERS: Readonly<Record<TriggerableEvent, MessageTriggerEnumType>> = {
  boot: "BootNotification",
  heartbeat: "Heartbeat",
  status: "StatusNotification",
  meterValues: "MeterValues",
  firmwareStatus: "FirmwareStatusNotification",
  diagnosticsStatus: "LogStatusNotification",
};

/** A setting's address in the device model, as GetVariables and SetVariables name it. */
function addressOf(key: string): { component: ComponentType; variable: VariableType } {
  const ref = SETTING_VARIABLES_201.get(key)!;
  return {
    component: { name: ref.component },
    variable:
      ref.instance === undefined ? { name: ref.variable } : { name: ref.variable, instance: ref.instance },
  };
}

const noVariable = (a: { key: string }) =>
  SETTING_VARIABLES_201.has(a.key)
    ? undefined
    : `the setting ${a.key} has no variable in the device model of this version`;

// An unknown component or variable is a setting the station does not have: 1.x's NotSupported / Unknown.
const SET_STATUS: Readonly<Record<SetVariableStatusEnumType, string>> = {
  Accepted: "Accepted",
  Rejected: "Rejected",
  RebootRequired: "RebootRequired",
  UnknownComponent: "NotSupported",
  UnknownVariable: "NotSupported",
  NotSupportedAttributeType: "NotSupported",
};

const GET_STATUS: Readonly<Record<GetVariableStatusEnumType, string>> = {
  Accepted: "Accepted",
  Rejected: "Rejected",
  UnknownComponent: "Unknown",
  UnknownVariable: "Unknown",
  NotSupportedAttributeType: "Unknown",
};

const idToken = (value: string) => ({ idToken: value, type: "ISO14443" as const });

/** A transaction id as 2.0.1 carries it: the station's string. */
const txId = (id: string | number) => String(id);

export const CENTRAL_COMMANDS_201: CentralCommandTable = {
  remoteStart: command<"RequestStartTransaction", "remoteStart">(
    "RequestStartTransaction",
    (a) => ({
      idToken: idToken(a.idTag),
      remoteStartId: nextId(),
      ...(a.connector !== undefined && { evseId: a.connector }),
      ...(a.profile && { chargingProfile: profileTo201(profileOf(a.profile)) }),
    }),
    status,
    (a) => a.profile && startScheduleRefusal(a.profile),
  ),
  remoteStop: command<"RequestStopTransaction", "remoteStop">(
    "RequestStopTransaction",
    (a) => ({ transactionId: txId(a.transactionId) }),
    status,
  ),
  reserve: command<"ReserveNow", "reserve">(
    "ReserveNow",
    (a) => ({
      id: a.reservationId,
      expiryDateTime: a.expiry,
      idToken: idToken(a.idTag),
      ...(a.connector !== undefined && a.connector > 0 && { evseId: a.connector }),
      ...(a.parentIdTag !== undefined && { groupIdToken: idToken(a.parentIdTag) }),
    }),
    status,
  ),
  cancelReservation: command<"CancelReservation", "cancelReservation">(
    "CancelReservation",
    (a) => ({ reservationId: a.reservationId }),
    status,
  ),
  updateFirmware: command<"UpdateFirmware", "updateFirmware">(
    "UpdateFirmware",
    (a) => ({
      requestId: nextId(),
      firmware: { location: a.location, retrieveDateTime: a.retrieveDate },
      ...(a.retries !== undefined && { retries: a.retries }),
      ...(a.retryInterval !== undefined && { retryInterval: a.retryInterval }),
    }),
    status,
  ),
  uploadDiagnostics: command<"GetLog", "uploadDiagnostics">(
    "GetLog",
    (a) => ({
      logType: "DiagnosticsLog",
      requestId: nextId(),
      log: {
        remoteLocation: a.location,
        ...(a.startTime !== undefined && { oldestTimestamp: a.startTime }),
        ...(a.stopTime !== undefined && { latestTimestamp: a.stopTime }),
      },
      ...(a.retries !== undefined && { retries: a.retries }),
      ...(a.retryInterval !== undefined && { retryInterval: a.retryInterval }),
    }),
    (res) => ({ status: res.status, fileName: res.filename }),
  ),
  triggerMessage: command<"TriggerMessage", "triggerMessage">(
    "TriggerMessage",
    (a) => ({
      requestedMessage: TRIGGERS[a.message],
      ...(a.connector !== undefined && a.connector > 0 && { evse: { id: a.connector, connectorId: 1 } }),
    }),
    status,
  ),
  reset: command<"Reset", "reset">(
    "Reset",
    (a) => ({
      type: isHardReset(a.type) ? "Immediate" : "OnIdle",
      // One EVSE's reset (Part 2 §B11/§B12); connector 0 is the whole station, as without one.
      ...(a.connector !== undefined && a.connector > 0 && { evseId: a.connector }),
    }),
    status,
  ),
  changeAvailability: command<"ChangeAvailability", "changeAvailability">(
    "ChangeAvailability",
    (a) => ({
      operationalStatus: a.availability,
      ...(a.connector !== undefined && a.connector > 0 && { evse: { id: a.connector } }),
    }),
    status,
  ),
  setConfiguration: command<"SetVariables", "setConfiguration">(
    "SetVariables",
    (a) => ({
      setVariableData: [{ ...addressOf(a.key), attributeValue: settingTo201(a.key, String(a.value)) }],
    }),
    (res) => ({ status: SET_STATUS[res.setVariableResult[0]!.attributeStatus] }),
    noVariable,
  ),
  getConfiguration: command<"GetVariables", "getConfiguration">(
    "GetVariables",
    (a) => ({ getVariableData: [addressOf(a.key)] }),
    (res, a) => {
      const r = res.getVariableResult[0]!;
      const value = r.attributeValue === undefined ? undefined : settingFrom201(a.key, r.attributeValue);
      return { status: GET_STATUS[r.attributeStatus], value };
    },
    noVariable,
  ),
  unlockConnector: command<"UnlockConnector", "unlockConnector">(
    "UnlockConnector",
    (a) => ({ evseId: a.connector ?? 1, connectorId: 1 }),
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
    (res) => ({
      status: res.status,
      data: res.data === undefined || typeof res.data === "string" ? res.data : JSON.stringify(res.data),
    }),
  ),
  setChargingProfile: command<"SetChargingProfile", "setChargingProfile">(
    "SetChargingProfile",
    (a) => ({ evseId: a.connector ?? 0, chargingProfile: profileTo201(profileOf(a.profile)) }),
    status,
    (a) => startScheduleRefusal(a.profile),
  ),
  clearChargingProfile: command<"ClearChargingProfile", "clearChargingProfile">(
    "ClearChargingProfile",
    (a) => {
      if (a.profileId !== undefined) return { chargingProfileId: a.profileId };
      const criteria = {
        ...(a.connector !== undefined && { evseId: a.connector }),
        ...(a.purpose !== undefined && { chargingProfilePurpose: purposeTo201(purposeOf(a.purpose)) }),
        ...(a.stackLevel !== undefined && { stackLevel: a.stackLevel }),
      };
      return Object.keys(criteria).length > 0 ? { chargingProfileCriteria: criteria } : {};
    },
    status,
  ),
  getCompositeSchedule: command<"GetCompositeSchedule", "getCompositeSchedule">(
    "GetCompositeSchedule",
    (a) => ({
      evseId: a.connector ?? 0,
      duration: a.duration,
      ...(a.unit !== undefined && { chargingRateUnit: a.unit }),
    }),
    (res) => ({
      status: res.status,
      scheduleStart: res.schedule?.scheduleStart,
      duration: res.schedule?.duration,
      unit: res.schedule?.chargingRateUnit,
      periods: res.schedule?.chargingSchedulePeriod,
    }),
  ),
};

/**
 * 1.6 counts an Absolute or Recurring schedule without startSchedule from the transaction's start;
 * 2.0.1 requires one there and forbids it on a Relative one (K01.FR.40, K01.FR.41).
 */
function startScheduleRefusal(p: ProfileArgs): string | undefined {
  if (p.kind === "Relative" && p.startSchedule !== undefined)
    return "a Relative profile has no startSchedule (K01.FR.41)";
  if (p.kind !== "Relative" && p.startSchedule === undefined)
    return `an ${p.kind} profile needs a startSchedule (K01.FR.40)`;
  return undefined;
}
