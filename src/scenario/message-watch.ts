import type { MessageReport } from "../report/model.ts";
import { whenAborted } from "../util/abort.ts";
import type { Scheduler } from "../util/scheduler.ts";

interface Sent {
  action: string;
  payload: unknown;
}

interface Waiter {
  action: string;
  matches(payload: unknown): boolean;
  resolve(index: number): void;
}

/**
 * Lets a step wait for a message the charge point sends (a FirmwareStatusNotification, the
 * BootNotification after a reboot…). A message counts from the start of the step before, so a
 * follow-up that came before the waiting step began is not missed, and each one counts once.
 */
export class MessageWatch {
  private readonly sent: Sent[] = [];
  private readonly waiters = new Set<Waiter>();
  private stepStart = 0;
  private previousStepStart = 0;
  /** The first message no waiting step has matched yet. */
  private next = 0;

  constructor(private readonly scheduler: Scheduler) {}

  /** Feed it the run's messages. */
  push(m: MessageReport): void {
    if (m.dir !== "out" || m.kind !== "call") return;
    const index = this.sent.push({ action: m.action, payload: m.payload }) - 1;
    for (const w of this.waiters) {
      if (w.action === m.action && w.matches(m.payload)) {
        this.waiters.delete(w);
        w.resolve(index);
        return;
      }
    }
  }

  /** The runner calls it as each step begins. */
  stepStarted(): void {
    this.previousStepStart = this.stepStart;
    this.stepStart = this.sent.length;
  }

  /** Resolves with the payload of the first matching message; rejects after realMs or on abort. */
  wait(
    action: string,
    matches: (payload: unknown) => boolean,
    realMs: number,
    what: string,
    signal: AbortSignal,
  ): Promise<unknown> {
    for (let i = Math.max(this.next, this.previousStepStart); i < this.sent.length; i++) {
      const m = this.sent[i]!;
      if (m.action === action && matches(m.payload)) {
        this.next = i + 1;
        return Promise.resolve(m.payload);
      }
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        action,
        matches,
        resolve: (index) => {
          timer.cancel();
          stop();
          this.next = index + 1;
          resolve(this.sent[index]!.payload);
        },
      };
      const fail = (err: Error) => {
        this.waiters.delete(waiter);
        stop();
        reject(err);
      };
      const timer = this.scheduler.after(realMs, () => fail(new Error(`the charge point sent no ${what}`)));
      const stop = whenAborted(signal, () => {
        timer.cancel();
        fail(new Error("interrupted"));
      });
      this.waiters.add(waiter);
    });
  }
}
