// Charging profiles for the smart charging tests, built from the fields a test cares about.

import type { Electrical } from "../../src/chargepoint/smart-charging/stack.ts";
import type { ChargingProfile, ChargingSchedulePeriod } from "../../src/ocpp/neutral-smart-charging.ts";

/** Monday 5 January 2026, 00:00 UTC. */
export const T0 = Date.UTC(2026, 0, 5);
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** The default simulated charge point: 230 V, three phases, 32 A. */
export const E: Electrical = { voltageV: 230, phases: 3, ratedCurrentA: 32 };

/** [startPeriod in s, limit] pairs. */
export function periods(...pairs: [number, number][]): ChargingSchedulePeriod[] {
  return pairs.map(([startPeriod, limit]) => ({ startPeriod, limit }));
}

export function profile(
  over: Partial<Omit<ChargingProfile, "schedule">> & { schedule?: Partial<ChargingProfile["schedule"]> } = {},
): ChargingProfile {
  const { schedule, ...rest } = over;
  return {
    id: 1,
    stackLevel: 0,
    purpose: "TxDefaultProfile",
    kind: "Absolute",
    ...rest,
    schedule: { chargingRateUnit: "A", periods: periods([0, 16]), ...schedule },
  };
}
