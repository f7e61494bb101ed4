// One profile over time and the stack of them, on fixed instants.
import { describe, expect, it } from "vitest";
import { limitAt, nextBoundary } from "../../src/chargepoint/smart-charging/schedule.ts";
import {
  compositeSchedule,
  connectorLimits,
  type InstalledProfile,
  MAX_COMPOSITE_PERIODS,
  prevailing,
} from "../../src/chargepoint/smart-charging/stack.ts";
import { DAY, E, HOUR, MIN, periods, profile, T0 } from "./smart-charging-fixtures.ts";

const limit = (p: ReturnType<typeof profile>, t: number, txStart?: number) => limitAt(p, t, txStart)?.limit;

describe("one profile over time", () => {
  it("Absolute: periods count from startSchedule and stop at the duration", () => {
    const p = profile({
      schedule: { startSchedule: T0, durationSec: 7200, periods: periods([0, 16], [3600, 10]) },
    });
    expect(limit(p, T0 - 1)).toBeUndefined();
    expect(limit(p, T0)).toBe(16);
    expect(limit(p, T0 + HOUR - 1)).toBe(16);
    expect(limit(p, T0 + HOUR)).toBe(10);
    expect(limit(p, T0 + 2 * HOUR)).toBeUndefined();
    expect(nextBoundary(p, T0 - MIN, undefined)).toBe(T0);
    expect(nextBoundary(p, T0, undefined)).toBe(T0 + HOUR);
    expect(nextBoundary(p, T0 + HOUR, undefined)).toBe(T0 + 2 * HOUR);
    expect(nextBoundary(p, T0 + 2 * HOUR, undefined)).toBeUndefined();
  });

  it("Absolute without startSchedule starts with the transaction", () => {
    const p = profile({ schedule: { periods: periods([0, 6], [600, 12]) } });
    expect(limit(p, T0)).toBeUndefined();
    expect(limit(p, T0 + 5 * MIN, T0)).toBe(6);
    expect(limit(p, T0 + 10 * MIN, T0)).toBe(12);
  });

  it("Recurring Daily: the same periods every day from startSchedule on", () => {
    const p = profile({
      kind: "Recurring",
      recurrencyKind: "Daily",
      schedule: { startSchedule: T0, periods: periods([0, 6], [8 * 3600, 16], [18 * 3600, 10]) },
    });
    expect(limit(p, T0 - HOUR)).toBeUndefined();
    expect(limit(p, T0 + 3 * DAY + 7 * HOUR)).toBe(6);
    expect(limit(p, T0 + 3 * DAY + 9 * HOUR)).toBe(16);
    expect(limit(p, T0 + 3 * DAY + 19 * HOUR)).toBe(10);
    expect(nextBoundary(p, T0 + 3 * DAY + 19 * HOUR, undefined)).toBe(T0 + 4 * DAY);
    expect(nextBoundary(p, T0 + 4 * DAY, undefined)).toBe(T0 + 4 * DAY + 8 * HOUR);
  });

  it("Recurring Weekly: the week restarts on the weekday of startSchedule", () => {
    const p = profile({
      kind: "Recurring",
      recurrencyKind: "Weekly",
      schedule: { startSchedule: T0, periods: periods([0, 10], [5 * 86_400, 32]) },
    });
    expect(limit(p, T0 + 12 * DAY)).toBe(32); // the Saturday of the second week
    expect(limit(p, T0 + 14 * DAY)).toBe(10);
    expect(nextBoundary(p, T0 + 12 * DAY, undefined)).toBe(T0 + 14 * DAY);
  });

  it("Relative: periods count from the start of the transaction, none without one", () => {
    const p = profile({
      kind: "Relative",
      schedule: { chargingRateUnit: "W", periods: periods([0, 3680], [1800, 7360]) },
    });
    const start = T0 + 5 * MIN;
    expect(limit(p, start + 10 * MIN)).toBeUndefined();
    expect(limit(p, start + 10 * MIN, start)).toBe(3680);
    expect(limit(p, start + 30 * MIN, start)).toBe(7360);
    expect(nextBoundary(p, start, start)).toBe(start + 30 * MIN);
    expect(nextBoundary(p, start + 30 * MIN, start)).toBeUndefined();
  });

  it("validFrom and validTo open and close the profile", () => {
    const p = profile({ validFrom: T0 + HOUR, validTo: T0 + 2 * HOUR, schedule: { startSchedule: T0 } });
    expect(limit(p, T0 + 30 * MIN)).toBeUndefined();
    expect(limit(p, T0 + HOUR)).toBe(16);
    expect(limit(p, T0 + 2 * HOUR)).toBeUndefined();
    expect(nextBoundary(p, T0 + 30 * MIN, undefined)).toBe(T0 + HOUR);
    expect(nextBoundary(p, T0 + HOUR, undefined)).toBe(T0 + 2 * HOUR);
  });
});

const on = (connectorId: number, p: ReturnType<typeof profile>): InstalledProfile => ({
  connectorId,
  profile: p,
});

describe("stacking", () => {
  it("the highest stackLevel that sets a limit prevails; an ended one lets the next show through", () => {
    const base = on(0, profile({ id: 1, stackLevel: 0, schedule: { startSchedule: T0 } }));
    const peak = on(
      0,
      profile({
        id: 2,
        stackLevel: 1,
        schedule: { startSchedule: T0, durationSec: 3600, periods: periods([0, 10]) },
      }),
    );
    expect(prevailing([base, peak], T0 + 30 * MIN, undefined)?.limit).toBe(10);
    expect(prevailing([base, peak], T0 + 90 * MIN, undefined)?.limit).toBe(16);
  });

  it("at the same stackLevel a connector's own TxDefaultProfile overrules connector 0's", () => {
    const all = on(0, profile({ id: 1, schedule: { startSchedule: T0, periods: periods([0, 16]) } }));
    const own = on(2, profile({ id: 2, schedule: { startSchedule: T0, periods: periods([0, 8]) } }));
    expect(connectorLimits([all, own], { id: 1 }, T0, E)).toEqual({ connectorW: 16 * 690 });
    expect(connectorLimits([all, own], { id: 2 }, T0, E)).toEqual({ connectorW: 8 * 690 });
  });

  it("a TxProfile overrules the TxDefaultProfile; ChargePointMaxProfile is reported apart; A is per phase", () => {
    const installed = [
      on(
        0,
        profile({
          id: 1,
          purpose: "ChargePointMaxProfile",
          schedule: { startSchedule: T0, periods: periods([0, 20]) },
        }),
      ),
      on(0, profile({ id: 2, stackLevel: 5, schedule: { startSchedule: T0, periods: periods([0, 16]) } })),
      on(
        1,
        profile({
          id: 3,
          purpose: "TxProfile",
          kind: "Relative",
          schedule: { chargingRateUnit: "W", periods: periods([0, 3680]) },
        }),
      ),
    ];
    expect(connectorLimits(installed, { id: 1, txStart: T0 }, T0, E)).toEqual({
      stationW: 13_800,
      connectorW: 3680,
    });
    expect(connectorLimits(installed, { id: 2, txStart: T0 }, T0, E)).toEqual({
      stationW: 13_800,
      connectorW: 11_040,
    });
    expect(connectorLimits(installed, { id: 0 }, T0, E)).toEqual({ stationW: 13_800 });
  });
});

describe("composite schedule", () => {
  const installed = [
    on(
      0,
      profile({
        id: 1,
        purpose: "ChargePointMaxProfile",
        schedule: { startSchedule: T0, periods: periods([0, 20]) },
      }),
    ),
    on(
      0,
      profile({
        id: 2,
        kind: "Relative",
        schedule: { chargingRateUnit: "W", periods: periods([0, 3680], [1800, 16_000]) },
      }),
    ),
  ];

  it("combines the limits over the span, the smaller one at each instant, in W or A", () => {
    // Without a transaction the relative profile starts now, as for a transaction that would.
    expect(compositeSchedule(installed, { id: 1 }, T0, 3600, "W", E).schedule).toEqual({
      durationSec: 3600,
      startSchedule: T0,
      chargingRateUnit: "W",
      periods: [
        { startPeriod: 0, limit: 3680 },
        { startPeriod: 1800, limit: 13_800 },
      ],
    });
    expect(compositeSchedule(installed, { id: 1 }, T0, 3600, "A", E).schedule.periods).toEqual([
      { startPeriod: 0, limit: 5.3 },
      { startPeriod: 1800, limit: 20 },
    ]);
    // Mixed units and no unit asked for: W.
    expect(compositeSchedule(installed, { id: 1 }, T0, 3600, undefined, E).schedule.chargingRateUnit).toBe(
      "W",
    );
  });

  it("counts from the transaction's start when one runs, and connector 0 has only the charge point's limit", () => {
    expect(
      compositeSchedule(installed, { id: 1, txStart: T0 - 20 * MIN }, T0, 1200, "W", E).schedule.periods,
    ).toEqual([
      { startPeriod: 0, limit: 3680 },
      { startPeriod: 600, limit: 13_800 },
    ]);
    expect(compositeSchedule(installed, { id: 0 }, T0, 3600, undefined, E).schedule.periods).toEqual([
      { startPeriod: 0, limit: 20 },
    ]);
  });

  it("fills what no profile limits with the rated 32 A, and says when nothing limits", () => {
    const short = [
      on(
        0,
        profile({ schedule: { startSchedule: T0 + 10 * MIN, durationSec: 1200, periods: periods([0, 10]) } }),
      ),
    ];
    expect(compositeSchedule(short, { id: 1 }, T0, 3600, "A", E).schedule.periods).toEqual([
      { startPeriod: 0, limit: 32 },
      { startPeriod: 600, limit: 10 },
      { startPeriod: 1800, limit: 32 },
    ]);
    expect(compositeSchedule(short, { id: 1 }, T0, 3600, "A", E).limited).toBe(true);
    expect(compositeSchedule(short, { id: 1 }, T0 + HOUR, 3600, "A", E).limited).toBe(false);
    expect(compositeSchedule([], { id: 1 }, T0, 3600, "A", E)).toEqual({
      schedule: {
        durationSec: 3600,
        startSchedule: T0,
        chargingRateUnit: "A",
        periods: [{ startPeriod: 0, limit: 32 }],
      },
      limited: false,
    });
  });

  it("stops at MAX_COMPOSITE_PERIODS periods, and says how far it got", () => {
    const daily = on(
      0,
      profile({
        kind: "Recurring",
        recurrencyKind: "Daily",
        schedule: { startSchedule: T0, periods: periods([0, 6], [12 * 3600, 16]) },
      }),
    );
    const years = compositeSchedule([daily], { id: 1 }, T0, 2_000_000_000, "A", E).schedule;
    expect(years.periods).toHaveLength(MAX_COMPOSITE_PERIODS);
    expect(years.durationSec).toBe((MAX_COMPOSITE_PERIODS / 2) * 86_400);
    expect(years.periods.at(-1)).toEqual({ startPeriod: years.durationSec! - 12 * 3600, limit: 16 });
  });
});
