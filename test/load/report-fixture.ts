// A realistic `cpsim load` report for the HTML report's tests, as the load engine would write it:
// real HDR histograms (microseconds, encodeIntoCompressedBase64), a timeline of a few hundred
// intervals with a ramp, a plateau and a ramp down, several actions in both directions, and
// thresholds that pass and fail. Seeded, so every run builds the same report.
import { build, encodeIntoCompressedBase64 } from "hdr-histogram-js";
import type {
  ActionMetrics,
  LoadReport,
  ThresholdResult,
  TimelinePoint,
} from "../../src/load/report-types.ts";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ActionShape {
  direction: ActionMetrics["direction"];
  calls: number;
  /** Median latency in ms; the distribution is log-normal with a slow tail. */
  medianMs: number;
}

export const FIXTURE_ACTIONS: Record<string, ActionShape> = {
  BootNotification: { direction: "cp->cs", calls: 2000, medianMs: 38 },
  StatusNotification: { direction: "cp->cs", calls: 6000, medianMs: 6 },
  Heartbeat: { direction: "cp->cs", calls: 9000, medianMs: 3 },
  Authorize: { direction: "cp->cs", calls: 3100, medianMs: 9 },
  StartTransaction: { direction: "cp->cs", calls: 3000, medianMs: 14 },
  MeterValues: { direction: "cp->cs", calls: 24000, medianMs: 5 },
  StopTransaction: { direction: "cp->cs", calls: 2900, medianMs: 12 },
  RemoteStartTransaction: { direction: "cs->cp", calls: 120, medianMs: 1.2 },
};

export interface FixtureOptions {
  seed?: number;
  /** Timeline intervals (one per 2 s). */
  points?: number;
  actions?: Record<string, ActionShape>;
  thresholds?: ThresholdResult[];
  /** Applied last, to put hostile strings anywhere in the report. */
  patch?: (r: LoadReport) => void;
}

function actionMetrics(shape: ActionShape, random: () => number): ActionMetrics {
  const histogram = build({ bitBucketSize: 64, numberOfSignificantValueDigits: 3 });
  let sum = 0;
  for (let i = 0; i < shape.calls; i++) {
    // Box-Muller: a log-normal body, and one call in 200 stuck behind something (a slow tail).
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const tail = random() < 0.005 ? 5 + 20 * random() : 1;
    const us = Math.max(50, Math.round(shape.medianMs * 1000 * Math.exp(0.45 * z) * tail));
    histogram.recordValue(us);
    sum += us;
  }
  const at = (p: number) => histogram.getValueAtPercentile(p) / 1000;
  const callErrors = Math.floor(shape.calls * 0.002);
  return {
    direction: shape.direction,
    count: shape.calls,
    errors: {
      timeout: Math.floor(shape.calls * 0.001),
      callError: callErrors ? { InternalError: callErrors, FormationViolation: 1 } : {},
      rejected: 0,
      invalid: 0,
      connectionLost: shape.calls > 5000 ? 3 : 0,
    },
    latencyMs: {
      min: histogram.minNonZeroValue / 1000,
      p50: at(50),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      max: histogram.maxValue / 1000,
      mean: sum / shape.calls / 1000,
    },
    histogram: encodeIntoCompressedBase64(histogram),
  };
}

export const FIXTURE_THRESHOLDS: ThresholdResult[] = [
  {
    expression: "BootNotification.p95<500ms",
    metric: "BootNotification.p95",
    op: "<",
    limit: 500,
    measured: 74.2,
    unit: "ms",
    passed: true,
  },
  {
    expression: "MeterValues.p99<20ms",
    metric: "MeterValues.p99",
    op: "<",
    limit: 20,
    measured: 31.5,
    unit: "ms",
    passed: false,
  },
  {
    expression: "errors.rate<0.1%",
    metric: "errors.rate",
    op: "<",
    limit: 0.001,
    measured: 0.0031,
    unit: "ratio",
    passed: false,
  },
  {
    expression: "StartTransaction.count>=1000",
    metric: "StartTransaction.count",
    op: ">=",
    limit: 1000,
    measured: 3000,
    unit: "count",
    passed: true,
  },
  {
    expression: "messages.rate>=500",
    metric: "messages.rate",
    op: ">=",
    limit: 500,
    measured: 842.3,
    unit: "per second",
    passed: true,
  },
];

export function fixtureReport(options: FixtureOptions = {}): LoadReport {
  const random = mulberry32(options.seed ?? 11);
  const shapes = options.actions ?? FIXTURE_ACTIONS;
  const points = options.points ?? 300;
  const target = 2000;
  const actions: Record<string, ActionMetrics> = {};
  for (const [name, shape] of Object.entries(shapes)) actions[name] = actionMetrics(shape, random);

  const timeline: TimelinePoint[] = [];
  const rampEnd = Math.floor(points * 0.1);
  const downStart = Math.floor(points * 0.9);
  for (let i = 0; i < points; i++) {
    const load = i < rampEnd ? i / rampEnd : i >= downStart ? (points - 1 - i) / (points - 1 - downStart) : 1;
    const connected = Math.round(target * load * (i > points / 2 && i < points / 2 + 5 ? 0.93 : 1));
    const p95Ms: Record<string, number> = {};
    for (const [name, shape] of Object.entries(shapes)) {
      // Rare actions are missing from many intervals; boots happen only during the ramp.
      if (name === "BootNotification" && i > rampEnd + 2) continue;
      if (shape.calls < 500 && random() < 0.7) continue;
      const spike = i > points * 0.6 && i < points * 0.65 ? 3 : 1;
      p95Ms[name] = Math.round(shape.medianMs * (1.9 + 0.6 * random()) * spike * (0.5 + load) * 100) / 100;
    }
    timeline.push({
      t: i * 2000,
      connected,
      booted: Math.min(connected, Math.round(target * Math.min(1, (i * 1.05) / rampEnd))),
      activeTransactions: Math.round(connected * (0.35 + 0.1 * Math.sin(i / 9)) * load),
      messagesPerSec: Math.round((connected / 2.2) * (0.9 + 0.2 * random()) * 10) / 10,
      errors: random() < 0.08 ? Math.floor(1 + random() * 6) : 0,
      p95Ms,
    });
  }

  const durationMs = points * 2000;
  const calls = Object.values(actions).reduce((n, a) => n + a.count, 0);
  const report: LoadReport = {
    tool: "cpsim",
    kind: "load",
    version: "0.1.0",
    startedAt: "2026-12-01T02:00:00.000Z",
    endedAt: new Date(Date.parse("2026-12-01T02:00:00.000Z") + durationMs).toISOString(),
    durationMs,
    passed: false,
    verdict: "2 of 5 thresholds were crossed: MeterValues.p99<20ms and errors.rate<0.1%.",
    options: {
      count: target,
      ocpp: "1.6",
      transport: "json",
      url: "ws://127.0.0.1:9000/ocpp",
      workload: "charging",
      seed: 42,
      workers: 2,
      ramp: "200/s",
      duration: "10m",
    },
    fleet: {
      target,
      connected: 0,
      booted: 1990,
      connectedPeak: target,
      connectionsFailed: 4,
      disconnects: 140,
      reconnects: 136,
      boots: { Accepted: 1990, Pending: 8, Rejected: 2 },
      bootedAll: 10_800,
    },
    transactions: { started: 3000, stopped: 2996, refused: 4 },
    messages: { sent: calls, received: Math.max(0, calls - 12), perSecondAvg: 842.3, perSecondPeak: 1024 },
    actions,
    errors: {
      total: 157,
      rate: calls ? 157 / calls : 0,
      byKind: { timeout: 49, "callError:InternalError": 92, connectionLost: 12, rejected: 4, invalid: 0 },
    },
    timeline,
    timelineBucketMs: 2000,
    thresholds: structuredClone(options.thresholds ?? FIXTURE_THRESHOLDS),
  };
  options.patch?.(report);
  return report;
}
