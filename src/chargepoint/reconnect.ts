// When a charge point reconnects after losing its connection. OCPP 2.0.1 Part 4 §5.3: the first
// attempt comes RetryBackOffWaitMinimum seconds after the drop, plus a random part of at most
// RetryBackOffRandomRange seconds; each failed attempt doubles the previous wait, at most
// RetryBackOffRepeatTimes times, after which the wait stops growing (a fresh random part is drawn
// every time). A connection that was accepted starts the schedule over (OCTT TC_B_57_CS).
// The random part is what keeps a fleet that lost its central system at once from coming back
// at once. OCPP 1.6 (and its security whitepaper) asks for a back-off without fixing one, so the
// same rule and keys serve 1.5 and 1.6.
import type { SimClock } from "../util/clock.ts";
import type { Scheduled, Scheduler } from "../util/scheduler.ts";
import type { ConfigKeys } from "./config-keys.ts";
import type { EventSink } from "./events.ts";
import { Setting } from "./settings.ts";

/** Seconds to wait before reconnection attempt `attempt` (1 = the first after the drop). */
export function backoffSeconds(config: ConfigKeys, attempt: number, random: () => number): number {
  const minimum = config.int(Setting.retryBackOffWaitMinimum);
  const range = config.int(Setting.retryBackOffRandomRange);
  const doublings = Math.min(Math.max(0, attempt - 1), config.int(Setting.retryBackOffRepeatTimes));
  return minimum * 2 ** doublings + random() * range;
}

export interface ReconnectHost {
  id: string;
  config: ConfigKeys;
  clock: SimClock;
  scheduler: Scheduler;
  emit: EventSink;
  random: () => number;
  /** Opens a new link; rejects when the central system cannot be reached. */
  open(): Promise<void>;
  /** What follows a reconnection (boot if never accepted, heartbeats, queue, statuses). */
  resume(): Promise<void>;
  /** True while the link opened by the last open() is still up. */
  connected(): boolean;
  /** An attempt failed: senders waiting for it carry on with their messages queued. */
  attemptFailed(): void;
  /** Back, the connection held through its resume (just before the `reconnected` event). */
  back(): void;
  problem(message: string): void;
}

/**
 * The reconnection schedule of one charge point after an unexpected drop: a single entry on the
 * shared scheduler at a time, and this object exists only for charge points that lost a link.
 */
export class Reconnector {
  private attempt = 0;
  private timer: Scheduled | undefined;
  private trying: Promise<void> | undefined;
  private droppedAt = 0;

  constructor(private readonly host: ReconnectHost) {}

  /** Between the drop and the reconnection (waiting, or an attempt under way). */
  get pending(): boolean {
    return this.timer !== undefined || this.trying !== undefined;
  }

  /** An attempt under way, for connect() to join rather than open a second link. */
  get inProgress(): Promise<void> | undefined {
    return this.trying;
  }

  /** The link just dropped, or (`error`) a connection after a reboot could not be opened. */
  dropped(error?: string): void {
    if (this.pending) return;
    this.droppedAt = performance.now();
    this.next(error);
  }

  /** No more attempts: an explicit connect, disconnect or shutdown took over. */
  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.attempt = 0;
  }

  private next(error: string | undefined): void {
    const h = this.host;
    this.attempt++;
    const delayMs = Math.round(backoffSeconds(h.config, this.attempt, h.random) * 1000);
    h.emit({ type: "reconnecting", cp: h.id, attempt: this.attempt, delayMs, ...(error && { error }) });
    this.timer = h.scheduler.after(h.clock.toReal(delayMs), () => {
      this.timer = undefined;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    const h = this.host;
    // Only the opening counts as "in progress": a drop during the resume must schedule anew.
    const opening = h.open();
    this.trying = opening.catch(() => {});
    try {
      await opening;
    } catch (err) {
      h.attemptFailed();
      this.next((err as Error).message);
      return;
    } finally {
      this.trying = undefined;
    }
    const attempts = this.attempt;
    try {
      await h.resume();
    } catch (err) {
      // A drop during the resume is the next drop's business; anything else is worth telling.
      if (h.connected()) h.problem(`after reconnecting: ${(err as Error).message}`);
    }
    // Back only once the connection held through its resume (boot, queue, statuses): then the
    // schedule starts over (TC_B_57_CS); a drop during the resume doubles the wait instead.
    if (!h.connected() || this.pending) return;
    this.attempt = 0;
    h.back();
    h.emit({
      type: "reconnected",
      cp: h.id,
      attempts,
      offlineMs: Math.round(performance.now() - this.droppedAt),
    });
  }
}
