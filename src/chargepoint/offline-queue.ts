// Transaction-related messages (StartTransaction, StopTransaction and the MeterValues of a
// transaction) reach the central system in the order they happened, connection or not (OCPP 1.6
// §3.7): offline they wait here, and on reconnect they go out before any new one of their kind.
// A CALLERROR (or no valid answer) is retried TransactionMessageAttempts times, the wait growing
// with each attempt (§3.7.1). Other messages are not held back by the queue (§3.7 allows that).

import { OcppError } from "../ocpp/errors.ts";
import type {
  CentralSystemLink,
  IdTagInfo,
  MeterReading,
  StartRequest,
  StopRequest,
  TransactionId,
} from "../ocpp/neutral.ts";
import type { SimClock } from "../util/clock.ts";
import type { Scheduled, Scheduler } from "../util/scheduler.ts";
import type { ConfigKeys } from "./config-keys.ts";
import type { Transaction } from "./connector.ts";
import type { PersistenceHooks } from "./persistence/hooks.ts";
import { Setting } from "./settings.ts";

export interface StartAnswer {
  transactionId: TransactionId;
  idTagInfo: IdTagInfo;
}
export interface StopAnswer {
  idTagInfo?: IdTagInfo;
}

// A message holds its Transaction, not an id: one started offline has no id until the central
// system answers its StartTransaction, and every later message of it reads the id at sending time.
export type TransactionMessage =
  | { action: "StartTransaction"; tx: Transaction; req: StartRequest }
  | { action: "StopTransaction"; tx: Transaction; req: Omit<StopRequest, "transactionId"> }
  | { action: "MeterValues"; tx: Transaction; connectorId: number; readings: MeterReading[] };

/** Stored readings a real charge point would keep; beyond it the oldest MeterValues make room. */
export const QUEUE_CAPACITY = 1000;

interface Entry {
  msg: TransactionMessage;
  attempts: number;
  /**
   * The message id of an attempt that may have reached the central system (the link dropped or
   * the call timed out after the frame was written): the next attempt reuses it, so a central
   * system that saw the first can tell the second is the same message.
   */
  messageId?: string;
  /** The sender, while it still waits; it stops waiting once the message has to stay queued. */
  waiter?: (answer: unknown) => void;
}

export interface QueueHost {
  /** The link while connected. */
  link(): CentralSystemLink | undefined;
  config: ConfigKeys;
  clock: SimClock;
  scheduler: Scheduler;
  problem(message: string): void;
  /** While the charge point reconnects on its own, senders keep waiting for their answer. */
  reconnecting(): boolean;
  /** Every answer, before its sender (if it still waits) gets it; `late` when the sender stopped waiting. */
  answered(msg: TransactionMessage, answer: unknown, late: boolean): void;
  /** --state-dir: told when the queue changes; a message goes out only once it is on disk. */
  persistence?: PersistenceHooks;
}

/** A queued message as --state-dir saves it: the sender that waited for it is gone by then. */
export interface PendingMessage {
  msg: TransactionMessage;
  attempts: number;
}

export interface FlushResult {
  /** The actions delivered, in order. */
  delivered: string[];
  /** Messages still queued: offline again, or waiting to retry after a CALLERROR. */
  pending: number;
}

const answered = (err: unknown): boolean =>
  (err instanceof OcppError && err.remote) || (err as Error).name === "InvalidResponseError";

export class TransactionQueue {
  private entries: Entry[] = [];
  private draining: Promise<FlushResult> | undefined;
  private active = false;
  private retry: Scheduled | undefined;
  // Transactions whose StartTransaction was given up: their later messages have no id to carry.
  private abandoned: WeakSet<Transaction> | undefined;

  constructor(private readonly host: QueueHost) {}

  get size(): number {
    return this.entries.length;
  }

  /** Resolves with the answer, or undefined when the message stays queued for later. */
  send(msg: TransactionMessage & { action: "StartTransaction" }): Promise<StartAnswer | undefined>;
  send(msg: TransactionMessage & { action: "StopTransaction" }): Promise<StopAnswer | undefined>;
  send(msg: TransactionMessage & { action: "MeterValues" }): Promise<void>;
  send(msg: TransactionMessage): Promise<unknown> {
    return new Promise((resolve) => {
      this.push({ msg, attempts: 0, waiter: resolve });
      if (this.host.link()) void this.flush();
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
      .map((e) => ({ msg: e.msg, attempts: e.attempts }));
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
      const i = this.entries.findIndex((e, n) => n > 0 && e.msg.action === "MeterValues");
      if (i > 0) this.entries.splice(i, 1)[0]!.waiter?.(undefined);
      else if (entry.msg.action === "MeterValues") {
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
        let answer: unknown;
        try {
          answer = await this.deliver(link, msg, entry.messageId);
        } catch (err) {
          // Written but unanswered: the next attempt goes under the same id (see README, "at most once").
          const sentAs = (err as { sentAs?: string }).sentAs;
          if (sentAs) entry.messageId = sentAs;
          // An answer (a CALLERROR, an invalid one) means that id was seen and dealt with: a new one next.
          else if (answered(err)) entry.messageId = undefined;
          // The link went away under the call: the message stays first in line for the next one.
          if (this.host.link() !== link) continue;
          this.failed(entry, err as Error);
          continue;
        }
        this.entries.shift();
        delivered.push(msg.action);
        if (msg.action === "StartTransaction") msg.tx.id = (answer as StartAnswer).transactionId;
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
    return { delivered, pending: this.entries.length };
  }

  private deliver(link: CentralSystemLink, msg: TransactionMessage, messageId?: string): Promise<unknown> {
    const how = messageId === undefined ? undefined : { messageId };
    switch (msg.action) {
      case "StartTransaction":
        return link.startTransaction(msg.req, how);
      case "StopTransaction":
        return link.stopTransaction({ ...msg.req, transactionId: msg.tx.id! }, how);
      case "MeterValues":
        return link.meterValues(msg.connectorId, msg.tx.id, msg.readings, how);
    }
  }

  /** A CALLERROR, a timeout or an invalid answer: try again later, or give up (§3.7.1). */
  private failed(entry: Entry, err: Error): void {
    entry.attempts++;
    const attempts = Math.max(1, this.host.config.int(Setting.transactionMessageAttempts));
    const { action, tx } = entry.msg;
    this.host.persistence?.changed();
    if (entry.attempts >= attempts) {
      this.entries.shift();
      entry.waiter?.(undefined);
      if (action === "StartTransaction") {
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
