// Stacking (OCPP 1.6 §3.13.2) and the composite schedule (§3.13.3, §5.7): which of the installed
// profiles limits a connector at an instant, and the limits over a span. Pure functions, in watts
// inside; amperes are per phase and convert with the simulated voltage and phases the meter uses.
import type {
  ChargingProfile,
  ChargingRateUnit,
  ChargingSchedule,
  InstalledChargingProfile,
} from "../../ocpp/neutral-smart-charging.ts";
import { limitAt, nextBoundary, type ProfileLimit } from "./schedule.ts";

/** Connector 0 holds ChargePointMaxProfile and the TxDefaultProfile of every connector. */
export type InstalledProfile = InstalledChargingProfile;

export interface Electrical {
  voltageV: number;
  phases: number;
  /** What the charge point can deliver per phase where no profile limits it. */
  ratedCurrentA: number;
}

/** The connector whose limits are asked for; txStart is the start of its transaction, if any. */
export interface ConnectorView {
  id: number;
  txStart?: number;
}

export function toWatts(l: ProfileLimit, e: Electrical): number {
  return l.unit === "W" ? l.limit : l.limit * e.voltageV * e.phases;
}

/** A limit in the unit asked for, to the 0.1 the 1.6 schema allows (multipleOf 0.1). */
export function fromWatts(watts: number, unit: ChargingRateUnit, e: Electrical): number {
  const value = unit === "W" ? watts : watts / (e.voltageV * e.phases);
  return Math.round(value * 10) / 10;
}

function ofPurpose(
  profiles: readonly InstalledProfile[],
  purpose: ChargingProfile["purpose"],
  ids: number[],
) {
  return profiles.filter((p) => p.profile.purpose === purpose && ids.includes(p.connectorId));
}

/**
 * The profiles that can limit a connector, by purpose. Connector 0 is the charge point as a whole:
 * only ChargePointMaxProfile limits it.
 */
export function profilesFor(profiles: readonly InstalledProfile[], connectorId: number) {
  return {
    station: ofPurpose(profiles, "ChargePointMaxProfile", [0]),
    tx: connectorId === 0 ? [] : ofPurpose(profiles, "TxProfile", [connectorId]),
    txDefault: connectorId === 0 ? [] : ofPurpose(profiles, "TxDefaultProfile", [0, connectorId]),
  };
}

/**
 * The prevailing limit among profiles of one purpose: the highest stackLevel that sets one at `t`.
 * 1.6 §3.13.2 names the highest valid stackLevel; a profile whose schedule has not begun or has
 * ended lets the next one show through, as OCPP 2.0.1 later made explicit. At equal stack levels a
 * connector's own TxDefaultProfile overrules the one installed on connector 0.
 */
export function prevailing(
  candidates: readonly InstalledProfile[],
  t: number,
  txStart: number | undefined,
): ProfileLimit | undefined {
  const ordered = [...candidates].sort(
    (a, b) => b.profile.stackLevel - a.profile.stackLevel || b.connectorId - a.connectorId,
  );
  for (const c of ordered) {
    const limit = limitAt(c.profile, t, txStart);
    if (limit) return limit;
  }
  return undefined;
}

export interface ConnectorLimits {
  /** The ChargePointMaxProfile limit, for the charge point as a whole. */
  stationW?: number;
  /** The TxProfile limit, or without one the TxDefaultProfile limit. */
  connectorW?: number;
}

/** The limits on a connector at `t`, in W (§3.13.3: a TxProfile overrules the TxDefaultProfile). */
export function connectorLimits(
  profiles: readonly InstalledProfile[],
  connector: ConnectorView,
  t: number,
  e: Electrical,
): ConnectorLimits {
  const { station, tx, txDefault } = profilesFor(profiles, connector.id);
  const s = prevailing(station, t, connector.txStart);
  const c = prevailing(tx, t, connector.txStart) ?? prevailing(txDefault, t, connector.txStart);
  return {
    ...(s && { stationW: toWatts(s, e) }),
    ...(c && { connectorW: toWatts(c, e) }),
  };
}

/** The first instant after `t` at which any of the profiles may change the connector's limits. */
export function nextChange(
  profiles: readonly InstalledProfile[],
  connector: ConnectorView,
  t: number,
): number | undefined {
  let next: number | undefined;
  for (const { profile } of profiles) {
    const at = nextBoundary(profile, t, connector.txStart);
    if (at !== undefined && (next === undefined || at < next)) next = at;
  }
  return next;
}

/** A bound on the answer: a daily profile asked about for years would otherwise fill megabytes. */
export const MAX_COMPOSITE_PERIODS = 1000;

/**
 * GetCompositeSchedule (§5.7): the connector's limit from `from` for `durationSec`, as one schedule
 * in `unit` (default: A when every profile involved is in A, W otherwise). Without a transaction,
 * relative schedules start at `from`, as for a transaction that would start now. Where no profile
 * limits, the charge point's rated maximum applies; `limited` says whether any profile does. A
 * schedule that would need more than MAX_COMPOSITE_PERIODS periods ends before the next one.
 */
export function compositeSchedule(
  profiles: readonly InstalledProfile[],
  connector: ConnectorView,
  from: number,
  durationSec: number,
  unit: ChargingRateUnit | undefined,
  e: Electrical,
): { schedule: ChargingSchedule; limited: boolean } {
  const set = profilesFor(profiles, connector.id);
  const involved = [...set.station, ...set.tx, ...set.txDefault];
  const view = { id: connector.id, txStart: connector.txStart ?? from };
  const rateUnit = unit ?? (involved.every((p) => p.profile.schedule.chargingRateUnit === "A") ? "A" : "W");
  const ratedW = e.ratedCurrentA * e.voltageV * e.phases;
  const to = from + durationSec * 1000;
  const periods: { startPeriod: number; limit: number }[] = [];
  let limited = false;
  let covered = durationSec;
  for (let t: number | undefined = from; t !== undefined && t < to; t = nextChange(involved, view, t)) {
    const { stationW, connectorW } = connectorLimits(involved, view, t, e);
    const watts = Math.min(stationW ?? ratedW, connectorW ?? ratedW);
    limited ||= stationW !== undefined || connectorW !== undefined;
    const limit = fromWatts(watts, rateUnit, e);
    // The wire counts whole seconds; a boundary within the same second replaces the one before.
    const startPeriod = Math.round((t - from) / 1000);
    const last = periods.at(-1);
    if (last?.startPeriod === startPeriod) last.limit = limit;
    else if (last?.limit !== limit) {
      if (periods.length === MAX_COMPOSITE_PERIODS) {
        covered = startPeriod;
        break;
      }
      periods.push({ startPeriod, limit });
    }
    const merged = periods.at(-2);
    if (merged && merged.limit === periods.at(-1)!.limit) periods.pop();
  }
  return {
    schedule: { durationSec: covered, startSchedule: from, chargingRateUnit: rateUnit, periods },
    limited,
  };
}
