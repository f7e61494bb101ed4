// A worker process of `cpsim load --workers`: runs its range of the fleet and reports its figures to
// the parent, which only adds them up and draws. IPC (serialization "advanced"):
//   <- { type: "start", plan, part }    -> { type: "tick", counters, calls, errors, p95Ms } every interval
//   <- { type: "stop" }                 -> { type: "done", snapshot, bootedAllMs } then exits
import { Engine, type EnginePart } from "./engine.ts";
import type { Counters, MetricsSnapshot } from "./metrics.ts";
import type { LoadPlan } from "./plan.ts";

export type ToWorker =
  | { type: "start"; plan: LoadPlan & { url: string }; part: EnginePart }
  | { type: "stop" };
export type FromWorker =
  | { type: "ready" }
  | { type: "tick"; counters: Counters; calls: number; errors: number; p95Ms: Record<string, number> }
  | { type: "done"; snapshot: MetricsSnapshot; bootedAllMs?: number };

if (!process.send) {
  console.error("worker-process is started by cpsim load --workers; run cpsim load instead.");
  process.exit(2);
}
const send = (m: FromWorker) => process.send!(m);
let engine: Engine | undefined;
let ticker: NodeJS.Timeout | undefined;
let startTimer: NodeJS.Timeout | undefined;

process.on("message", (m: ToWorker) => {
  if (m.type === "start") {
    engine = new Engine(m.plan, m.part);
    const metrics = engine.metrics;
    ticker = setInterval(() => {
      const iv = metrics.interval();
      send({ type: "tick", counters: metrics.c, calls: iv.calls, errors: iv.errors, p95Ms: iv.p95Ms });
    }, m.plan.intervalMs);
    // --start-at: the worker holds its fleet ready and starts on the shared clock, as the parent does.
    const wait = m.plan.startAt === undefined ? 0 : m.plan.startAt - Date.now();
    if (wait > 0) startTimer = setTimeout(() => engine!.start(), wait);
    else engine.start();
    send({ type: "ready" });
  } else if (m.type === "stop") {
    clearTimeout(startTimer);
    void (async () => {
      await engine?.stop();
      clearInterval(ticker);
      const done: FromWorker = {
        type: "done",
        snapshot: engine!.metrics.snapshot(),
        bootedAllMs: engine?.fleet.bootedAllMs,
      };
      process.send!(done, () => process.exit(0));
    })();
  }
});
// The parent is gone: no orphan holding thousands of sockets.
process.on("disconnect", () => process.exit(0));
// Ctrl-C reaches the whole process group: the parent decides when to stop.
process.on("SIGINT", () => {});
