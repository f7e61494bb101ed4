// `cpsim load --workers N`: the fleet split into N contiguous ranges, one worker process each (each
// with its own open-file limit). The parent only adds up what they report and draws; the final
// figures are merged exactly from their snapshots (histograms included). A worker that dies ends
// the run, which fails naming its charge points.
import { type ChildProcess, fork } from "node:child_process";
import { forkable } from "./csms-child.ts";
import type { EnginePart } from "./engine.ts";
import { idTemplate } from "./id-template.ts";
import { type Counters, emptyCounters, type MetricsSnapshot, mergeSnapshots } from "./metrics.ts";
import type { LoadPlan } from "./plan.ts";
import type { LoadReport } from "./report-types.ts";
import { shardPart, subParts } from "./shard.ts";
import type { FromWorker, ToWorker } from "./worker-process.ts";

export interface WorkerSide {
  index: number;
  part: EnginePart;
  /** First and last charge point id, for messages. */
  range: string;
  child: ChildProcess;
  counters: Counters;
  done?: { snapshot: MetricsSnapshot; bootedAllMs?: number };
  failed?: string;
  /** performance.now() when the worker had started its charge points. */
  startedAt: number;
}

export class WorkerPool {
  readonly workers: WorkerSide[] = [];
  /** Resolves when a worker dies before it was done: the run ends. */
  readonly died: Promise<WorkerSide>;
  private onDeath!: (w: WorkerSide) => void;
  /** Resolves once every worker has started its charge points. */
  readonly ready: Promise<unknown>;
  /** performance.now() when every worker was ready: the run's clock starts there. */
  private origin = 0;
  private readonly readyEach: Promise<void>[] = [];
  /** Per interval, added up over the workers. */
  calls = 0;
  errors = 0;
  p95Ms: Record<string, number> = {};

  constructor(
    private readonly plan: LoadPlan & { url: string },
    count: number,
    log?: (line: string) => void,
  ) {
    this.died = new Promise((resolve) => {
      this.onDeath = resolve;
    });
    const { file, execArgv } = forkable("worker-process", import.meta.url);
    const id = idTemplate(plan.idTemplate);
    subParts(shardPart(plan.count, plan.shard), count).forEach((part, index) => {
      const child = fork(file, [], {
        execArgv,
        serialization: "advanced",
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      const w: WorkerSide = {
        index,
        part,
        range: `${id(part.first)}..${id(part.first + part.count - 1)}`,
        child,
        counters: emptyCounters(),
        startedAt: performance.now(),
      };
      this.workers.push(w);
      log?.(`worker ${index + 1}: charge points ${w.range} (pid ${child.pid})`);
      let isReady!: () => void;
      this.readyEach.push(
        new Promise((r) => {
          isReady = r;
        }),
      );
      child.on("message", (m: FromWorker) => {
        if (m.type === "ready") {
          w.startedAt = performance.now();
          isReady();
        } else if (m.type === "tick") {
          w.counters = m.counters;
          this.calls += m.calls;
          this.errors += m.errors;
          // The worst worker's p95 for the interval (the exact figures are the final histograms).
          for (const [a, v] of Object.entries(m.p95Ms)) this.p95Ms[a] = Math.max(this.p95Ms[a] ?? 0, v);
        } else if (m.type === "done") {
          w.counters = m.snapshot;
          w.done = m;
        }
      });
      child.on("exit", (code, signal) => {
        if (w.done) return;
        w.failed = signal ? `it was killed by ${signal}` : `it exited with code ${code}`;
        isReady();
        this.onDeath(w);
      });
      // Thresholds are judged by the parent (and hold functions, which do not cross processes).
      child.send({ type: "start", plan: { ...this.plan, thresholds: [] }, part } satisfies ToWorker);
    });
    this.ready = Promise.all(this.readyEach).then(() => {
      this.origin = performance.now();
    });
  }

  /** The workers' latest counters, added up. */
  total(): Counters {
    return mergeSnapshots(this.workers.map((w) => ({ ...w.counters, actions: {}, stepFailures: {} })));
  }

  /** The interval's figures; starts a new interval. */
  interval(): { calls: number; errors: number; p95Ms: Record<string, number> } {
    const r = { calls: this.calls, errors: this.errors, p95Ms: this.p95Ms };
    this.calls = 0;
    this.errors = 0;
    this.p95Ms = {};
    return r;
  }

  /** Every live worker stops cleanly and sends its figures; resolves when all have exited. */
  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.child.exitCode !== null || w.child.signalCode !== null) return resolve();
            w.child.once("exit", () => resolve());
            w.child.send({ type: "stop" } satisfies ToWorker);
          }),
      ),
    );
  }

  snapshot(): MetricsSnapshot {
    return mergeSnapshots(this.workers.flatMap((w) => (w.done ? [w.done.snapshot] : [])));
  }

  /** When every charge point had booted, on the run's clock; undefined if some never did. */
  bootedAllMs(): number | undefined {
    let last = 0;
    // With --start-at every worker measured from the shared start already.
    const shared = this.plan.startAt !== undefined;
    for (const w of this.workers) {
      if (w.done?.bootedAllMs === undefined) return undefined;
      last = Math.max(last, (shared ? this.origin : w.startedAt) + w.done.bootedAllMs);
    }
    return Math.max(0, last - this.origin);
  }

  failures(): LoadReport["workersFailed"] {
    return this.workers
      .filter((w) => w.failed)
      .map((w) => ({ worker: w.index + 1, chargePoints: w.range, reason: w.failed! }));
  }
}
