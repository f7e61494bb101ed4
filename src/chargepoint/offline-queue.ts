// The events of transactions (started, updated with readings, ended) reach the central system in
// the order they happened, connection or not (OCPP 1.6 §3.7, 2.0.1 E04): offline they wait here,
// and on reconnect they go out before any new one. A CALLERROR (or no valid answer) is retried
// TransactionMessageAttempts times, the wait growing with each attempt (1.6 §3.7.1). Other
// messages are not held back by the queue. Which message an event becomes is the mapping's
// business (ChargePointMapping.transaction); the queue knows only events.

import { OcppError } from "../ocpp/errors.ts";
import type { ChargePointMapping, TxAnswer, TxEvent } from "../ocpp/mapping.ts";
import type { SimClock } from "../util/clock.ts";
import type { Scheduled, Scheduler } from "../util/scheduler.ts";
import type { ConfigKeys } from "./config-keys.ts";
import type { PersistenceHooks } from "./persistence/hooks.ts";
import { Setting } from "./settings.ts";

// An event holds its transaction, not an id: one started offline has no id of the central system
// until its start is answered, and every later event of it reads the id at sending time.

/** Stored events a real charge point would keep; beyond it the oldest updates make room. */
export const QUEUE_CAPACITY = 1000;

interface Entry {
  msg: TxEvent;
  attempts: number;
  /** Queued while offline: the mapping may say so (2.0.1 `offline: true`). */
  offline?: boolean;
  /**
   * The message id of an attempt that may have reached the central system (the link dropped or
   * the call timed out after the frame was written): the next attempt reuses it, so a central
   * system that saw the first can tell the second is the same message.
   */
  messageId?: string;
  /** The sender, while it still waits; it stops waiting once the message has to stay queued. */
  waiter?: (answer: TxAnswer | undefined) => void;
}

export interface QueueHost {
  /** The mapping while connected. */
  link(): ChargePointMapping | undefined;
  config: ConfigKeys;
  clock: SimClock;
  scheduler: Scheduler;
  problem(message: string): void;
  /** While the charge point reconnects on its own, senders keep waiting for their answer. */
  reconnecting(): boolean;
  /** Every answer, before its sender (if it still waits) gets it; `late` when the sender stopped waiting. */
  answered(msg: TxEvent, answer: TxAnswer, late: boolean): void;
  /** --state-dir: told when the queue changes; a message goes out only once it is on disk. */
  persistence?: PersistenceHooks;
}

/** A queued message as --state-dir saves it: the sender that waited for it is gone by then. */
export interface PendingMessage {
  msg: TxEvent;
  attempts: number;
  offline?: boolean;
}

export interface FlushResult {
  /** The messages delivered, in order, as the mapping names them (ChargePointMapping.messageOf). */
  delivered: string[];
  /** The same, named neutrally: the same on every version (transactionStarted, …Updated, …Ended). */
  events: string[];
  /** Messages still queued: offline again, or waiting to retry after a CALLERROR. */
  pending: number;
}

const TX_EVENTS = {
  started: "transactionStarted",
  updated: "transactionUpdated",
  ended: "transactionEnded",
} as const satisfies Record<TxEvent["kind"], string>;

const answered = (err: unknown): boolean =>
  (err instanceof OcppError && err.remote) || (err as Error).name === "InvalidResponseError";

export class TransactionQueue {
  private entries: Entry[] = [];
  private draining: Promise<FlushResult> | undefined;
  private active = false;
  private retry: Scheduled | undefined;
  // Transactions whose StartTransaction was given up: their later messages have no id to carry.
  private abandoned: WeakSet<TxEvent["tx"]> | undefined;

  constructor(private readonly host: QueueHost) {}

  get size(): number {
    return this.entries.length;
  }

  /** Resolves with the answer, or undefined when the event stays queued for later. */
  send(msg: TxEvent): Promise<TxAnswer | undefined> {
    return new Promise((resolve) => {
      const online = this.host.link() !== undefined;
      this.push(
        online ? { msg, attempts: 0, waiter: resolve } : { msg, attempts: 0, waiter: resolve, offline: true },
      );
      if (online) void this.flush();
      else this.release();
    });
  }

  /** Sends what is queued, in order; resolves once the queue is empty or has to wait. */
  flush(): Promise<FlushResult> {
    if (this.draining) return this.draining;
    const run = this.drain();
    // A drain that had nothing to await is over already; one still running is joined by later calls.
    if (this.active) this.draining = run;
    return run;
  }

  /** The queued messages, oldest first, for --state-dir; a dropped transaction's leftovers are not. */
  pending(): PendingMessage[] {
    return this.entries
      .filter((e) => !this.abandoned?.has(e.msg.tx))
      .map((e) =>
        e.offline
          ? { msg: e.msg, attempts: e.attempts, offline: true }
          : { msg: e.msg, attempts: e.attempts },
      );
  }

  /** Puts back the messages a previous process left (--state-dir), ahead of any queued since. */
  restore(saved: PendingMessage[]): void {
    this.entries.unshift(...saved.map((p) => ({ ...p })));
  }

  /** Stops the retry timer, for the end of a run; the queued messages stay. */
  stop(): void {
    this.retry?.cancel();
    this.retry = undefined;
  }

  private push(entry: Entry): void {
    if (this.entries.length >= QUEUE_CAPACITY) {
      // Start and stop carry the transaction itself; an intermediate reading is what can be lost.
      const i = this.entries.findIndex((e, n) => n > 0 && e.msg.kind === "updated");
      if (i > 0) this.entries.splice(i, 1)[0]!.waiter?.(undefined);
      else if (entry.msg.kind === "updated") {
        entry.waiter?.(undefined);
        return;
      }
    }
    this.entries.push(entry);
    this.host.persistence?.changed();
  }

  /**
   * Lets every waiting sender go on: their messages stay queued. While the charge point
   * reconnects on its own they wait on, for the attempt's outcome (see releaseWaiters).
   */
  private release(): void {
    if (this.host.reconnecting()) return;
    this.releaseWaiters();
  }

  /** The senders stop waiting (an attempt failed, or the charge point went offline for good). */
  releaseWaiters(): void {
    for (const e of this.entries) {
      e.waiter?.(undefined);
      e.waiter = undefined;
    }
  }

  private async drain(): Promise<FlushResult> {
    const delivered: string[] = [];
    const events: string[] = [];
    this.active = true;
    try {
      while (this.entries.length > 0 && !this.retry) {
        const link = this.host.link();
        if (!link) break;
        const entry = this.entries[0]!;
        const { msg } = entry;
        if (this.abandoned?.has(msg.tx)) {
          this.entries.shift();
          entry.waiter?.(undefined);
          continue;
        }
        // Write-ahead: a message the central system may have seen is one a restart must not lose.
        if (this.host.persistence) await this.host.persistence.durable();
        let answer: TxAnswer;
        try {
          answer = await this.deliver(link, entry);
        } catch (err) {
          // Written but unanswered: the next attempt goes under the same id (see README, "at most once").
          const sentAs = (err as { sentAs?: string }).sentAs;
          if (sentAs) entry.messageId = sentAs;
          // An answer (a CALLERROR, an invalid one) means that id was seen and dealt with: a new one next.
          else if (answered(err)) entry.messageId = undefined;
          // The link went away under the call: the message stays first in line for the next one.
          if (this.host.link() !== link) continue;
          this.failed(link, entry, err as Error);
          continue;
        }
        this.entries.shift();
        delivered.push(link.messageOf(msg));
        events.push(TX_EVENTS[msg.kind]);
        this.host.persistence?.changed();
        this.host.answered(msg, answer, !entry.waiter);
        entry.waiter?.(answer);
      }
    } finally {
      // In the same tick as the loop's last check: a sender answered just now that queues another
      // message runs after this, and so starts a new drain rather than joining one that is over.
      this.active = false;
      this.draining = undefined;
    }
    this.release();
    return { delivered, events, pending: this.entries.length };
  }

  private deliver(link: ChargePointMapping, entry: Entry): Promise<TxAnswer> {
    // Options only when there is something to say: most events go out at once, on their first try.
    const { messageId, offline } = entry;
    const how = messageId === undefined && !offline ? undefined : { messageId, offline };
    return link.transaction(entry.msg, how);
  }

  /** A CALLERROR, a timeout or an invalid answer: try again later, or give up (§3.7.1). */
  private failed(link: ChargePointMapping, entry: Entry, err: Error): void {
    entry.attempts++;
    const attempts = Math.max(1, this.host.config.int(Setting.transactionMessageAttempts));
    const { tx } = entry.msg;
    const action = link.messageOf(entry.msg);
    this.host.persistence?.changed();
    if (entry.attempts >= attempts) {
      this.entries.shift();
      entry.waiter?.(undefined);
      if (entry.msg.kind === "started") {
        this.abandoned ??= new WeakSet();
        this.abandoned.add(tx);
      }
      this.host.problem(
        `${err.message}; ${action} is dropped after ${entry.attempts} attempt${entry.attempts > 1 ? "s" : ""}`,
      );
      return;
    }
    // The wait is the interval times the attempts so far: 60 s, then 120 s, … (§3.7.1).
    const seconds = this.host.config.int(Setting.transactionMessageRetryInterval) * entry.attempts;
    this.host.problem(`${err.message}; ${action} is sent again in ${seconds}s`);
    this.retry = this.host.scheduler.after(this.host.clock.toReal(seconds * 1000), () => {
      this.retry = undefined;
      void this.flush();
    });
  }
}
