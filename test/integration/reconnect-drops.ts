// What the forced-drop tests share: a charge session workload whose transaction messages are
// known in advance, a plan of when the central system cuts the connection, and the count of what
// it received (by message id: a repeat under the same id is the same message).
import { expect } from "vitest";
import type { ChargePoint } from "../../src/chargepoint/charge-point.ts";

export const TX_ACTIONS = ["StartTransaction", "MeterValues", "StopTransaction"] as const;
export type TxAction = (typeof TX_ACTIONS)[number];
export const METER_VALUES_PER_SESSION = 3;

/** Back-off of 10-20 simulated ms at a time scale of 100: reconnections take a few real ms. */
export const FAST_RECONNECT = {
  RetryBackOffWaitMinimum: "1",
  RetryBackOffRandomRange: "1",
  RetryBackOffRepeatTimes: "3",
  MeterValueSampleInterval: "0",
};

/** `sessions` charge sessions, each a start, MeterValues and a stop: every message awaited. */
export async function runSessions(cp: ChargePoint, sessions: number): Promise<void> {
  for (let i = 0; i < sessions; i++) {
    await cp.startTransaction(1, `TAG-${i}`);
    for (let j = 0; j < METER_VALUES_PER_SESSION; j++) await cp.sendMeterValues(1);
    await cp.stopTransaction(1);
    await cp.unplug(1);
  }
}

/**
 * Drops planned as "the n-th distinct message of an action" (1-based). `hit` is asked of every
 * transaction message the central system receives and says whether to cut now.
 */
export function dropPlan(plan: [TxAction, number][]) {
  const seen = new Set<string>();
  const distinct = new Map<string, number>();
  const raw = new Map<string, number>();
  let drops = 0;
  return {
    hit(action: string, id: string): boolean {
      if (!(TX_ACTIONS as readonly string[]).includes(action)) return false;
      raw.set(action, (raw.get(action) ?? 0) + 1);
      if (seen.has(id)) return false;
      seen.add(id);
      const n = (distinct.get(action) ?? 0) + 1;
      distinct.set(action, n);
      const cut = plan.some(([a, k]) => a === action && k === n);
      if (cut) drops++;
      return cut;
    },
    get drops() {
      return drops;
    },
    /** Messages received per action: distinct ids, and every arrival including repeats. */
    counts(action: TxAction) {
      return { distinct: distinct.get(action) ?? 0, raw: raw.get(action) ?? 0 };
    },
  };
}

export type DropPlan = ReturnType<typeof dropPlan>;

/** Nothing lost: every message the workload made arrived, under one id each. */
export function expectNoneLost(plan: DropPlan, sessions: number): void {
  expect({
    StartTransaction: plan.counts("StartTransaction").distinct,
    MeterValues: plan.counts("MeterValues").distinct,
    StopTransaction: plan.counts("StopTransaction").distinct,
  }).toEqual({
    StartTransaction: sessions,
    MeterValues: sessions * METER_VALUES_PER_SESSION,
    StopTransaction: sessions,
  });
}
