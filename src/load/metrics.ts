// What a load run measures: per action counts, errors by kind and latency histograms, and the
// fleet's counters. Per call: one map lookup, one or two histogram records and a few counters;
// nothing per message is kept. A snapshot is plain JSON (histograms encoded), so a worker process
// can send it and the parent can add snapshots up exactly.
import type { CallObserver, CallOutcome } from "../ocpp/observe.ts";
import { addEncoded, encode, type Histogram, latencyOf, newHistogram, recordMs } from "./histogram.ts";
import type { ActionErrors, ActionMetrics, LoadReport } from "./report-types.ts";

class ActionStats {
  count = 0;
  timeout = 0;
  rejected = 0;
  invalid = 0;
  connectionLost = 0;
  readonly callError = new Map<string, number>();
  readonly hist = newHistogram();
  /** This interval's latencies only, for the timeline's p95; reset every interval. */
  readonly recent = newHistogram();
  constructor(readonly out: boolean) {}
}

export interface Counters {
  connected: number;
  connectedPeak: number;
  connectionsFailed: number;
  disconnects: number;
  reconnects: number;
  booted: number;
  boots: { Accepted: number; Pending: number; Rejected: number };
  transactions: { started: number; stopped: number; refused: number };
  activeTransactions: number;
  sent: number;
  received: number;
  calls: number;
  errors: number;
  /** --scenario: runs of the steps completed, and those that ended at a failed step. */
  iterations: number;
  iterationsFailed: number;
  /** --scenario --iterations: charge points done with theirs (or gone). */
  finished: number;
}

/** Cumulative figures of one process, or of several added up. */
export interface MetricsSnapshot extends Counters {
  actions: Record<string, ActionMetrics>;
  /** --scenario: failed steps by "label (line n)". */
  stepFailures: Record<string, number>;
}

export const emptyCounters = (): Counters => ({
  connected: 0,
  connectedPeak: 0,
  connectionsFailed: 0,
  disconnects: 0,
  reconnects: 0,
  booted: 0,
  boots: { Accepted: 0, Pending: 0, Rejected: 0 },
  transactions: { started: 0, stopped: 0, refused: 0 },
  activeTransactions: 0,
  sent: 0,
  received: 0,
  calls: 0,
  errors: 0,
  iterations: 0,
  iterationsFailed: 0,
  finished: 0,
});

export class Metrics implements CallObserver {
  readonly c: Counters = emptyCounters();
  readonly stepFailures = new Map<string, number>();
  private readonly actions = new Map<string, ActionStats>();
  /** Calls and errors since the last interval() call. */
  private recentCalls = 0;
  private recentErrors = 0;
  /** Calls of the charge points not yet answered or failed. */
  private inflight = 0;
  private onDrained: (() => void) | undefined;

  begin(): void {
    this.inflight++;
  }

  /** Resolves once every call that went out has its answer (or has failed). */
  drained(): Promise<void> {
    if (this.inflight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.onDrained = resolve;
    });
  }

  call(
    out: boolean,
    action: string,
    latencyMs: number | undefined,
    outcome: CallOutcome,
    code?: string,
  ): void {
    let a = this.actions.get(action);
    if (!a) {
      a = new ActionStats(out);
      this.actions.set(action, a);
    }
    a.count++;
    this.c.calls++;
    if (out && --this.inflight === 0 && this.onDrained) {
      this.onDrained();
      this.onDrained = undefined;
    }
    this.recentCalls++;
    // A call of ours is one frame out and, when answered, one in; theirs the other way round.
    if (out) this.c.sent++;
    else this.c.received++;
    if (latencyMs !== undefined) {
      if (out) this.c.received++;
      else this.c.sent++;
      recordMs(a.hist, latencyMs);
      recordMs(a.recent, latencyMs);
    }
    if (outcome === "ok") return;
    this.c.errors++;
    this.recentErrors++;
    if (outcome === "callError")
      a.callError.set(code ?? "GenericError", (a.callError.get(code ?? "GenericError") ?? 0) + 1);
    else a[outcome]++;
  }

  connectedDelta(d: 1 | -1): void {
    this.c.connected += d;
    if (this.c.connected > this.c.connectedPeak) this.c.connectedPeak = this.c.connected;
  }

  /** Calls, errors and p95 per action since the previous call; starts a new interval. */
  interval(): { calls: number; errors: number; p95Ms: Record<string, number> } {
    const p95Ms: Record<string, number> = {};
    for (const [action, a] of this.actions) {
      if (a.recent.totalCount === 0) continue;
      p95Ms[action] = a.recent.getValueAtPercentile(95) / 1000;
      a.recent.reset();
    }
    const r = { calls: this.recentCalls, errors: this.recentErrors, p95Ms };
    this.recentCalls = 0;
    this.recentErrors = 0;
    return r;
  }

  /** p95 so far of an action, in ms (the live view's figures). */
  p95(action: string): number | undefined {
    const a = this.actions.get(action);
    return a && a.hist.totalCount > 0 ? a.hist.getValueAtPercentile(95) / 1000 : undefined;
  }

  snapshot(): MetricsSnapshot {
    const actions: Record<string, ActionMetrics> = {};
    for (const [name, a] of [...this.actions].sort(([x], [y]) => (x < y ? -1 : 1))) {
      actions[name] = {
        direction: a.out ? "cp->cs" : "cs->cp",
        count: a.count,
        errors: {
          timeout: a.timeout,
          callError: Object.fromEntries(a.callError),
          rejected: a.rejected,
          invalid: a.invalid,
          connectionLost: a.connectionLost,
        },
        latencyMs: latencyOf(a.hist),
        histogram: a.hist.totalCount > 0 ? encode(a.hist) : "",
      };
    }
    return { ...structuredClone(this.c), actions, stepFailures: Object.fromEntries(this.stepFailures) };
  }
}

const COUNTER_KEYS = [
  "connected",
  "connectedPeak",
  "connectionsFailed",
  "disconnects",
  "reconnects",
  "booted",
  "activeTransactions",
  "sent",
  "received",
  "calls",
  "errors",
  "iterations",
  "iterationsFailed",
  "finished",
] as const;

/** Adds snapshots up exactly: counts are summed, histograms added, percentiles taken from the sum. */
export function mergeSnapshots(parts: MetricsSnapshot[]): MetricsSnapshot {
  const total: MetricsSnapshot = { ...emptyCounters(), actions: {}, stepFailures: {} };
  const failures = new Map<string, number>();
  const hists = new Map<string, Histogram>();
  // Action names come from outside (a worker, a shard file): a Map, never an object's keys.
  const merged = new Map<string, ActionMetrics>();
  for (const p of parts) {
    for (const k of COUNTER_KEYS) total[k] += p[k];
    for (const k of ["Accepted", "Pending", "Rejected"] as const) total.boots[k] += p.boots[k];
    for (const k of ["started", "stopped", "refused"] as const) total.transactions[k] += p.transactions[k];
    for (const [k, n] of Object.entries(p.stepFailures)) failures.set(k, (failures.get(k) ?? 0) + n);
    for (const [name, a] of Object.entries(p.actions)) {
      const t = merged.get(name) ?? {
        direction: a.direction,
        count: 0,
        errors: { timeout: 0, callError: {}, rejected: 0, invalid: 0, connectionLost: 0 },
        latencyMs: latencyOf(newHistogram()),
        histogram: "",
      };
      merged.set(name, t);
      t.count += a.count;
      addErrors(t.errors, a.errors);
      const h = hists.get(name) ?? newHistogram();
      hists.set(name, h);
      addEncoded(h, a.histogram);
    }
  }
  for (const [name, t] of [...merged].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const h = hists.get(name)!;
    t.latencyMs = latencyOf(h);
    t.histogram = h.totalCount > 0 ? encode(h) : "";
    Object.defineProperty(total.actions, name, {
      value: t,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  total.stepFailures = Object.fromEntries(failures);
  // The peak of a sum is not the sum of peaks; with several processes the sum of peaks bounds it.
  return total;
}

function addErrors(into: ActionErrors, from: ActionErrors): void {
  into.timeout += from.timeout;
  into.rejected += from.rejected;
  into.invalid += from.invalid;
  into.connectionLost += from.connectionLost;
  // Codes may come from a shard's file: a Map, so no name reaches an object's prototype.
  const codes = new Map(Object.entries(into.callError));
  for (const [code, n] of Object.entries(from.callError)) codes.set(code, (codes.get(code) ?? 0) + n);
  into.callError = Object.fromEntries(codes);
}

/** Errors of all actions by kind: timeout, rejected, invalid, connectionLost, callError:<code>. */
export function errorsByKind(actions: LoadReport["actions"]): Record<string, number> {
  const by: Record<string, number> = {};
  const add = (k: string, n: number) => {
    if (n > 0) by[k] = (by[k] ?? 0) + n;
  };
  for (const a of Object.values(actions)) {
    add("timeout", a.errors.timeout);
    add("rejected", a.errors.rejected);
    add("invalid", a.errors.invalid);
    add("connectionLost", a.errors.connectionLost);
    for (const [code, n] of Object.entries(a.errors.callError)) add(`callError:${code}`, n);
  }
  return by;
}
