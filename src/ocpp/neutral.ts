// The version-neutral vocabulary between the charge point model and the protocol mappings: the
// values of connectors, transactions and meters (statuses, error codes, stop reasons, measurands).
// Value names are those of 1.6 where it has the most (a superset of 1.5's), and each mapping
// translates them to its version (1.5 has Occupied for Preparing/Charging/…, 2.0.1 has
// connectorStatus plus chargingState). The central system's commands are in ./neutral-commands.ts,
// smart charging's profiles in ./neutral-smart-charging.ts; what the model reports, and how a
// version says it, is in ./mapping.ts.
export const CONNECTOR_STATUSES = [
  "Available",
  "Preparing",
  "Charging",
  "SuspendedEVSE",
  "SuspendedEV",
  "Finishing",
  "Reserved",
  "Unavailable",
  "Faulted",
] as const;
export type ConnectorStatus = (typeof CONNECTOR_STATUSES)[number];

export const CONNECTOR_ERROR_CODES = [
  "ConnectorLockFailure",
  "EVCommunicationError",
  "GroundFailure",
  "HighTemperature",
  "InternalError",
  "LocalListConflict",
  "NoError",
  "OtherError",
  "OverCurrentFailure",
  "PowerMeterFailure",
  "PowerSwitchFailure",
  "ReaderFailure",
  "ResetFailure",
  "UnderVoltage",
  "OverVoltage",
  "WeakSignal",
] as const;
export type ConnectorErrorCode = (typeof CONNECTOR_ERROR_CODES)[number];

export type RegistrationStatus = "Accepted" | "Pending" | "Rejected";
export type AuthorizationStatus = "Accepted" | "Blocked" | "Expired" | "Invalid" | "ConcurrentTx";

export const STOP_REASONS = [
  "EmergencyStop",
  "EVDisconnected",
  "HardReset",
  "Local",
  "Other",
  "PowerLoss",
  "Reboot",
  "Remote",
  "SoftReset",
  "UnlockCommand",
  "DeAuthorized",
] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export interface IdTagInfo {
  status: AuthorizationStatus;
  expiryDate?: string;
  parentIdTag?: string;
}

export interface Identity {
  vendor: string;
  model: string;
  chargePointSerialNumber?: string;
  chargeBoxSerialNumber?: string;
  firmwareVersion?: string;
  iccid?: string;
  imsi?: string;
  meterType?: string;
  meterSerialNumber?: string;
}

export interface BootResult {
  status: RegistrationStatus;
  /** Heartbeat interval when Accepted, retry interval otherwise; seconds. */
  intervalSec: number;
  currentTime: string;
}

export type Measurand =
  | "Energy.Active.Import.Register"
  | "Power.Active.Import"
  | "Current.Import"
  | "Voltage"
  | "SoC";

export type ReadingContext =
  | "Sample.Periodic"
  | "Sample.Clock"
  | "Transaction.Begin"
  | "Transaction.End"
  | "Trigger";

export interface SampledValue {
  measurand: Measurand;
  value: number;
  unit: "Wh" | "W" | "A" | "V" | "Percent";
  context: ReadingContext;
}

export interface MeterReading {
  timestamp: number;
  values: SampledValue[];
}

export type TransactionId = number | string;

export type DiagnosticsStatus = "Idle" | "Uploaded" | "UploadFailed" | "Uploading";
export type FirmwareStatus =
  | "Downloaded"
  | "DownloadFailed"
  | "Downloading"
  | "Idle"
  | "InstallationFailed"
  | "Installing"
  | "Installed";

export interface DataTransferResult {
  status: "Accepted" | "Rejected" | "UnknownMessageId" | "UnknownVendorId";
  data?: string;
}

/** How one call goes out; for the transaction events the offline queue sends again. */
export interface CallOptions {
  /** Send under this message id rather than a new one: the repeat of an attempt that may have arrived. */
  messageId?: string;
}
