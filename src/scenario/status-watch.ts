import type { ChargePointEvent } from "../chargepoint/events.ts";
import type { ConnectorStatus } from "../ocpp/neutral.ts";
import { whenAborted } from "../util/abort.ts";
import type { Scheduler } from "../util/scheduler.ts";

interface Waiter {
  connectorId: number;
  status: ConnectorStatus;
  resolve(): void;
}

/** Lets a step wait until a connector reaches a status, whatever made it change. */
export class StatusWatch {
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly scheduler: Scheduler) {}

  /** Feed it the charge point's events. */
  push(e: ChargePointEvent): void {
    if (e.type !== "status") return;
    for (const w of this.waiters) {
      if (w.connectorId === e.connectorId && w.status === e.to) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  wait(
    connectorId: number,
    status: ConnectorStatus,
    realMs: number,
    label: string,
    signal: AbortSignal,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        connectorId,
        status,
        resolve: () => {
          timer.cancel();
          stop();
          resolve();
        },
      };
      const fail = (err: Error) => {
        this.waiters.delete(waiter);
        stop();
        reject(err);
      };
      const timer = this.scheduler.after(realMs, () =>
        fail(new Error(`connector ${connectorId} did not become ${status} within ${label}`)),
      );
      const stop = whenAborted(signal, () => {
        timer.cancel();
        fail(new Error("interrupted"));
      });
      this.waiters.add(waiter);
    });
  }
}
