// Smart charging (OCPP 1.6 §3.13) in neutral terms: charging profiles, their schedules and what
// the charge point answers about them. Times are epoch milliseconds, spans seconds as on the wire.
import type { TransactionId } from "./neutral.ts";

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
