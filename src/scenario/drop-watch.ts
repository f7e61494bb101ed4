import type { ChargePointEvent } from "../chargepoint/events.ts";
import { whenAborted } from "../util/abort.ts";
import type { Scheduler } from "../util/scheduler.ts";

export interface Drop {
  code: number;
  reason: string;
  /** Set once the charge point is back (see the reconnected event). */
  reconnected?: { attempts: number; offlineMs: number };
}

export interface ExpectDrop {
  /** Real milliseconds to wait for the drop, and for the reconnection; how the file said them. */
  withinMs: number;
  within: string;
  reconnect: boolean;
  reconnectWithinMs: number;
  reconnectWithin: string;
  signal: AbortSignal;
}

/**
 * Lets expectDisconnect wait for the central system to drop a charge point's connection and for
 * the charge point to come back. A drop counts from the start of the step before, so one that
 * follows the previous step's call at once (a Reset, a rejected boot) is not missed.
 */
export class DropWatch {
  private readonly drops: Drop[] = [];
  private stepStart = 0;
  private previousStepStart = 0;
  /** The first drop no expectDisconnect has claimed yet. */
  private next = 0;
  private wake: (() => void) | undefined;
  /** An expectDisconnect is waiting for a drop: one now is expected. */
  expecting = false;

  constructor(private readonly scheduler: Scheduler) {}

  /** Feed it the charge point's events. */
  push(e: ChargePointEvent): void {
    if (e.type === "disconnected") this.drops.push({ code: e.code, reason: e.reason });
    else if (e.type === "reconnected") {
      for (const d of this.drops) d.reconnected ??= { attempts: e.attempts, offlineMs: e.offlineMs };
    } else return;
    this.wake?.();
  }

  /** The runner calls it as each step begins. */
  stepStarted(): void {
    this.previousStepStart = this.stepStart;
    this.stepStart = this.drops.length;
  }

  async expect(o: ExpectDrop): Promise<Drop> {
    this.expecting = true;
    let index: number;
    try {
      index = await this.until(
        () => {
          const i = Math.max(this.next, this.previousStepStart);
          return i < this.drops.length ? i : undefined;
        },
        o.withinMs,
        `the central system did not close the connection within ${o.within}`,
        o.signal,
      );
    } finally {
      this.expecting = false;
    }
    this.next = index + 1;
    const drop = this.drops[index]!;
    if (o.reconnect) {
      await this.until(
        () => drop.reconnected,
        o.reconnectWithinMs,
        `the charge point did not reconnect within ${o.reconnectWithin} of the drop`,
        o.signal,
      );
    }
    return drop;
  }

  /** Resolves with check()'s first defined value, checked now and after every event. */
  private until<T>(
    check: () => T | undefined,
    realMs: number,
    failure: string,
    signal: AbortSignal,
  ): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const settle = (err: Error | undefined, value?: T) => {
        this.wake = undefined;
        timer.cancel();
        stop();
        if (err) reject(err);
        else resolve(value!);
      };
      const timer = this.scheduler.after(realMs, () => settle(new Error(failure)));
      const stop = whenAborted(signal, () => settle(new Error("interrupted")));
      this.wake = () => {
        const value = check();
        if (value !== undefined) settle(undefined, value);
      };
    });
  }
}
