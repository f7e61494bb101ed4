// One charging profile over time (OCPP 1.6 §3.13.1; §7 ChargingProfile, ChargingSchedule): which
// limit it sets at an instant and when that can next change. Pure functions of the profile, the
// instant and the start of the transaction it governs, so they are exact at any time scale and
// testable on fixed instants.
import type { ChargingProfile, ChargingRateUnit } from "../../ocpp/neutral-smart-charging.ts";

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export interface ProfileLimit {
  limit: number;
  unit: ChargingRateUnit;
  numberPhases?: number;
}

function recurrenceMs(p: ChargingProfile): number {
  return p.recurrencyKind === "Weekly" ? WEEK_MS : DAY_MS;
}

/**
 * Where the schedule that covers `t` starts, or undefined when none does yet. `txStart` is the
 * start of the transaction the profile governs (or of a hypothetical one, for a composite schedule).
 */
export function scheduleStart(
  p: ChargingProfile,
  t: number,
  txStart: number | undefined,
): number | undefined {
  // Relative periods count from the start of the transaction; so do those of a schedule without
  // startSchedule ("If absent the schedule will be relative to start of charging", §7 ChargingSchedule).
  const anchor = p.kind === "Relative" ? txStart : (p.schedule.startSchedule ?? txStart);
  if (anchor === undefined || t < anchor) return undefined;
  if (p.kind !== "Recurring") return anchor;
  const every = recurrenceMs(p);
  return anchor + Math.floor((t - anchor) / every) * every;
}

/** The limit the profile sets at `t`, or undefined when it sets none (not valid, not started, ended). */
export function limitAt(
  p: ChargingProfile,
  t: number,
  txStart: number | undefined,
): ProfileLimit | undefined {
  if (p.validFrom !== undefined && t < p.validFrom) return undefined;
  if (p.validTo !== undefined && t >= p.validTo) return undefined;
  const start = scheduleStart(p, t, txStart);
  if (start === undefined) return undefined;
  const offsetSec = (t - start) / 1000;
  if (p.schedule.durationSec !== undefined && offsetSec >= p.schedule.durationSec) return undefined;
  let current: ProfileLimit | undefined;
  for (const period of p.schedule.periods) {
    if (period.startPeriod > offsetSec) break;
    current = { limit: period.limit, unit: p.schedule.chargingRateUnit, numberPhases: period.numberPhases };
  }
  return current;
}

/**
 * The first instant after `t` at which the profile's limit may change: a period begins, the
 * schedule ends or recurs, or the validity window opens or closes. Undefined when nothing changes.
 */
export function nextBoundary(p: ChargingProfile, t: number, txStart: number | undefined): number | undefined {
  let next = Number.POSITIVE_INFINITY;
  const consider = (at: number | undefined) => {
    if (at !== undefined && at > t && at < next) next = at;
  };
  consider(p.validFrom);
  consider(p.validTo);
  const anchor = p.kind === "Relative" ? txStart : (p.schedule.startSchedule ?? txStart);
  const start = scheduleStart(p, t, txStart) ?? anchor;
  if (start !== undefined) {
    for (const period of p.schedule.periods) consider(start + period.startPeriod * 1000);
    if (p.schedule.durationSec !== undefined) consider(start + p.schedule.durationSec * 1000);
    if (p.kind === "Recurring" && anchor !== undefined && t >= anchor) consider(start + recurrenceMs(p));
  }
  return next === Number.POSITIVE_INFINITY ? undefined : next;
}
