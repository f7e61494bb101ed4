// The charging profiles a charge point holds (OCPP 1.6 §5.5, §5.16): which it accepts, which a new
// one replaces, and which a ClearChargingProfile removes. The limits they set are in stack.ts.
import type { TransactionId } from "../../ocpp/neutral.ts";
import type {
  ChargingProfile,
  ChargingProfileFilter,
  ChargingRateUnit,
  SameLevelRule,
} from "../../ocpp/neutral-smart-charging.ts";
import type { ConfigKeys } from "../config-keys.ts";
import { Setting } from "../settings.ts";
import type { InstalledProfile } from "./stack.ts";

/** The SmartCharging configuration keys (§9.4) that bound what a profile may hold. */
export interface ProfileRules {
  maxStackLevel: number;
  maxPeriods: number;
  maxInstalled: number;
  allowedUnits: ChargingRateUnit[];
}

const UNIT_NAMES: Record<string, ChargingRateUnit> = { Current: "A", Power: "W" };

export function profileRules(config: ConfigKeys): ProfileRules {
  return {
    maxStackLevel: config.int(Setting.chargeProfileMaxStackLevel),
    maxPeriods: config.int(Setting.chargingScheduleMaxPeriods),
    maxInstalled: config.int(Setting.maxChargingProfilesInstalled),
    allowedUnits: config
      .list(Setting.chargingScheduleAllowedChargingRateUnit)
      .flatMap((u) => UNIT_NAMES[u] ?? []),
  };
}

const isTime = (t: number | undefined) => t === undefined || Number.isFinite(t);

/** Why a profile cannot be installed on any charge point with these rules, or undefined when it can. */
export function profileProblem(p: ChargingProfile, rules: ProfileRules): string | undefined {
  const s = p.schedule;
  if (!Number.isInteger(p.stackLevel) || p.stackLevel < 0 || p.stackLevel > rules.maxStackLevel)
    return `stackLevel ${p.stackLevel} is outside 0..${rules.maxStackLevel} (ChargeProfileMaxStackLevel)`;
  if (!rules.allowedUnits.includes(s.chargingRateUnit))
    return `unit ${s.chargingRateUnit} is not in ChargingScheduleAllowedChargingRateUnit`;
  if (s.periods.length === 0) return "the schedule has no period";
  if (s.periods.length > rules.maxPeriods)
    return `${s.periods.length} periods exceed ChargingScheduleMaxPeriods (${rules.maxPeriods})`;
  let previous = -1;
  for (const period of s.periods) {
    if (!(period.startPeriod > previous)) return "the periods' startPeriod must rise from 0 or more";
    if (!(period.limit >= 0) || !Number.isFinite(period.limit)) return `limit ${period.limit} is not a rate`;
    if (period.numberPhases !== undefined && ![1, 2, 3].includes(period.numberPhases))
      return `numberPhases ${period.numberPhases} is not 1, 2 or 3`;
    previous = period.startPeriod;
  }
  if (s.durationSec !== undefined && !(s.durationSec >= 0)) return "the duration is negative";
  if (!isTime(s.startSchedule) || !isTime(p.validFrom) || !isTime(p.validTo)) return "a time is not valid";
  if (p.validFrom !== undefined && p.validTo !== undefined && p.validTo <= p.validFrom)
    return "validTo is not after validFrom";
  if (p.kind === "Recurring" && !p.recurrencyKind) return "a Recurring profile needs a recurrencyKind";
  // A ChargePointMaxProfile belongs to no transaction, so only a startSchedule can place it in time.
  if (p.purpose === "ChargePointMaxProfile" && (p.kind === "Relative" || s.startSchedule === undefined))
    return "a ChargePointMaxProfile needs a startSchedule and cannot be Relative: it belongs to no transaction";
  // "Only valid if ChargingProfilePurpose is set to TxProfile" (§7 ChargingProfile).
  if (p.transactionId !== undefined && p.purpose !== "TxProfile")
    return "only a TxProfile names a transaction";
  return undefined;
}

/**
 * Why a profile cannot go on this connector now, or undefined. `transactionId` is the running
 * transaction's, null while it has no id yet, undefined without a transaction.
 */
export function placementProblem(
  connectorId: number,
  p: ChargingProfile,
  connectors: number,
  transactionId: TransactionId | null | undefined,
): string | undefined {
  if (!Number.isInteger(connectorId) || connectorId < 0 || connectorId > connectors)
    return `connector ${connectorId} does not exist`;
  if (p.purpose === "ChargePointMaxProfile" && connectorId !== 0)
    return "a ChargePointMaxProfile goes on connector 0";
  if (p.purpose !== "TxProfile") return undefined;
  // §5.16: without a transaction on the connector a TxProfile is discarded with an error status.
  if (connectorId === 0) return "a TxProfile goes on a connector with a transaction";
  if (transactionId === undefined) return `connector ${connectorId} has no transaction`;
  if (p.transactionId !== undefined && String(p.transactionId) !== String(transactionId))
    return `transaction ${p.transactionId} is not the one running on connector ${connectorId}`;
  return undefined;
}

function matches(i: InstalledProfile, f: ChargingProfileFilter): boolean {
  // §5.5 clears "either a specific charging profile (denoted by id) or a selection" by the other fields.
  if (f.id !== undefined) return i.profile.id === f.id;
  return (
    (f.connectorId === undefined || i.connectorId === f.connectorId) &&
    (f.purpose === undefined || i.profile.purpose === f.purpose) &&
    (f.stackLevel === undefined || i.profile.stackLevel === f.stackLevel)
  );
}

function sameLevelAs(i: InstalledProfile, connectorId: number, p: ChargingProfile): boolean {
  return (
    i.connectorId === connectorId && i.profile.purpose === p.purpose && i.profile.stackLevel === p.stackLevel
  );
}

// Validity windows, open-ended where validFrom/validTo are absent.
function overlaps(a: ChargingProfile, b: ChargingProfile): boolean {
  const from = (p: ChargingProfile) => p.validFrom ?? Number.NEGATIVE_INFINITY;
  const to = (p: ChargingProfile) => p.validTo ?? Number.POSITIVE_INFINITY;
  return from(a) < to(b) && from(b) < to(a);
}

/** The installed profiles of one charge point. */
export class ProfileStore {
  private list: InstalledProfile[] = [];

  get installed(): readonly InstalledProfile[] {
    return this.list;
  }

  /**
   * Installs a profile. It replaces one with the same id; one with the same purpose and stackLevel
   * on the same connector it replaces too (1.6 §5.16), or, by the 2.0.1 rule, refuses to join
   * while their validity overlaps. Returns why it was refused, and nothing changes, also when
   * MaxChargingProfilesInstalled would be exceeded.
   */
  install(
    connectorId: number,
    profile: ChargingProfile,
    maxInstalled: number,
    sameLevel: SameLevelRule = "replace",
  ): string | undefined {
    const rival =
      sameLevel === "refuseOverlap" &&
      this.list.find(
        (i) =>
          i.profile.id !== profile.id && sameLevelAs(i, connectorId, profile) && overlaps(i.profile, profile),
      );
    if (rival)
      return `profile ${rival.profile.id} has the same purpose and stackLevel here at overlapping times`;
    const kept = this.keptBeside(connectorId, profile, sameLevel);
    if (kept.length >= maxInstalled)
      return `MaxChargingProfilesInstalled (${maxInstalled}) profiles are installed`;
    this.list = [...kept, { connectorId, profile }];
    return undefined;
  }

  /** Whether install() would find room for the profile. */
  fits(connectorId: number, profile: ChargingProfile, maxInstalled: number): boolean {
    return this.keptBeside(connectorId, profile, "replace").length < maxInstalled;
  }

  /** The profiles that stay when this one comes: it replaces its id, and by 1.6 its purpose and level. */
  private keptBeside(connectorId: number, profile: ChargingProfile, sameLevel: SameLevelRule) {
    return this.list.filter(
      (i) =>
        i.profile.id !== profile.id && !(sameLevel === "replace" && sameLevelAs(i, connectorId, profile)),
    );
  }

  /** Removes the profiles the filter selects; returns how many. */
  clear(filter: ChargingProfileFilter): number {
    const before = this.list.length;
    this.list = this.list.filter((i) => !matches(i, filter));
    return before - this.list.length;
  }

  /** A TxProfile lasts as long as its transaction (§3.13.1). */
  endTransaction(connectorId: number): number {
    return this.clear({ connectorId, purpose: "TxProfile" });
  }
}
