// The numbers the page's charts draw, computed in Node when the report is written: the browser
// gets plain arrays and never the HDR decoder.
import { decodeFromCompressedBase64 } from "hdr-histogram-js";
import type { LoadReport } from "../report-types.ts";

export interface ChartData {
  /** The target fleet size, drawn as a reference line beside the connection counts. */
  target: number;
  timeline: {
    /** Seconds since the start of the run. */
    t: number[];
    connected: number[];
    booted: number[];
    activeTransactions: number[];
    messagesPerSec: number[];
    errors: number[];
    /** p95 per action and interval; null where the action had no call in that interval. */
    p95: { action: string; values: (number | null)[] }[];
  };
  percentiles: {
    /** Percentiles (0..100) shared by every action's curve; the last one is 100, the maximum. */
    p: number[];
    series: { action: string; count: number; valuesMs: number[] }[];
  };
  /** Actions whose histogram could not be decoded, named in the page rather than dropped silently. */
  unreadable: string[];
}

/**
 * Actions in the order the page lists them: most calls first, so the busy actions get the first
 * colours and the legend starts with what matters.
 */
export function orderedActions(report: LoadReport): string[] {
  return Object.keys(report.actions).sort(
    (a, b) => report.actions[b]!.count - report.actions[a]!.count || a.localeCompare(b),
  );
}

// As in HdrHistogram's percentile distribution output: ticks that halve the distance to 100%
// each `TICKS_PER_HALF` steps, so the tail (99%, 99.9%, ...) gets as many points as the body.
const TICKS_PER_HALF = 5;

/** The percentile grid, fine enough to reach the single slowest call of the busiest action. */
export function percentileGrid(maxCount: number): number[] {
  const grid: number[] = [];
  // Up to the first tick past 1 - 1/maxCount, where the slowest single call of the busiest action is.
  for (let i = 0; ; i++) {
    const remaining = 2 ** (-i / TICKS_PER_HALF);
    grid.push(100 * (1 - remaining));
    if (remaining * maxCount < 1) break;
  }
  grid.push(100);
  return grid;
}

export function chartData(report: LoadReport): ChartData {
  const actions = orderedActions(report);
  const decoded = new Map<string, ReturnType<typeof decodeFromCompressedBase64>>();
  const unreadable: string[] = [];
  for (const action of actions) {
    try {
      // 64-bit buckets: a long run can put more than 2^31 calls in one latency bucket.
      const histogram = decodeFromCompressedBase64(report.actions[action]!.histogram, 64);
      if (histogram.totalCount > 0) decoded.set(action, histogram);
    } catch {
      unreadable.push(action);
    }
  }
  const maxCount = Math.max(1, ...[...decoded.values()].map((h) => h.totalCount));
  const p = percentileGrid(maxCount);
  const series = [...decoded].map(([action, h]) => ({
    action,
    count: h.totalCount,
    // The histogram records microseconds.
    valuesMs: p.map((q) => h.getValueAtPercentile(q) / 1000),
  }));

  const tl = report.timeline;
  return {
    target: report.fleet.target,
    timeline: {
      t: tl.map((x) => x.t / 1000),
      connected: tl.map((x) => x.connected),
      booted: tl.map((x) => x.booted),
      activeTransactions: tl.map((x) => x.activeTransactions),
      messagesPerSec: tl.map((x) => x.messagesPerSec),
      errors: tl.map((x) => x.errors),
      p95: actions
        .map((action) => ({
          action,
          values: tl.map((x) => (Object.hasOwn(x.p95Ms, action) ? x.p95Ms[action]! : null)),
        }))
        // An action answered only outside every interval's sample (or never) would be an empty line.
        .filter((s) => s.values.some((v) => v !== null)),
    },
    percentiles: { p, series },
    unreadable,
  };
}
