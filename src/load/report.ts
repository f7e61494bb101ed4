// The JSON report of a load run, from the merged figures, the timeline and the thresholds.

import { formatDuration } from "../util/duration.ts";
import { redactUrl } from "../util/redact-url.ts";
import { VERSION } from "../version.ts";
import { errorsByKind, type MetricsSnapshot } from "./metrics.ts";
import type { LoadPlan } from "./plan.ts";
import type { LoadOptionsReport, LoadReport, ShardReport, TimelinePoint } from "./report-types.ts";
import { formatValue, judge, type Threshold } from "./thresholds.ts";

export interface RunOutcome {
  options: LoadOptionsReport;
  /** Charge points this report is about (a shard's, or the run's). */
  target: number;
  thresholds: Threshold[];
  scenario: boolean;
  startedAt: Date;
  endedAt: Date;
  snapshot: MetricsSnapshot;
  timeline: TimelinePoint[];
  timelineBucketMs: number;
  bootedAllMs?: number;
  workersFailed?: LoadReport["workersFailed"];
  interrupted?: boolean;
  shard?: ShardReport;
  merged?: LoadReport["merged"];
  /** A shard's thresholds: judged by `cpsim report merge` on the whole run's figures, not here. */
  deferred?: number;
}

function thresholdsNote(judged: number, deferred = 0): string {
  const plural = (n: number) => `${n} threshold${n > 1 ? "s" : ""}`;
  if (deferred > 0) return `; ${plural(deferred)} left to cpsim report merge`;
  return judged ? `, all ${plural(judged)} met` : ", no thresholds set";
}

/** The options of a run as its report shows them. */
export function optionsReport(plan: LoadPlan, url: string): LoadOptionsReport {
  return {
    count: plan.count,
    ocpp: plan.ocpp,
    transport: plan.transport,
    url: redactUrl(url).replace(/\/\/[^/@]*@/, "//"),
    workload: plan.scenario ? "scenario" : plan.workload,
    scenario: plan.scenario?.file,
    seed: plan.seed,
    workers: plan.workers,
    ramp: plan.ramp,
    stages: plan.stagesText,
    duration: plan.durationMs === undefined ? undefined : formatDuration(plan.durationMs),
    shard: plan.shard && `${plan.shard.index}/${plan.shard.count}`,
    startAt: plan.startAt === undefined ? undefined : new Date(plan.startAt).toISOString(),
  };
}

export function buildReport(o: RunOutcome): LoadReport {
  const s = o.snapshot;
  const durationMs = o.endedAt.getTime() - o.startedAt.getTime();
  const byKind = errorsByKind(s.actions);
  const rates = o.timeline.map((p) => p.messagesPerSec);
  const body: Omit<LoadReport, "thresholds" | "passed" | "verdict"> = {
    tool: "cpsim",
    kind: "load",
    version: VERSION,
    startedAt: o.startedAt.toISOString(),
    endedAt: o.endedAt.toISOString(),
    durationMs,
    options: o.options,
    fleet: {
      target: o.target,
      connected: s.connected,
      booted: s.booted,
      connectedPeak: s.connectedPeak,
      connectionsFailed: s.connectionsFailed,
      disconnects: s.disconnects,
      reconnects: s.reconnects,
      boots: s.boots,
      bootedAll: o.bootedAllMs === undefined ? undefined : Math.round(o.bootedAllMs),
    },
    transactions: s.transactions,
    messages: {
      sent: s.sent,
      received: s.received,
      perSecondAvg: durationMs > 0 ? Math.round((s.calls / durationMs) * 1000 * 10) / 10 : 0,
      perSecondPeak: Math.round(Math.max(0, ...rates) * 10) / 10,
    },
    actions: s.actions,
    errors: {
      total: s.errors,
      rate: s.calls > 0 ? s.errors / s.calls : 0,
      byKind,
    },
    timeline: o.timeline,
    timelineBucketMs: o.timelineBucketMs,
    shard: o.shard,
    merged: o.merged,
    workersFailed: o.workersFailed?.length ? o.workersFailed : undefined,
    scenario: o.scenario
      ? { iterations: s.iterations, iterationsFailed: s.iterationsFailed, stepFailures: s.stepFailures }
      : undefined,
  };
  const thresholds = judge(o.thresholds, body);
  const crossed = thresholds.filter((t) => !t.passed);
  let verdict: string;
  if (o.workersFailed?.length)
    verdict = `Failed: ${o.workersFailed.length} worker process${o.workersFailed.length > 1 ? "es" : ""} died (${o.workersFailed.map((w) => `charge points ${w.chargePoints}: ${w.reason}`).join("; ")}).`;
  else if (s.booted === 0) verdict = "Failed: no charge point ever booted.";
  else if (crossed.length > 0)
    verdict = `Failed: ${crossed.length} of ${thresholds.length} threshold${thresholds.length > 1 ? "s" : ""} crossed (${crossed
      .map(
        (t) =>
          `${t.metric} was ${formatValue(t.measured, t.unit)}, limit ${t.op}${formatValue(t.limit, t.unit)}`,
      )
      .join("; ")}).`;
  else
    verdict = `Passed: ${s.booted} charge point boot${s.booted > 1 ? "s" : ""}${thresholdsNote(thresholds.length, o.deferred)}${o.interrupted ? " (interrupted)" : ""}.`;
  const passed = !o.workersFailed?.length && s.booted > 0 && crossed.length === 0;
  // Keys in the contract's order: passed and verdict near the top, for people reading the file.
  const { tool, kind, version, startedAt, endedAt, durationMs: d, ...rest } = body;
  return { tool, kind, version, startedAt, endedAt, durationMs: d, passed, verdict, ...rest, thresholds };
}
