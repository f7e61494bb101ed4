// The JSON report of a load run, from the merged figures, the timeline and the thresholds.

import { formatDuration } from "../util/duration.ts";
import { redactUrl } from "../util/redact-url.ts";
import { VERSION } from "../version.ts";
import { errorsByKind, type MetricsSnapshot } from "./metrics.ts";
import type { LoadPlan } from "./plan.ts";
import type { LoadReport, TimelinePoint } from "./report-types.ts";
import { formatValue, judge } from "./thresholds.ts";

export interface RunOutcome {
  plan: LoadPlan;
  url: string;
  workers: number;
  startedAt: Date;
  endedAt: Date;
  snapshot: MetricsSnapshot;
  timeline: TimelinePoint[];
  bootedAllMs?: number;
  workersFailed?: LoadReport["workersFailed"];
  interrupted?: boolean;
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
    options: {
      count: o.plan.count,
      ocpp: o.plan.ocpp,
      transport: o.plan.transport,
      url: redactUrl(o.url).replace(/\/\/[^/@]*@/, "//"),
      workload: o.plan.scenario ? "scenario" : o.plan.workload,
      scenario: o.plan.scenario?.file,
      seed: o.plan.seed,
      workers: o.workers,
      ramp: o.plan.ramp,
      stages: o.plan.stagesText,
      duration: o.plan.durationMs === undefined ? undefined : formatDuration(o.plan.durationMs),
    },
    fleet: {
      target: o.plan.count,
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
    workersFailed: o.workersFailed?.length ? o.workersFailed : undefined,
    scenario: o.plan.scenario
      ? { iterations: s.iterations, iterationsFailed: s.iterationsFailed, stepFailures: s.stepFailures }
      : undefined,
  };
  const thresholds = judge(o.plan.thresholds, body);
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
    verdict = `Passed: ${s.booted} charge point boot${s.booted > 1 ? "s" : ""}${thresholds.length ? `, all ${thresholds.length} threshold${thresholds.length > 1 ? "s" : ""} met` : ", no thresholds set"}${o.interrupted ? " (interrupted)" : ""}.`;
  const passed = !o.workersFailed?.length && s.booted > 0 && crossed.length === 0;
  // Keys in the contract's order: passed and verdict near the top, for people reading the file.
  const { tool, kind, version, startedAt, endedAt, durationMs: d, ...rest } = body;
  return { tool, kind, version, startedAt, endedAt, durationMs: d, passed, verdict, ...rest, thresholds };
}
