// What a central system may ask of a charge point, in neutral terms: the requests and answers of
// its commands, translated by each version's mapping (see ./neutral.ts for the values they use).
import type { EvseAddress, HeldTransactions, IdTokenType, LocalTransaction, TxEvent } from "./mapping.ts";
import type { IdTagInfo, RegistrationStatus, TransactionId } from "./neutral.ts";
import type {
  ChargingProfile,
  ChargingProfileFilter,
  ChargingRateUnit,
  CompositeScheduleResult,
  InstalledChargingProfile,
  ProfileVerdict,
  SameLevelRule,
} from "./neutral-smart-charging.ts";

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
  /** The central system's answer to the charge point's last boot; Unknown before one, and after a reboot. */
  readonly registration: RegistrationStatus | "Unknown";
  /**
   * The model's transactions running now, each at its connector. A version reads its own open
   * transactions from these (and `held`) rather than keeping a list beside them that a restart
   * (--state-dir) would have to rebuild.
   */
  runningTransactions(): { at: EvseAddress; tx: LocalTransaction }[];
  /** The transaction events not delivered yet, oldest first: queued offline or waiting for a retry. */
  queuedTransactionEvents(): TxEvent[];
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
  /**
   * The model's clock, epoch milliseconds: what a version stamps its own records with (a security
   * event), as --time-scale runs it ahead of the wall's and the transactions' stamps follow it.
   */
  now(): number;
}
