// The built-in workloads. idle: boot, statuses and heartbeats, which the charge point model does
// by itself. charging: idle plus sessions in a loop (authorize, start, meter values at
// MeterValueSampleInterval, stop after a drawn length, pause, again). State lives in flat arrays
// indexed by charge point; the only per-charge-point objects are a pending timer and, while a step
// runs, its promise.
import type { ChargePoint } from "../chargepoint/charge-point.ts";
import type { SimClock } from "../util/clock.ts";
import type { Scheduled, Scheduler } from "../util/scheduler.ts";
import type { Workload } from "./fleet.ts";
import type { Metrics } from "./metrics.ts";
import type { FleetRandom } from "./random.ts";

export const idleWorkload: Workload = {
  begin() {},
  async end() {},
};

export interface ChargingOptions {
  first: number;
  count: number;
  idTag: (index: number) => string;
  /** Simulated ms. */
  sessionMs: [number, number];
  pauseMs: [number, number];
  random: FleetRandom;
  clock: SimClock;
  scheduler: Scheduler;
  metrics: Metrics;
}

enum Tx {
  None = 0,
  Open = 1,
}

export class ChargingWorkload implements Workload {
  private readonly timers: (Scheduled | undefined)[];
  private readonly busy: (Promise<void> | undefined)[];
  private readonly tx: Uint8Array;
  /** Set per charge point when it must not begin anything new. */
  private readonly ending: Uint8Array;
  private readonly cps: (ChargePoint | undefined)[];

  constructor(private readonly o: ChargingOptions) {
    this.timers = new Array(o.count);
    this.busy = new Array(o.count);
    this.cps = new Array(o.count);
    this.tx = new Uint8Array(o.count);
    this.ending = new Uint8Array(o.count);
  }

  begin(i: number, cp: ChargePoint): void {
    const k = i - this.o.first;
    this.cps[k] = cp;
    this.ending[k] = 0;
    // Start offsets are spread over one pause, so sessions do not all begin together.
    this.later(i, this.o.random.between(i, 0, this.o.pauseMs[1]));
  }

  private later(i: number, simMs: number): void {
    const k = i - this.o.first;
    if (this.ending[k]) return;
    this.timers[k] = this.o.scheduler.after(this.o.clock.toReal(simMs), () => this.step(i));
  }

  private step(i: number): void {
    const k = i - this.o.first;
    this.timers[k] = undefined;
    const p = (this.tx[k] === Tx.Open ? this.stopSession(i) : this.startSession(i)).catch(() => {
      // The call's failure is counted by the observer. A start that failed on its way (the
      // connection dropped under it) may still have begun the transaction on the charge point,
      // which delivers it later: then it is this session's, to be stopped in its time.
      if (this.tx[k] !== Tx.Open && this.cps[k]?.connectors[0]?.transaction) this.opened(i);
      else this.later(i, this.pause(i));
    });
    this.busy[k] = p;
    void p.finally(() => {
      if (this.busy[k] === p) this.busy[k] = undefined;
    });
  }

  private pause(i: number): number {
    return this.o.random.between(i, this.o.pauseMs[0], this.o.pauseMs[1]);
  }

  private async startSession(i: number): Promise<void> {
    const k = i - this.o.first;
    const cp = this.cps[k]!;
    const m = this.o.metrics.c;
    const idTag = this.o.idTag(i);
    const info = await cp.authorize(idTag);
    if (info.status !== "Accepted") {
      m.transactions.refused++;
      return this.later(i, this.pause(i));
    }
    if (this.ending[k]) return;
    const res = await cp.startTransaction(1, idTag);
    // Cut off by a drop, the StartTransaction waits in the queue and the transaction goes on.
    const going = res.idTagInfo ? res.idTagInfo.status === "Accepted" : !!cp.connectors[0]!.transaction;
    if (!going) {
      // The model stops a refused transaction itself (StopTransactionOnInvalidId).
      m.transactions.refused++;
      return this.later(i, this.pause(i));
    }
    this.opened(i);
  }

  private opened(i: number): void {
    const m = this.o.metrics.c;
    this.tx[i - this.o.first] = Tx.Open;
    m.transactions.started++;
    m.activeTransactions++;
    this.later(i, this.o.random.between(i, this.o.sessionMs[0], this.o.sessionMs[1]));
  }

  private async stopSession(i: number): Promise<void> {
    await this.stopOnce(i);
    this.later(i, this.pause(i));
  }

  /** StopTransaction for the open transaction, exactly once whoever asks. */
  private async stopOnce(i: number): Promise<void> {
    const k = i - this.o.first;
    if (this.tx[k] !== Tx.Open) return;
    this.tx[k] = Tx.None;
    const m = this.o.metrics.c;
    m.activeTransactions--;
    const cp = this.cps[k]!;
    if (!cp.connectors[0]!.transaction) return;
    try {
      await cp.stopTransaction(1, "Local");
    } finally {
      // Ended on the charge point, the StopTransaction is delivered even when a drop cut its call.
      if (!cp.connectors[0]!.transaction) m.transactions.stopped++;
    }
  }

  async end(i: number): Promise<void> {
    const k = i - this.o.first;
    this.ending[k] = 1;
    this.timers[k]?.cancel();
    this.timers[k] = undefined;
    // A step in progress finishes first (a start in flight becomes an open transaction).
    await this.busy[k]?.catch(() => {});
    await this.stopOnce(i);
    this.cps[k] = undefined;
  }
}
