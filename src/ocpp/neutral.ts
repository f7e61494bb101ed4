// The version-neutral vocabulary between the charge point model and the protocol mappings: values
// (statuses, error codes, stop reasons, measurands) and the central system's commands. Value names
// are those of 1.6 where it has the most (a superset of 1.5's), and each mapping translates them to
// its version (1.5 has Occupied for Preparing/Charging/…, 2.0.1 has connectorStatus plus
// chargingState). What the model reports, and how a version says it, is in ./mapping.ts.
import type { HeldTransactions, IdTokenType } from "./mapping.ts";

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

export type ConfigurationChangeResult = "Accepted" | "Rejected" | "RebootRequired" | "NotSupported";

export interface ConfigurationEntry {
  key: string;
  readonly: boolean;
  value?: string;
}

export type Availability = "Operative" | "Inoperative";
export type AvailabilityChangeResult = "Accepted" | "Rejected" | "Scheduled";
export type ResetKind = "Soft" | "Hard";
export type ResetScopedResult = "Accepted" | "Rejected" | "Scheduled";
export type UnlockResult = "Unlocked" | "UnlockFailed" | "NotSupported";
export type TriggerResult = "Accepted" | "Rejected" | "NotImplemented";
export type ReservationResult = "Accepted" | "Faulted" | "Occupied" | "Rejected" | "Unavailable";

export interface ReservationRequest {
  reservationId: number;
  /** 0 holds any one connector of the charge point. */
  connectorId: number;
  idTag: string;
  parentIdTag?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface FirmwareUpdateRequest {
  location: string;
  /** Epoch milliseconds; the download starts then, or at once when it has passed. */
  retrieveAt: number;
  retries?: number;
  retryIntervalSec?: number;
}

export interface DiagnosticsRequest {
  location: string;
  retries?: number;
  retryIntervalSec?: number;
  /** Epoch milliseconds bounding the diagnostic information wanted. */
  startAt?: number;
  stopAt?: number;
}

// Smart charging (OCPP 1.6 §3.13). Times are epoch milliseconds, spans seconds as on the wire.
export type ChargingProfilePurpose = "ChargePointMaxProfile" | "TxDefaultProfile" | "TxProfile";
export type ChargingProfileKind = "Absolute" | "Recurring" | "Relative";
export type RecurrencyKind = "Daily" | "Weekly";
/** A: current per phase; W: power. */
export type ChargingRateUnit = "A" | "W";

export interface ChargingSchedulePeriod {
  /** Seconds from the start of the schedule. */
  startPeriod: number;
  limit: number;
  numberPhases?: number;
}

export interface ChargingSchedule {
  /** The schedule's own number, where the version gives one (2.0.1), kept to report it back. */
  id?: number;
  durationSec?: number;
  startSchedule?: number;
  chargingRateUnit: ChargingRateUnit;
  periods: ChargingSchedulePeriod[];
  minChargingRate?: number;
}

export interface ChargingProfile {
  id: number;
  transactionId?: TransactionId;
  stackLevel: number;
  purpose: ChargingProfilePurpose;
  kind: ChargingProfileKind;
  recurrencyKind?: RecurrencyKind;
  validFrom?: number;
  validTo?: number;
  schedule: ChargingSchedule;
}

/** ClearChargingProfile's selection: an id alone, or any of the other fields (none clears all). */
export interface ChargingProfileFilter {
  id?: number;
  connectorId?: number;
  purpose?: ChargingProfilePurpose;
  stackLevel?: number;
}

export type ChargingProfileStatus = "Accepted" | "Rejected" | "NotSupported";

/** SetChargingProfile's answer, and why a profile was refused (for versions that can say it). */
export interface ProfileVerdict {
  status: ChargingProfileStatus;
  problem?: string;
}

/**
 * What a new profile does to an installed one with another id but the same connector, purpose
 * and stackLevel: 1.6 replaces it (§5.16); 2.0.1 refuses the new one while their validity
 * periods overlap (K01.FR.06, K01.FR.39).
 */
export type SameLevelRule = "replace" | "refuseOverlap";

/** A profile as the charge point holds it; connector 0 is the charge point as a whole. */
export interface InstalledChargingProfile {
  connectorId: number;
  profile: ChargingProfile;
}

export type CompositeScheduleResult =
  | { status: "Rejected" }
  | {
      status: "Accepted";
      connectorId: number;
      scheduleStart: number;
      /** The limits over the span; where no profile limits, the charge point's own maximum. */
      schedule: ChargingSchedule;
      /** Whether any profile limits the connector in the span (1.6 sends no schedule otherwise). */
      limited: boolean;
    };
export type ClearCacheResult = "Accepted" | "Rejected";

/** One idTag of a local authorization list update; without `info` a Differential update removes it. */
export interface LocalListEntry {
  idTag: string;
  info?: IdTagInfo;
}

export interface LocalListUpdate {
  updateType: "Full" | "Differential";
  /** The list's version once the update is applied. */
  listVersion: number;
  entries: LocalListEntry[];
}

export type LocalListUpdateResult = "Accepted" | "Failed" | "NotSupported" | "VersionMismatch";

/**
 * What a central system may ask of a charge point, in neutral terms. The charge point implements
 * the behaviour; each version's mapping translates requests and answers. Commands not listed here
 * yet are answered NotSupported by the mappings.
 *
 * A command answers at once; what follows from it (StartTransaction after a remote start, the
 * reboot after a reset…) is sent after the answer, as a real charge point does.
 */
export interface ChargePointCommands {
  /** The transactions the version keeps open outside the model's session (HeldTransactions). */
  readonly held: HeldTransactions;
  getConfiguration(keys: string[] | undefined): { entries: ConfigurationEntry[]; unknownKeys: string[] };
  changeConfiguration(key: string, value: string): ConfigurationChangeResult;
  /**
   * Without a connector the charge point picks the first one that can start. A charging profile
   * (a TxProfile) is installed for the transaction when it starts. The token's type (2.0.1 sends
   * one) goes to its Authorize and its transaction; a card (ISO14443) when absent.
   */
  remoteStart(
    idTag: string,
    connectorId?: number,
    chargingProfile?: ChargingProfile,
    tokenType?: IdTokenType,
  ): "Accepted" | "Rejected";
  remoteStop(transactionId: TransactionId): "Accepted" | "Rejected";
  reset(kind: ResetKind): "Accepted" | "Rejected";
  /**
   * A reset of one connector, or of the whole charge point (0), that may wait for idle: a
   * connector's ends its transaction and takes it Unavailable and back without a reboot; the
   * whole charge point's reboots. With `onIdle` and a transaction running there, the answer is
   * Scheduled and the reset follows once it has stopped; without, transactions end at once.
   */
  resetScoped(connectorId: number, onIdle: boolean): ResetScopedResult;
  /** Connector 0 is the whole charge point. */
  changeAvailability(connectorId: number, availability: Availability): AvailabilityChangeResult;
  /** Resolves once a transaction on the connector has been stopped and the connector unlocked. */
  unlockConnector(connectorId: number): Promise<UnlockResult>;
  /** `message` is a charge-point-initiated action name; ones the charge point cannot send are NotImplemented. */
  trigger(message: string, connectorId?: number): TriggerResult;
  /** Connector 0 holds ChargePointMaxProfile and the TxDefaultProfile of every connector. */
  setChargingProfile(
    connectorId: number,
    profile: ChargingProfile,
    sameLevel?: SameLevelRule,
  ): ProfileVerdict;
  clearChargingProfile(filter: ChargingProfileFilter): "Accepted" | "Unknown";
  /** The profiles installed now, TxProfiles of running transactions included. */
  chargingProfiles(): readonly InstalledChargingProfile[];
  /** The limits the stacked profiles set from now on, in the unit asked for (or the profiles' own). */
  getCompositeSchedule(
    connectorId: number,
    durationSec: number,
    unit?: ChargingRateUnit,
  ): CompositeScheduleResult;
  reserveNow(req: ReservationRequest): ReservationResult;
  cancelReservation(reservationId: number): "Accepted" | "Rejected";
  /** Answers at once; the download, installation and reboot follow, reported by status notifications. */
  updateFirmware(req: FirmwareUpdateRequest): void;
  /** The name of the file that will be uploaded; none when there is no information for the period. */
  getDiagnostics(req: DiagnosticsRequest): { fileName?: string };
  /** Empties the authorization cache; the local list stays. */
  clearCache(): ClearCacheResult;
  /** 0 for an empty list, -1 when the charge point does not use a local list. */
  getLocalListVersion(): number;
  /** Throws an OcppError for an update the spec forbids beyond its schema (too long, an idTag twice). */
  sendLocalList(update: LocalListUpdate): LocalListUpdateResult;
  /** Something the version's own messages met that fails no command, for the user (a notice refused). */
  problem(message: string): void;
}
