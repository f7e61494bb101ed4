import type { Dialer } from "../ocpp/dial.ts";
import type { OutgoingMessage, RawAnswer, TapDecision, Wire } from "../transport/wire.ts";
import { defaultScheduler, type Scheduler } from "../util/scheduler.ts";
import { skewTimestamps } from "./skew.ts";

/**
 * Faults drawn at random for every outgoing message, for load runs (`--fault drop:1%`). One
 * object can be shared by every charge point of a run.
 */
export interface FaultRates {
  /** Probability (0 to 1) that a message is cut off mid-frame and the connection dropped. */
  drop?: number;
  /** Probability that a message is held back, and for how many real milliseconds. */
  delay?: { p: number; ms: number };
  /** Probability that a message is written twice under the same id. */
  duplicate?: number;
}

interface Armed {
  /** The action it waits for; any when undefined. */
  action?: string;
  decision: TapDecision;
  /** Keeps applying until this real time (performance.now()), instead of once. */
  until?: number;
}

export interface InjectorOptions {
  scheduler?: Scheduler;
  /** For rates; swap it in tests for reproducible draws. */
  random?: () => number;
  rates?: FaultRates;
}

/**
 * The faults of one charge point. It drives whatever connection the charge point has (attach()
 * is called with each new one), and arms the transport's hooks only while a fault is pending, so
 * a charge point with nothing armed pays nothing per message.
 */
export class FaultInjector {
  private wire: Wire | undefined;
  private readonly armed: Armed[] = [];
  private skewMs = 0;
  private closing = false;
  private readonly scheduler: Scheduler;
  private readonly random: () => number;
  private rates: FaultRates | undefined;

  constructor(opts: InjectorOptions = {}) {
    this.scheduler = opts.scheduler ?? defaultScheduler;
    this.random = opts.random ?? Math.random;
    this.rates = opts.rates;
  }

  /** Wraps a link factory so that every connection it opens is driven by its charge point's injector. */
  static wrap(factory: Dialer, injectorOf: (identity: string) => FaultInjector | undefined): Dialer {
    return async (identity, commands, onClose) => {
      const link = await factory(identity, commands, onClose);
      injectorOf(identity)?.attach(link.wire);
      return link;
    };
  }

  /** The controls of the charge point's current connection (none while offline). */
  attach(wire: Wire | undefined): void {
    this.wire = wire;
    this.closing = false;
    this.rearm();
  }

  get binding(): Wire["binding"] | undefined {
    return this.wire?.binding;
  }

  setRates(rates: FaultRates | undefined): void {
    this.rates = rates;
    this.rearm();
  }

  /** The next outgoing message (of `action`, or any) is cut after `keep` of its bytes, and the connection dropped. */
  dropNext(action?: string, keep = 0.5): void {
    this.arm({ action, decision: { cut: keep } });
  }

  /** The next outgoing message (of `action`, or any) is held back `realMs`; with `forRealMs`, every one for that long. */
  delayNext(realMs: number, action?: string, forRealMs?: number): void {
    const until = forRealMs === undefined ? undefined : performance.now() + forRealMs;
    this.arm({ action, decision: { delayMs: realMs }, until });
  }

  /**
   * The next outgoing message (of `action`, or any) is written twice: the same frame with the same
   * id, or (newId) the same payload under a new id. Resolves with the answer to the second one.
   */
  repeatNext(action: string | undefined, newId: boolean): Promise<RawAnswer> {
    return new Promise((answered) => this.arm({ action, decision: { repeat: { newId, answered } } }));
  }

  /** Timestamps in the messages the charge point sends are off by `ms` (0 sets the clock right). */
  skewClock(ms: number): void {
    this.skewMs = ms;
    this.rearm();
  }

  get clockSkewMs(): number {
    return this.skewMs;
  }

  /** Sends text as it is, skipping every check; resolves with what the central system answered. */
  sendRaw(text: string, opts: { id?: string; action?: string; withinMs: number }): Promise<RawAnswer> {
    return this.requireWire().sendRaw(text, opts);
  }

  /** Stops reading what the central system sends for `realMs`: its writes back up. */
  async stopReading(realMs: number, signal?: AbortSignal): Promise<void> {
    const wire = this.requireWire();
    if (!wire.pauseReading)
      throw new Error(`stopping reading needs a connection that stays open; ${wire.binding} has none`);
    const resume = wire.pauseReading();
    try {
      await this.scheduler.sleep(realMs, signal);
    } finally {
      resume();
    }
  }

  /** True once after a connection this injector cut, so the close is not blamed on the central system. */
  takeCausedClose(): boolean {
    const was = this.closing;
    this.closing = false;
    return was;
  }

  private requireWire(): Wire {
    if (!this.wire) throw new Error("the charge point is not connected");
    return this.wire;
  }

  private arm(a: Armed): void {
    this.armed.push(a);
    this.rearm();
  }

  /** Sets the transport hooks to what is pending, and clears them when nothing is. */
  private rearm(): void {
    const wire = this.wire;
    if (!wire) return;
    const pending = this.armed.length > 0 || !!this.rates;
    if (pending && !wire.tap) wire.tap = (msg) => this.decide(msg);
    else if (!pending && wire.tap) wire.tap = undefined;
    const skew = this.skewMs;
    wire.rewrite = skew === 0 ? undefined : (_action, payload) => skewTimestamps(payload, skew);
  }

  private decide(msg: OutgoingMessage): TapDecision | undefined {
    const now = performance.now();
    let decision: TapDecision | undefined;
    for (let i = 0; i < this.armed.length; ) {
      const a = this.armed[i]!;
      if (a.until !== undefined && a.until <= now) {
        this.armed.splice(i, 1);
        continue;
      }
      if (a.action === undefined || a.action === msg.action) {
        if (a.until === undefined) this.armed.splice(i, 1);
        decision = a.decision;
        break;
      }
      i++;
    }
    decision ??= this.draw();
    if (this.armed.length === 0 && !this.rates && this.wire) this.wire.tap = undefined;
    // Over OCPP-J the cut closes the connection, and the charge point hears of it as a disconnect.
    if (decision?.cut !== undefined && this.wire?.binding === "json") this.closing = true;
    return decision;
  }

  private draw(): TapDecision | undefined {
    const r = this.rates;
    if (!r) return undefined;
    if (r.drop && this.random() < r.drop) return { cut: this.random() };
    if (r.delay && this.random() < r.delay.p) return { delayMs: r.delay.ms };
    if (r.duplicate && this.random() < r.duplicate) return { repeat: { newId: false } };
    return undefined;
  }
}
