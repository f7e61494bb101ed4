// The fleet: charge points started toward a target count (ramp or stages), at most `maxConnecting`
// connections in progress, kept in flat arrays indexed by charge point; one event sink, one pump
// timer and the shared scheduler serve them all. What each booted charge point then does is the
// workload's business (workload.ts).
import { ChargePoint } from "../chargepoint/charge-point.ts";
import type { ChargePointEvent } from "../chargepoint/events.ts";
import type { ChargePointOptions } from "../chargepoint/options.ts";
import type { LinkFactory } from "../ocpp/open-link.ts";
import type { SimClock } from "../util/clock.ts";
import type { Scheduler } from "../util/scheduler.ts";
import type { Metrics } from "./metrics.ts";
import type { Pacing } from "./stages.ts";

export interface Workload {
  /** The charge point booted: start what it does. */
  begin(i: number, cp: ChargePoint): void;
  /** The run ends (or the charge point leaves): finish cleanly, e.g. stop its transaction once. */
  end(i: number, cp: ChargePoint): Promise<void>;
}

export interface FleetOptions {
  /** Charge point indexes first .. first + count - 1 belong to this fleet. */
  first: number;
  count: number;
  id: (index: number) => string;
  linkFactory: LinkFactory;
  clock: SimClock;
  scheduler: Scheduler;
  pacing: Pacing;
  maxConnecting: number;
  metrics: Metrics;
  /** What every charge point is made with (one shared object): configuration, connectors, identity. */
  chargePoint?: Partial<ChargePointOptions>;
  /** The fleet sends BootNotification after connecting; false when the workload boots (a scenario's boot step). */
  boot: boolean;
  /** Charge points this fleet must boot for "all booted" (the target of the run). */
  bootTarget: number;
  now: () => number;
  callTimeoutMs: number;
}

enum Phase {
  Idle = 0,
  Connecting = 1,
  Up = 2,
  Leaving = 3,
  Gone = 4,
}

export class Fleet {
  readonly cps: (ChargePoint | undefined)[];
  private readonly phase: Uint8Array;
  /** 1 once a charge point's boot was first accepted. */
  private readonly booted: Uint8Array;
  /** 1 while a charge point that is up has lost its connection and reconnects on its own. */
  private readonly offline: Uint8Array;
  private readonly index = new Map<string, number>();
  private next: number;
  private readonly free: number[] = [];
  private connecting = 0;
  private up = 0;
  private stopping = false;
  private pumpTimer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly startedAt: number;
  /** Ms from the start until bootTarget charge points had booted. */
  bootedAllMs: number | undefined;
  readonly signal: AbortSignal;
  private readonly abort = new AbortController();
  workload: Workload | undefined;

  constructor(private readonly o: FleetOptions) {
    this.cps = new Array(o.count);
    this.phase = new Uint8Array(o.count);
    this.booted = new Uint8Array(o.count);
    this.offline = new Uint8Array(o.count);
    this.next = o.first;
    this.startedAt = o.now();
    this.signal = this.abort.signal;
  }

  /** The one event sink of every charge point of the fleet. */
  private readonly onEvent = (e: ChargePointEvent): void => {
    const m = this.o.metrics.c;
    if (e.type === "boot") {
      m.boots[e.result.status]++;
      const i = this.index.get(e.cp);
      if (e.result.status !== "Accepted" || i === undefined || this.booted[i - this.o.first]) return;
      this.booted[i - this.o.first] = 1;
      m.booted++;
      if (m.booted === this.o.bootTarget && this.bootedAllMs === undefined)
        this.bootedAllMs = this.o.now() - this.startedAt;
    } else if (e.type === "disconnected" || e.type === "reconnected") {
      const i = this.index.get(e.cp);
      if (i === undefined) return;
      const k = i - this.o.first;
      if (this.phase[k] !== Phase.Up) return;
      // A drop is counted, and the charge point model reconnects on its own with back-off (its
      // workload goes on offline, queueing transaction messages as a real charge point does).
      const down = e.type === "disconnected";
      if (this.offline[k] === (down ? 1 : 0)) return;
      this.offline[k] = down ? 1 : 0;
      if (down) m.disconnects++;
      else m.reconnects++;
      this.o.metrics.connectedDelta(down ? -1 : 1);
    }
  };

  start(): void {
    this.pump();
    // Ramps and stages move with time: look again a few times a second.
    this.pumpTimer = setInterval(() => this.pump(), 100);
  }

  get connectingNow(): number {
    return this.connecting;
  }

  private pump(): void {
    if (this.stopping) return;
    const want = this.o.pacing.target(this.o.now() - this.startedAt);
    const end = this.o.first + this.o.count;
    while (
      this.up + this.connecting < want &&
      this.connecting < this.o.maxConnecting &&
      (this.free.length > 0 || this.next < end)
    ) {
      const i = this.free.pop() ?? this.next++;
      this.track(this.join(i));
    }
    for (let i = end - 1; this.up > want && i >= this.o.first; i--)
      if (this.phase[i - this.o.first] === Phase.Up) this.track(this.leave(i, true));
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async join(i: number): Promise<void> {
    const k = i - this.o.first;
    const m = this.o.metrics;
    this.phase[k] = Phase.Connecting;
    this.connecting++;
    let cp = this.cps[k];
    if (!cp) {
      const id = this.o.id(i);
      cp = new ChargePoint({
        ...this.o.chargePoint,
        id,
        linkFactory: this.o.linkFactory,
        clock: this.o.clock,
        scheduler: this.o.scheduler,
        events: this.onEvent,
      });
      this.cps[k] = cp;
      this.index.set(id, i);
    }
    let connected = false;
    try {
      await cp.connect();
      connected = true;
      m.connectedDelta(1);
      this.phase[k] = Phase.Up;
      this.up++;
      if (this.stopping) return;
      // Pending and Rejected are retried at the interval the central system gives, until the end.
      if (this.o.boot) await cp.boot({ maxAttempts: Number.POSITIVE_INFINITY, signal: this.signal });
      if (!this.stopping && this.phase[k] === Phase.Up) this.workload?.begin(i, cp);
    } catch {
      // Counted where it happened: a failed connection here, a failed call by the link's observer.
      if (!connected) {
        m.c.connectionsFailed++;
        this.phase[k] = Phase.Gone;
      }
    } finally {
      this.connecting--;
      if (!this.stopping) this.pump();
    }
  }

  /** Ends the workload of charge point i (its transaction stopped once) and its timers. */
  private async finish(i: number): Promise<void> {
    const k = i - this.o.first;
    const cp = this.cps[k]!;
    this.phase[k] = Phase.Leaving;
    this.up--;
    try {
      await this.workload?.end(i, cp);
    } catch {
      // Counted by the observer; the connection closes anyway.
    }
    cp.shutdown();
  }

  private async close(i: number, reuse: boolean): Promise<void> {
    const k = i - this.o.first;
    if (!this.offline[k]) this.o.metrics.connectedDelta(-1);
    this.offline[k] = 0;
    await this.cps[k]!.disconnect().catch(() => {});
    this.phase[k] = Phase.Gone;
    if (reuse) this.free.push(i);
  }

  /** A charge point leaves while the run goes on (stages ramping down). */
  private async leave(i: number, reuse: boolean): Promise<void> {
    await this.finish(i);
    await this.close(i, reuse);
  }

  /** Stops joining; every charge point up ends its workload and disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.pumpTimer) clearInterval(this.pumpTimer);
    // Boots waiting for a retry stop waiting; connections in progress finish first.
    this.abort.abort();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    const ups: number[] = [];
    for (let k = 0; k < this.o.count; k++) if (this.phase[k] === Phase.Up) ups.push(this.o.first + k);
    await pool(ups, (i) => this.finish(i));
    for (const cp of this.cps) cp?.shutdown();
    // Answers still on their way are counted before the sockets close (a call cut off by our own
    // stop is no error of the central system's); a peer that never answers has until the timeout.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.o.metrics.drained(),
      new Promise((r) => {
        timer = setTimeout(r, this.o.callTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    await pool(ups, (i) => this.close(i, false));
  }
}

/** Runs task over items, 500 at a time. */
async function pool(items: number[], task: (i: number) => Promise<void>): Promise<void> {
  let n = 0;
  const worker = async () => {
    while (n < items.length) await task(items[n++]!);
  };
  await Promise.all(Array.from({ length: Math.min(500, items.length) }, worker));
}
