// The charging profile a scenario writes for the neutral smart charging commands (setChargingProfile,
// and remoteStart's `profile`), read into the model's neutral ChargingProfile, which each version
// then writes as its own payload. Times are ISO 8601 as on every wire; the purpose may be named as
// either version names it.
import type { TransactionId } from "./neutral.ts";
import type { ChargingProfile, ChargingProfilePurpose, ChargingRateUnit } from "./neutral-smart-charging.ts";

export type ProfilePurposeName = ChargingProfilePurpose | "ChargingStationMaxProfile";

/** A charging profile as a scenario writes it (scenario.schema.json `chargingProfile`). */
export interface ProfileArgs {
  id: number;
  stackLevel: number;
  purpose: ProfilePurposeName;
  kind: ChargingProfile["kind"];
  recurrency?: "Daily" | "Weekly";
  /** TxProfile only: the transaction it governs, e.g. captured as ${vars.txId}. */
  transactionId?: TransactionId;
  validFrom?: string;
  validTo?: string;
  startSchedule?: string;
  /** Seconds. */
  duration?: number;
  unit: ChargingRateUnit;
  periods: { startPeriod: number; limit: number; numberPhases?: number }[];
  minChargingRate?: number;
}

/** ClearChargingProfile's selection: a profile's id, or any of the others (none: every profile). */
export interface ClearProfileArgs {
  profileId?: number;
  connector?: number;
  purpose?: ProfilePurposeName;
  stackLevel?: number;
}

export const purposeOf = (name: ProfilePurposeName): ChargingProfilePurpose =>
  name === "ChargingStationMaxProfile" ? "ChargePointMaxProfile" : name;

const time = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

export function profileOf(a: ProfileArgs): ChargingProfile {
  return {
    id: a.id,
    ...(a.transactionId !== undefined && { transactionId: a.transactionId }),
    stackLevel: a.stackLevel,
    purpose: purposeOf(a.purpose),
    kind: a.kind,
    ...(a.recurrency !== undefined && { recurrencyKind: a.recurrency }),
    ...(a.validFrom !== undefined && { validFrom: time(a.validFrom) }),
    ...(a.validTo !== undefined && { validTo: time(a.validTo) }),
    schedule: {
      ...(a.duration !== undefined && { durationSec: a.duration }),
      ...(a.startSchedule !== undefined && { startSchedule: time(a.startSchedule) }),
      chargingRateUnit: a.unit,
      periods: a.periods.map((p) => ({ ...p })),
      ...(a.minChargingRate !== undefined && { minChargingRate: a.minChargingRate }),
    },
  };
}
