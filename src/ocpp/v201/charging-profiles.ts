// Smart charging payloads of OCPP 2.0.1 in the neutral vocabulary and back (Part 2 §K). A 2.0.1
// profile says ChargingStation… where the model says ChargePoint…, gives its EVSE beside it and
// holds a list of schedules, each with an id; the model keeps one schedule and its id. The checks
// 2.0.1 adds to the model's own (K01) refuse a profile with the reasonCode its answer carries.
import { isoTimestamp } from "../../util/clock.ts";
import type {
  ChargingProfile,
  ChargingProfilePurpose,
  CompositeScheduleResult,
  InstalledChargingProfile,
} from "../neutral-smart-charging.ts";
import type {
  ChargingProfilePurposeEnumType,
  ChargingProfileType,
  GetChargingProfilesRequest,
  GetCompositeScheduleResponse,
  ReportChargingProfilesRequest,
  StatusInfoType,
} from "./types.ts";

// ChargingStationExternalConstraints has no counterpart: only the station itself sets such limits
// (from an EMS or a grid operator), never a CSMS.
const PURPOSE_FROM_201: ReadonlyMap<ChargingProfilePurposeEnumType, ChargingProfilePurpose> = new Map([
  ["ChargingStationMaxProfile", "ChargePointMaxProfile"],
  ["TxDefaultProfile", "TxDefaultProfile"],
  ["TxProfile", "TxProfile"],
]);

const PURPOSE_TO_201: Readonly<Record<ChargingProfilePurpose, ChargingProfilePurposeEnumType>> = {
  ChargePointMaxProfile: "ChargingStationMaxProfile",
  TxDefaultProfile: "TxDefaultProfile",
  TxProfile: "TxProfile",
};

export function purposeTo201(p: ChargingProfilePurpose): ChargingProfilePurposeEnumType {
  return PURPOSE_TO_201[p];
}

export function purposeFrom201(p: ChargingProfilePurposeEnumType): ChargingProfilePurpose | undefined {
  return PURPOSE_FROM_201.get(p);
}

/** Why a request is refused: the answer's statusInfo (reasonCode at most 20 characters). */
export type Refusal = Required<Pick<StatusInfoType, "reasonCode" | "additionalInfo">>;

export const refusal = (reasonCode: string, additionalInfo: string): Refusal => ({
  reasonCode,
  // StatusInfoType.additionalInfo holds at most 512 characters.
  additionalInfo: additionalInfo.slice(0, 512),
});

// The schema checked the format; Date.parse yields NaN for the rest, which the model refuses.
const time = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

/** Why the station refuses a profile as 2.0.1 words it, before the model's own rules; or nothing. */
function scheduleRefusal(p: ChargingProfileType): Refusal | undefined {
  if (p.chargingSchedule.length !== 1)
    return refusal(
      "InvalidSchedule",
      "the station takes one chargingSchedule (more are offered to ISO 15118 EVs)",
    );
  const s = p.chargingSchedule[0]!;
  if (s.chargingSchedulePeriod[0]?.startPeriod !== 0)
    return refusal("InvalidSchedule", "the first period's startPeriod must be 0 (K01.FR.31)");
  if (s.chargingSchedulePeriod.some((period) => period.phaseToUse !== undefined))
    return refusal(
      "InvalidSchedule",
      "phaseToUse needs ACPhaseSwitchingSupported, which is false (K01.FR.20)",
    );
  if (p.chargingProfileKind === "Relative" && s.startSchedule !== undefined)
    return refusal("InvalidSchedule", "a Relative profile has no startSchedule (K01.FR.41)");
  if (p.chargingProfileKind !== "Relative" && s.startSchedule === undefined)
    return refusal(
      "InvalidSchedule",
      `an ${p.chargingProfileKind} profile needs a startSchedule (K01.FR.40)`,
    );
  if (p.chargingProfilePurpose === "ChargingStationMaxProfile" && p.chargingProfileKind === "Relative")
    return refusal("InvalidProfile", "a ChargingStationMaxProfile cannot be Relative (K01.FR.38)");
  return undefined;
}

/** A 2.0.1 profile read: the neutral one, or why the station refuses it. */
export type ProfileRead =
  | { profile: ChargingProfile; refused?: undefined }
  | { refused: Refusal; profile?: undefined };

/** The neutral profile of a 2.0.1 one, or why the station refuses it whatever its EVSE. */
export function profileFrom201(p: ChargingProfileType): ProfileRead {
  const purpose = PURPOSE_FROM_201.get(p.chargingProfilePurpose);
  if (!purpose)
    return {
      refused: refusal("InvalidProfile", `${p.chargingProfilePurpose} are set by the station, not by a CSMS`),
    };
  const refused = scheduleRefusal(p);
  if (refused) return { refused };
  const s = p.chargingSchedule[0]!;
  const profile: ChargingProfile = {
    id: p.id,
    ...(p.transactionId !== undefined && { transactionId: p.transactionId }),
    stackLevel: p.stackLevel,
    purpose,
    kind: p.chargingProfileKind,
    recurrencyKind: p.recurrencyKind,
    validFrom: time(p.validFrom),
    validTo: time(p.validTo),
    schedule: {
      id: s.id,
      durationSec: s.duration,
      startSchedule: time(s.startSchedule),
      chargingRateUnit: s.chargingRateUnit,
      periods: s.chargingSchedulePeriod.map((period) => ({
        startPeriod: period.startPeriod,
        limit: period.limit,
        ...(period.numberPhases !== undefined && { numberPhases: period.numberPhases }),
      })),
      minChargingRate: s.minChargingRate,
    },
  };
  return { profile };
}

const isoOf = (t: number | undefined) => (t === undefined ? undefined : isoTimestamp(t));

export function profileTo201(p: ChargingProfile): ChargingProfileType {
  const s = p.schedule;
  const startSchedule = isoOf(s.startSchedule);
  const validFrom = isoOf(p.validFrom);
  const validTo = isoOf(p.validTo);
  return {
    id: p.id,
    stackLevel: p.stackLevel,
    chargingProfilePurpose: PURPOSE_TO_201[p.purpose],
    chargingProfileKind: p.kind,
    ...(p.recurrencyKind !== undefined && { recurrencyKind: p.recurrencyKind }),
    ...(validFrom !== undefined && { validFrom }),
    ...(validTo !== undefined && { validTo }),
    ...(p.transactionId !== undefined && { transactionId: String(p.transactionId) }),
    chargingSchedule: [
      {
        // A profile that came without a schedule id (none does over 2.0.1) reports its own.
        id: s.id ?? p.id,
        ...(startSchedule !== undefined && { startSchedule }),
        ...(s.durationSec !== undefined && { duration: s.durationSec }),
        chargingRateUnit: s.chargingRateUnit,
        chargingSchedulePeriod: s.periods.map((period) => ({ ...period })),
        ...(s.minChargingRate !== undefined && { minChargingRate: s.minChargingRate }),
      },
    ],
  };
}

/** GetCompositeSchedule's answer: 2.0.1 always gives a schedule, the station's maximum where no profile limits. */
export function compositeTo201(r: CompositeScheduleResult, evseId: number): GetCompositeScheduleResponse {
  if (r.status === "Rejected")
    return {
      status: "Rejected",
      statusInfo: refusal("InvalidValue", "the station cannot report this schedule"),
    };
  const s = r.schedule;
  return {
    status: "Accepted",
    schedule: {
      evseId,
      duration: s.durationSec ?? 0,
      scheduleStart: isoTimestamp(r.scheduleStart),
      chargingRateUnit: s.chargingRateUnit,
      chargingSchedulePeriod: s.periods.map((p) => ({ startPeriod: p.startPeriod, limit: p.limit })),
    },
  };
}

/**
 * ReportChargingProfiles for GetChargingProfiles (K09): the installed profiles that match every
 * criterion given, one message per EVSE (EVSE 0: the station's), `tbc` on all but the last. The
 * CSMS set them all, so their source is CSO. Empty when none matches.
 */
export function reportsOf(
  installed: readonly InstalledChargingProfile[],
  req: GetChargingProfilesRequest,
): ReportChargingProfilesRequest[] {
  const c = req.chargingProfile;
  if (c.chargingLimitSource && !c.chargingLimitSource.includes("CSO")) return [];
  const purpose = c.chargingProfilePurpose;
  const matching = installed.filter(
    ({ connectorId, profile }) =>
      (req.evseId === undefined || connectorId === req.evseId) &&
      (purpose === undefined || profile.purpose === PURPOSE_FROM_201.get(purpose)) &&
      (c.stackLevel === undefined || profile.stackLevel === c.stackLevel) &&
      (c.chargingProfileId === undefined || c.chargingProfileId.includes(profile.id)),
  );
  const evses = [...new Set(matching.map((m) => m.connectorId))].sort((a, b) => a - b);
  return evses.map((evseId, i) => ({
    requestId: req.requestId,
    chargingLimitSource: "CSO",
    evseId,
    chargingProfile: matching.filter((m) => m.connectorId === evseId).map((m) => profileTo201(m.profile)),
    ...(i < evses.length - 1 && { tbc: true }),
  }));
}
