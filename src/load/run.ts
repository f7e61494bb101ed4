// A load run in this process: the embedded central system in a child process when no URL is
// given, the engine, one ticker for the timeline and the live view, and a clean stop at the end of
// the duration or stages, or when the signal aborts.
import { type Csms, startCsms } from "./csms-child.ts";
import { Engine } from "./engine.ts";
import type { Counters, MetricsSnapshot } from "./metrics.ts";
import type { LoadPlan } from "./plan.ts";
import { buildReport, optionsReport } from "./report.ts";
import type { LoadReport } from "./report-types.ts";
import { shardPart, shardReport } from "./shard.ts";
import { Timeline } from "./timeline.ts";
import { WorkerPool } from "./workers.ts";

/** What the live view shows, every interval and at every redraw. */
export interface LiveState {
  elapsedMs: number;
  target: number;
  connected: number;
  connecting: number;
  booted: number;
  activeTransactions: number;
  messagesPerSec: number;
  errors: number;
  p95Ms: Record<string, number | undefined>;
  stopping: boolean;
}

export interface RunHooks {
  signal?: AbortSignal;
  /** A state for the live view, at most every 250 ms. */
  onState?: (s: LiveState) => void;
  log?: (line: string) => void;
  /** Called with a report of what is known so far, e.g. to write it on a forced exit. */
  partial?: (make: () => LoadReport) => void;
}

const LIVE_ACTIONS = [
  "BootNotification",
  "Authorize",
  "StartTransaction",
  "MeterValues",
  "StopTransaction",
  "Heartbeat",
];

export async function runLoad(plan: LoadPlan, hooks: RunHooks = {}): Promise<LoadReport> {
  let csms: Csms | undefined;
  let url = plan.url;
  if (!url) {
    csms = await startCsms({ heartbeatIntervalSec: plan.heartbeatSec, log: hooks.log });
    // The plan's checks refused SOAP for a version without it (2.0.1), so the endpoint exists.
    url = plan.transport === "soap" ? csms.soapUrls[plan.ocpp]! : csms.url;
  }
  const src =
    plan.workers > 1
      ? fromWorkers(new WorkerPool({ ...plan, url }, plan.workers, hooks.log))
      : inProcess(plan, url);
  // Worker processes take a moment to load: the run's clock starts once they all hold their fleet,
  // or at --start-at, the clock every shard shares.
  await src.ready;
  const origin = plan.startAt ?? Date.now();
  if (plan.startAt !== undefined && plan.startAt > Date.now()) {
    hooks.log?.(`waiting until ${new Date(plan.startAt).toISOString()} (--start-at)`);
    await waitUntil(plan.startAt, hooks.signal);
  }
  const lateMs = plan.startAt === undefined ? 0 : Math.max(0, Date.now() - plan.startAt);
  // A shard started late joins the schedule where it stands: its pace catches up, it ends with the others.
  if (lateMs >= 1000)
    hooks.log?.(
      `started ${(lateMs / 1000).toFixed(1)} s after --start-at: joining the run where it stands, ending with the others`,
    );
  const startedAt = new Date(origin);
  const t0 = performance.now() - (Date.now() - origin);
  const part = shardPart(plan.count, plan.shard);
  const timeline = new Timeline(plan.intervalMs);
  let stopping = false;
  let lastRate = 0;
  let lastP95: Record<string, number> = {};
  const report = (snapshot: MetricsSnapshot = src.snapshot()) =>
    buildReport({
      options: optionsReport(plan, url!),
      target: part.count,
      // A shard's figures are a part of the run's: its thresholds are judged once merged.
      thresholds: plan.shard ? [] : plan.thresholds,
      deferred: plan.shard ? plan.thresholds.length : 0,
      scenario: plan.scenario !== undefined,
      startedAt,
      endedAt: new Date(),
      snapshot,
      timeline: timeline.points,
      timelineBucketMs: timeline.bucketMs,
      shard: plan.shard && shardReport(plan, part, lateMs),
      bootedAllMs: src.bootedAllMs(),
      workersFailed: src.failures(),
      interrupted: hooks.signal?.aborted,
    });
  hooks.partial?.(() => report());
  const state = (): LiveState => {
    const c = src.counters();
    return {
      elapsedMs: performance.now() - t0,
      target: part.count,
      connected: c.connected,
      connecting: src.connecting(),
      booted: c.booted,
      activeTransactions: c.activeTransactions,
      messagesPerSec: lastRate,
      errors: c.errors,
      p95Ms: Object.fromEntries(LIVE_ACTIONS.map((a) => [a, src.p95(a) ?? lastP95[a]])),
      stopping,
    };
  };
  let lastTick = performance.now();
  /** Closes the timeline's bucket ending `bucket` intervals after the start. */
  const tick = (bucket: number) => {
    const now = performance.now();
    const iv = src.interval();
    const c = src.counters();
    lastRate = (iv.calls * 1000) / Math.max(1, now - lastTick);
    lastTick = now;
    lastP95 = iv.p95Ms;
    timeline.push({
      // Bucket ends on the run's clock, so shards' timelines add up bucket by bucket.
      t: bucket * plan.intervalMs,
      connected: c.connected,
      booted: c.booted,
      activeTransactions: c.activeTransactions,
      messagesPerSec: Math.round(lastRate * 10) / 10,
      errors: iv.errors,
      p95Ms: iv.p95Ms,
    });
  };
  let allDone: (() => void) | undefined;
  const bucketNow = () => Math.ceil((performance.now() - t0) / plan.intervalMs);
  // Ticks on the bucket ends of the run's clock (not every interval from whenever this process began).
  let next = Math.max(1, bucketNow());
  let ticker: NodeJS.Timeout | undefined;
  const arm = () => {
    ticker = setTimeout(
      () => {
        tick(next);
        allDone?.();
        next = Math.max(next + 1, bucketNow());
        arm();
      },
      t0 + next * plan.intervalMs - performance.now(),
    );
  };
  arm();
  const live = hooks.onState && setInterval(() => hooks.onState!(state()), 250);

  if (!hooks.signal?.aborted) src.start();
  const endMs =
    plan.durationMs ?? (plan.stages ? plan.stages.reduce((s, st) => s + st.durationMs, 0) : undefined);
  let endTimer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    // --iterations without --duration: the run ends once every charge point is done with them,
    // or could not go on (failed to connect, dropped).
    if (plan.iterations !== undefined && endMs === undefined)
      allDone = () => {
        const c = src.counters();
        if (c.finished + c.connectionsFailed + c.disconnects >= part.count) resolve();
      };
    if (endMs !== undefined) endTimer = setTimeout(resolve, endMs - (performance.now() - t0));
    hooks.signal?.addEventListener("abort", () => resolve(), { once: true });
    if (hooks.signal?.aborted) resolve();
    // A worker that dies ends the run at once: it fails, naming the worker's charge points.
    void src.died?.then(() => resolve());
  });
  // Whatever ended the run, nothing may keep the process alive afterwards.
  clearTimeout(endTimer);
  stopping = true;
  hooks.onState?.(state());
  await src.stop();
  clearTimeout(ticker);
  tick(bucketNow());
  if (live) clearInterval(live);
  hooks.onState?.(state());
  await csms?.stop();
  return report();
}

/** Where the figures come from: the engine in this process, or the worker processes. */
interface Source {
  start(): void;
  stop(): Promise<void>;
  counters(): Counters;
  connecting(): number;
  interval(): { calls: number; errors: number; p95Ms: Record<string, number> };
  p95(action: string): number | undefined;
  snapshot(): MetricsSnapshot;
  bootedAllMs(): number | undefined;
  failures(): LoadReport["workersFailed"];
  died?: Promise<unknown>;
  ready?: Promise<unknown>;
}

function inProcess(plan: LoadPlan, url: string): Source {
  const engine = new Engine({ ...plan, url }, shardPart(plan.count, plan.shard));
  const m = engine.metrics;
  return {
    start: () => engine.start(),
    stop: () => engine.stop(),
    counters: () => m.c,
    connecting: () => engine.fleet.connectingNow,
    interval: () => m.interval(),
    p95: (a) => m.p95(a),
    snapshot: () => m.snapshot(),
    bootedAllMs: () => engine.fleet.bootedAllMs,
    failures: () => undefined,
  };
}

function fromWorkers(pool: WorkerPool): Source {
  return {
    start: () => {},
    stop: () => pool.stop(),
    counters: () => pool.total(),
    connecting: () => 0,
    interval: () => pool.interval(),
    // Between the final merges, the latest interval's p95 stands in.
    p95: () => undefined,
    snapshot: () => pool.snapshot(),
    bootedAllMs: () => pool.bootedAllMs(),
    failures: () => pool.failures(),
    died: pool.died,
    ready: pool.ready,
  };
}

/** Resolves at epoch time `at`, or at once when the signal aborts. */
function waitUntil(at: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, at - Date.now());
    signal?.addEventListener("abort", done, { once: true });
    if (signal?.aborted) done();
  });
}
