import type { MessageReport } from "../report/model.ts";
import { whenAborted } from "../util/abort.ts";
import type { Scheduler } from "../util/scheduler.ts";

/** A message the charge point sent. */
export interface Sent {
  action: string;
  payload: unknown;
}

/** What a waiting step makes of a message: its answer when the message is the one it waits for. */
export type MessageReader = (m: Sent) => unknown;

interface Waiter {
  read: MessageReader;
  resolve(index: number, answer: unknown): void;
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
      const answer = w.read(this.sent[index]!);
      if (answer !== undefined) {
        this.waiters.delete(w);
        w.resolve(index, answer);
        return;
      }
    }
  }

  /** The runner calls it as each step begins. */
  stepStarted(): void {
    this.previousStepStart = this.stepStart;
    this.stepStart = this.sent.length;
  }

  /**
   * Resolves with what `read` makes of the first message it gives an answer for (undefined passes
   * a message over); rejects after realMs or on abort.
   */
  wait(read: MessageReader, realMs: number, what: string, signal: AbortSignal): Promise<unknown> {
    for (let i = Math.max(this.next, this.previousStepStart); i < this.sent.length; i++) {
      const answer = read(this.sent[i]!);
      if (answer !== undefined) {
        this.next = i + 1;
        return Promise.resolve(answer);
      }
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        read,
        resolve: (index, answer) => {
          timer.cancel();
          stop();
          this.next = index + 1;
          resolve(answer);
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
