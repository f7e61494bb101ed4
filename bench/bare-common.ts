// What the bare clients of the load benchmark share: their options, the pace of their boots, and
// the figures they write for bench/load.ts (the same ones cpsim's JSON report gives).
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";

export interface BareOptions {
  url: string;
  count: number;
  durationMs: number;
  workload: "idle" | "charging";
  meterIntervalMs: number;
  maxConnecting: number;
  out: string;
}

export function bareOptions(): BareOptions {
  const { values } = parseArgs({
    options: {
      url: { type: "string" },
      count: { type: "string", default: "1000" },
      duration: { type: "string", default: "30" },
      workload: { type: "string", default: "idle" },
      "meter-interval": { type: "string", default: "10" },
      "max-connecting": { type: "string", default: "250" },
      out: { type: "string" },
    },
  });
  if (!values.url || !values.out) throw new Error("--url and --out are required");
  return {
    url: values.url,
    count: Number(values.count),
    durationMs: Number(values.duration) * 1000,
    workload: values.workload === "charging" ? "charging" : "idle",
    meterIntervalMs: Number(values["meter-interval"]) * 1000,
    maxConnecting: Number(values["max-connecting"]),
    out: values.out,
  };
}

/** Latencies of one kind of call, kept whole (a bare client keeps it simple: runs are minutes). */
export class Latencies {
  private values: number[] = [];
  add(ms: number) {
    this.values.push(ms);
  }
  get count() {
    return this.values.length;
  }
  summary() {
    const v = Float64Array.from(this.values).sort();
    const at = (p: number) => (v.length ? v[Math.min(v.length - 1, Math.floor(p * v.length))]! : null);
    return { count: v.length, p50: at(0.5), p95: at(0.95) };
  }
}

export interface BareResult {
  /** Date.now() when the client started connecting (after loading), to line up with the samples. */
  startedWall: number;
  bootedAllMs: number | null;
  booted: number;
  calls: number;
  errors: number;
  boot: ReturnType<Latencies["summary"]>;
  steady: ReturnType<Latencies["summary"]>;
  /** [ms since startedWall, calls so far] every second: calls within any window of the run. */
  callsOverTime: [number, number][];
}

/** The figures a bare client counts, written as a BareResult at the end. */
export class Tally {
  readonly boot = new Latencies();
  readonly steady = new Latencies();
  private readonly startedWall = Date.now();
  private readonly t0 = performance.now();
  private bootedAllMs: number | null = null;
  booted = 0;
  calls = 0;
  errors = 0;
  private readonly callsOverTime: [number, number][] = [];
  private readonly ticker = setInterval(() => {
    this.callsOverTime.push([Math.round(performance.now() - this.t0), this.calls]);
  }, 1000);

  constructor(private readonly count: number) {}

  bootAccepted() {
    if (++this.booted === this.count) this.bootedAllMs = performance.now() - this.t0;
  }

  /** After `durationMs`: stop, write the figures, exit. */
  endAfter(o: BareOptions, stop: () => void) {
    setTimeout(() => {
      stop();
      clearInterval(this.ticker);
      this.callsOverTime.push([Math.round(performance.now() - this.t0), this.calls]);
      const { startedWall, bootedAllMs, booted, calls, errors, callsOverTime } = this;
      const result: BareResult = {
        startedWall,
        bootedAllMs,
        booted,
        calls,
        errors,
        boot: this.boot.summary(),
        steady: this.steady.summary(),
        callsOverTime,
      };
      writeFileSync(o.out, JSON.stringify(result));
      setTimeout(() => process.exit(0), 300);
    }, o.durationMs);
  }
}

/** Starts task(0..count-1) with at most `limit` unfinished; a task calls done() when it is. */
export function paced(count: number, limit: number, task: (i: number, done: () => void) => void) {
  let next = 0;
  let open = 0;
  const more = () => {
    while (open < limit && next < count) {
      open++;
      let finished = false;
      task(next++, () => {
        if (finished) return;
        finished = true;
        open--;
        more();
      });
    }
  };
  more();
}
