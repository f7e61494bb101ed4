// Smart charging payloads of OCPP 1.6-J in the neutral vocabulary and back: ISO times become epoch
// milliseconds, the wire's field names the neutral ones. A SOAP 1.6 mapping produces the same.
import { isoTimestamp } from "../../util/clock.ts";
import type { ChargingProfile, CompositeScheduleResult } from "../neutral.ts";
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

export function compositeTo16(r: CompositeScheduleResult): GetCompositeScheduleResponse {
  if (r.status === "Rejected") return { status: "Rejected" };
  const s = r.limited ? r.schedule : undefined;
  return {
    status: "Accepted",
    connectorId: r.connectorId,
    scheduleStart: isoTimestamp(r.scheduleStart),
    ...(s && {
      chargingSchedule: {
        ...(s.durationSec !== undefined && { duration: s.durationSec }),
        ...(s.startSchedule !== undefined && { startSchedule: isoTimestamp(s.startSchedule) }),
        chargingRateUnit: s.chargingRateUnit,
        chargingSchedulePeriod: s.periods.map((p) => ({
          startPeriod: p.startPeriod,
          limit: p.limit,
          ...(p.numberPhases !== undefined && { numberPhases: p.numberPhases }),
        })),
        ...(s.minChargingRate !== undefined && { minChargingRate: s.minChargingRate }),
      },
    }),
  };
}
