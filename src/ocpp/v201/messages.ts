// The 2.0.1 payloads of the charging station's messages outside transactions, built from the
// model's neutral values (src/ocpp/neutral.ts), and the neutral reading of a 2.0.1 token verdict.
// What the 2.0.1 mapping sends for boot, status, meter values, firmware and log status.
import { isoTimestamp } from "../../util/clock.ts";
import type {
  AuthorizationStatus,
  ConnectorStatus,
  DiagnosticsStatus,
  FirmwareStatus,
  Identity,
  IdTagInfo,
  MeterReading,
} from "../neutral.ts";
import type {
  AuthorizeResponse,
  BootNotificationRequest,
  BootReasonEnumType,
  ChargingStateEnumType,
  ConnectorStatusEnumType,
  FirmwareStatusNotificationRequest,
  IdTokenInfoType,
  LogStatusNotificationRequest,
  MeterValuesRequest,
  MeterValueType,
  StatusNotificationRequest,
  UploadLogStatusEnumType,
} from "./types.ts";

export function bootNotification(identity: Identity, reason: BootReasonEnumType): BootNotificationRequest {
  const serialNumber = identity.chargePointSerialNumber ?? identity.chargeBoxSerialNumber;
  const modem = {
    ...(identity.iccid !== undefined && { iccid: identity.iccid }),
    ...(identity.imsi !== undefined && { imsi: identity.imsi }),
  };
  return {
    reason,
    chargingStation: {
      model: identity.model,
      vendorName: identity.vendor,
      ...(serialNumber !== undefined && { serialNumber }),
      ...(identity.firmwareVersion !== undefined && { firmwareVersion: identity.firmwareVersion }),
      ...(Object.keys(modem).length > 0 && { modem }),
    },
  };
}

// 2.0.1 splits 1.6's connector status in two: whether the connector is free (connectorStatus,
// StatusNotification) and how the charging goes (chargingState, TransactionEvent).
const CONNECTOR_STATUS: Readonly<Record<ConnectorStatus, ConnectorStatusEnumType>> = {
  Available: "Available",
  Preparing: "Occupied",
  Charging: "Occupied",
  SuspendedEVSE: "Occupied",
  SuspendedEV: "Occupied",
  Finishing: "Occupied",
  Reserved: "Reserved",
  Unavailable: "Unavailable",
  Faulted: "Faulted",
};

const CHARGING_STATE: Readonly<Record<ConnectorStatus, ChargingStateEnumType>> = {
  Available: "Idle",
  Preparing: "EVConnected",
  Charging: "Charging",
  SuspendedEVSE: "SuspendedEVSE",
  SuspendedEV: "SuspendedEV",
  Finishing: "EVConnected",
  Reserved: "Idle",
  Unavailable: "Idle",
  Faulted: "Idle",
};

export function connectorStatusOf(status: ConnectorStatus): ConnectorStatusEnumType {
  return CONNECTOR_STATUS[status];
}

export function chargingStateOf(status: ConnectorStatus): ChargingStateEnumType {
  return CHARGING_STATE[status];
}

export function statusNotification(
  evseId: number,
  connectorId: number,
  status: ConnectorStatus,
  timestamp: number,
): StatusNotificationRequest {
  return {
    timestamp: isoTimestamp(timestamp),
    connectorStatus: CONNECTOR_STATUS[status],
    evseId,
    connectorId,
  };
}

export function meterValueOf(reading: MeterReading): MeterValueType {
  return {
    timestamp: isoTimestamp(reading.timestamp),
    sampledValue: reading.values.map((v) => ({
      value: v.value,
      context: v.context,
      measurand: v.measurand,
      unitOfMeasure: { unit: v.unit },
    })),
  };
}

/** MeterValues outside a transaction; evseId 0 is the station's main meter. */
export function meterValues(evseId: number, readings: MeterReading[]): MeterValuesRequest {
  return { evseId, meterValue: readings.filter((r) => r.values.length > 0).map(meterValueOf) };
}

export function firmwareStatusNotification(
  status: FirmwareStatus,
  requestId?: number,
): FirmwareStatusNotificationRequest {
  return requestId === undefined ? { status } : { status, requestId };
}

const LOG_STATUS: Readonly<Record<DiagnosticsStatus, UploadLogStatusEnumType>> = {
  Idle: "Idle",
  Uploaded: "Uploaded",
  UploadFailed: "UploadFailure",
  Uploading: "Uploading",
};

export function logStatusNotification(
  status: DiagnosticsStatus,
  requestId?: number,
): LogStatusNotificationRequest {
  return requestId === undefined ? { status: LOG_STATUS[status] } : { status: LOG_STATUS[status], requestId };
}

// 2.0.1 verdicts the neutral model has no word for are refusals: the token may not charge here
// or now, which the model treats as Invalid.
const NEUTRAL_STATUS: ReadonlyMap<string, AuthorizationStatus> = new Map([
  ["Accepted", "Accepted"],
  ["Blocked", "Blocked"],
  ["Expired", "Expired"],
  ["Invalid", "Invalid"],
  ["ConcurrentTx", "ConcurrentTx"],
]);

export function idTagInfoOf(info: IdTokenInfoType): IdTagInfo {
  return {
    status: NEUTRAL_STATUS.get(info.status) ?? "Invalid",
    ...(info.cacheExpiryDateTime !== undefined && { expiryDate: info.cacheExpiryDateTime }),
    ...(info.groupIdToken !== undefined && { parentIdTag: info.groupIdToken.idToken }),
  };
}

/**
 * A neutral verdict as a 2.0.1 Authorize answer carries it (the authorize step's `payload`, also
 * for a verdict from the local list or cache). The model keeps a parent's value, not its type:
 * a group token is "Central", the type a CSMS gives the groups it makes.
 */
export function authorizeResponseOf(info: IdTagInfo): AuthorizeResponse {
  return {
    idTokenInfo: {
      status: info.status,
      ...(info.expiryDate !== undefined && { cacheExpiryDateTime: info.expiryDate }),
      ...(info.parentIdTag !== undefined && { groupIdToken: { idToken: info.parentIdTag, type: "Central" } }),
    },
  };
}
