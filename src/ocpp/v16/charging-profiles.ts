// Smart charging payloads of OCPP 1.6-J in the neutral vocabulary and back: ISO times become epoch
// milliseconds, the wire's field names the neutral ones. A SOAP 1.6 mapping produces the same.
import { isoTimestamp } from "../../util/clock.ts";
import type {
  ChargingProfile,
  ChargingSchedule,
  CompositeScheduleResult,
} from "../neutral-smart-charging.ts";
import type { GetCompositeScheduleResponse, SetChargingProfileRequest } from "./types.ts";

type WireProfile = SetChargingProfileRequest["csChargingProfiles"];

// The schema has checked the format; Date.parse yields NaN for the rest, which the profile checks refuse.
const time = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

export function profileFrom16(p: WireProfile): ChargingProfile {
  const s = p.chargingSchedule;
  return {
    id: p.chargingProfileId,
    transactionId: p.transactionId,
    stackLevel: p.stackLevel,
    purpose: p.chargingProfilePurpose,
    kind: p.chargingProfileKind,
    recurrencyKind: p.recurrencyKind,
    validFrom: time(p.validFrom),
    validTo: time(p.validTo),
    schedule: {
      durationSec: s.duration,
      startSchedule: time(s.startSchedule),
      chargingRateUnit: s.chargingRateUnit,
      periods: s.chargingSchedulePeriod.map((period) => ({ ...period })),
      minChargingRate: s.minChargingRate,
    },
  };
}

function scheduleTo16(s: ChargingSchedule): WireProfile["chargingSchedule"] {
  return {
    ...(s.durationSec !== undefined && { duration: s.durationSec }),
    ...(s.startSchedule !== undefined && { startSchedule: isoTimestamp(s.startSchedule) }),
    chargingRateUnit: s.chargingRateUnit,
    chargingSchedulePeriod: s.periods.map((p) => ({
      startPeriod: p.startPeriod,
      limit: p.limit,
      ...(p.numberPhases !== undefined && { numberPhases: p.numberPhases }),
    })),
    ...(s.minChargingRate !== undefined && { minChargingRate: s.minChargingRate }),
  };
}

/** A neutral profile as 1.6 sends it (a scenario's setChargingProfile); transaction ids are integers. */
export function profileTo16(p: ChargingProfile): WireProfile {
  return {
    chargingProfileId: p.id,
    ...(p.transactionId !== undefined && { transactionId: Number(p.transactionId) }),
    stackLevel: p.stackLevel,
    chargingProfilePurpose: p.purpose,
    chargingProfileKind: p.kind,
    ...(p.recurrencyKind !== undefined && { recurrencyKind: p.recurrencyKind }),
    ...(p.validFrom !== undefined && { validFrom: isoTimestamp(p.validFrom) }),
    ...(p.validTo !== undefined && { validTo: isoTimestamp(p.validTo) }),
    chargingSchedule: scheduleTo16(p.schedule),
  };
}

export function compositeTo16(r: CompositeScheduleResult): GetCompositeScheduleResponse {
  if (r.status === "Rejected") return { status: "Rejected" };
  return {
    status: "Accepted",
    connectorId: r.connectorId,
    scheduleStart: isoTimestamp(r.scheduleStart),
    ...(r.limited && { chargingSchedule: scheduleTo16(r.schedule) }),
  };
}
