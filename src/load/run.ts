// A load run in this process: the embedded central system in a child process when no URL is
// given, the engine, one ticker for the timeline and the live view, and a clean stop at the end of
// the duration or stages, or when the signal aborts.
import { type Csms, startCsms } from "./csms-child.ts";
import { Engine } from "./engine.ts";
import type { MetricsSnapshot } from "./metrics.ts";
import type { LoadPlan } from "./plan.ts";
import { buildReport } from "./report.ts";
import type { LoadReport } from "./report-types.ts";
import { Timeline } from "./timeline.ts";

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
    url = plan.transport === "soap" ? csms.soapUrls[plan.ocpp] : csms.url;
  }
  const startedAt = new Date();
  const t0 = performance.now();
  const engine = new Engine({ ...plan, url }, { first: 0, count: plan.count, share: 1 });
  const m = engine.metrics;
  const timeline = new Timeline();
  let stopping = false;
  let lastRate = 0;
  const report = (snapshot: MetricsSnapshot = m.snapshot()) =>
    buildReport({
      plan,
      url: url!,
      workers: 1,
      startedAt,
      endedAt: new Date(),
      snapshot,
      timeline: timeline.points,
      bootedAllMs: engine.fleet.bootedAllMs,
      interrupted: hooks.signal?.aborted,
    });
  hooks.partial?.(() => report());
  const state = (): LiveState => ({
    elapsedMs: performance.now() - t0,
    target: plan.count,
    connected: m.c.connected,
    connecting: engine.fleet.connectingNow,
    booted: m.c.booted,
    activeTransactions: m.c.activeTransactions,
    messagesPerSec: lastRate,
    errors: m.c.errors,
    p95Ms: Object.fromEntries(LIVE_ACTIONS.map((a) => [a, m.p95(a)])),
    stopping,
  });
  let lastTick = t0;
  const tick = () => {
    const now = performance.now();
    const iv = m.interval();
    lastRate = (iv.calls * 1000) / Math.max(1, now - lastTick);
    lastTick = now;
    timeline.push({
      t: Math.round(now - t0),
      connected: m.c.connected,
      booted: m.c.booted,
      activeTransactions: m.c.activeTransactions,
      messagesPerSec: Math.round(lastRate * 10) / 10,
      errors: iv.errors,
      p95Ms: iv.p95Ms,
    });
  };
  let allDone: (() => void) | undefined;
  const ticker = setInterval(() => {
    tick();
    allDone?.();
  }, plan.intervalMs);
  const live = hooks.onState && setInterval(() => hooks.onState!(state()), 250);

  engine.start();
  const endMs =
    plan.durationMs ?? (plan.stages ? plan.stages.reduce((s, st) => s + st.durationMs, 0) : undefined);
  await new Promise<void>((resolve) => {
    // --iterations without --duration: the run ends once every charge point is done with them,
    // or could not go on (failed to connect, dropped).
    if (plan.iterations !== undefined && endMs === undefined)
      allDone = () => {
        if (m.c.finished + m.c.connectionsFailed + m.c.disconnects >= plan.count) resolve();
      };
    const timer = endMs === undefined ? undefined : setTimeout(resolve, endMs);
    hooks.signal?.addEventListener(
      "abort",
      () => {
        if (timer) clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
    if (hooks.signal?.aborted) resolve();
  });
  stopping = true;
  hooks.onState?.(state());
  await engine.stop();
  tick();
  clearInterval(ticker);
  if (live) clearInterval(live);
  hooks.onState?.(state());
  await csms?.stop();
  return report();
}
