import { whenAborted } from "../util/abort.ts";
import { own } from "../util/own.ts";
import type { Scheduler } from "../util/scheduler.ts";

export type Answer = string | Record<string, unknown>;

interface Arrived {
  action: string;
  payload: unknown;
}

interface Waiter {
  action: string;
  respond?: Answer;
  resolve(call: Arrived): void;
}

/** A status word is shorthand for `{ status: word }`, the shape of most 1.6 answers. */
export function toPayload(answer: Answer): Record<string, unknown> {
  return typeof answer === "string" ? { status: answer } : answer;
}

/**
 * Calls from the central system as a scenario sees them: answered by the charge point (or by the
 * scenario's `respond`), and kept until an `expectCall` step claims them. A step that waits when
 * the call arrives may answer it itself.
 */
export class Inbox {
  private readonly arrived: Arrived[] = [];
  private readonly waiters: Waiter[] = [];

  constructor(
    private readonly respond: Record<string, Answer> = {},
    private readonly scheduler: Scheduler,
  ) {}

  /** The DialOptions.intercept hook. */
  receive(action: string, payload: unknown, auto: () => unknown): unknown {
    const i = this.waiters.findIndex((w) => w.action === action);
    if (i >= 0) {
      const [waiter] = this.waiters.splice(i, 1);
      waiter!.resolve({ action, payload });
      if (waiter!.respond !== undefined) return toPayload(waiter!.respond);
    } else this.arrived.push({ action, payload });
    const override = own(this.respond, action);
    return override === undefined ? auto() : toPayload(override);
  }

  /** Waits for `action`, or takes one that came already, and returns its payload. */
  async expect(
    action: string,
    opts: { withinMs: number; respond?: Answer; signal: AbortSignal },
  ): Promise<unknown> {
    const i = this.arrived.findIndex((c) => c.action === action);
    let call: Arrived;
    if (i >= 0) {
      if (opts.respond !== undefined) {
        throw new Error(
          `${action} came before this step started and was already answered; put expectCall before what triggers it`,
        );
      }
      call = this.arrived.splice(i, 1)[0]!;
    } else call = await this.wait(action, opts);
    return call.payload;
  }

  private wait(
    action: string,
    opts: { withinMs: number; respond?: Answer; signal: AbortSignal },
  ): Promise<Arrived> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        action,
        respond: opts.respond,
        resolve: (call) => {
          timer.cancel();
          stop();
          resolve(call);
        },
      };
      const drop = (err: Error) => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        // On a timeout too: a listener left behind per expectCall that timed out piled up on the run's signal.
        stop();
        reject(err);
      };
      const timer = this.scheduler.after(opts.withinMs, () =>
        drop(new Error(`no ${action} came from the central system within ${opts.withinMs / 1000}s`)),
      );
      const stop = whenAborted(opts.signal, () => {
        timer.cancel();
        drop(new Error("interrupted"));
      });
      this.waiters.push(waiter);
    });
  }
}
