// The waits for a cable after a driver's token was accepted before it (2.0.1 TxStartPoint
// Authorized opens the transaction at the token and ends it when no cable comes within
// ConnectionTimeOut). One wait per connector the driver may stand at (0: somewhere at the charge
// point), so a second driver's token does not cancel the first one's timeout.
import type { Scheduled, Scheduler } from "../util/scheduler.ts";

export interface CableWaitHost {
  readonly scheduler: Scheduler;
  /**
   * The wait at `connectorId` ran out: true once dealt with, false when the charge point is not
   * registered yet (restored from --state-dir, rebooting): it is told at the next boot (fireDue).
   */
  timedOut(connectorId: number): boolean;
}

export class CableWaits {
  private readonly timers = new Map<number, Scheduled>();
  // Timeouts that ran out while the charge point was not registered, told once it is (fireDue).
  private due: Set<number> | undefined;

  constructor(private readonly host: CableWaitHost) {}

  /** Waits `delayMs` (real time) at `connectorId`, in place of any earlier wait there. */
  arm(connectorId: number, delayMs: number): void {
    this.timers.get(connectorId)?.cancel();
    const timer = this.host.scheduler.after(delayMs, () => {
      this.timers.delete(connectorId);
      if (this.host.timedOut(connectorId)) return;
      this.due ??= new Set();
      this.due.add(connectorId);
    });
    this.timers.set(connectorId, timer);
  }

  /** The charge point is registered: the timeouts that could not be told yet are. */
  fireDue(): void {
    const due = this.due;
    if (!due) return;
    this.due = undefined;
    for (const connectorId of due) {
      if (this.host.timedOut(connectorId)) continue;
      this.due ??= new Set();
      this.due.add(connectorId);
    }
  }

  /** The run ends: no wait outlives it. */
  stop(): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
    this.due = undefined;
  }
}
