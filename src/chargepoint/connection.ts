import type { Dialer } from "../ocpp/dial.ts";
import type {
  ChargePointMapping,
  EvseAddress,
  HeldTransactions,
  TxAnswer,
  TxEvent,
} from "../ocpp/mapping.ts";
import type { Identity, RegistrationStatus } from "../ocpp/neutral.ts";
import type { ChargePointCommands } from "../ocpp/neutral-commands.ts";
import { SimClock } from "../util/clock.ts";
import { defaultScheduler, type Scheduler } from "../util/scheduler.ts";
import { ConfigKeys } from "./config-keys.ts";
import { Connector, WHOLE_CHARGE_POINT } from "./connector.ts";
import { ChargePointStateError } from "./errors.ts";
import type { EventSink } from "./events.ts";
import { type FlushResult, TransactionQueue } from "./offline-queue.ts";
import { type ChargePointOptions, DEFAULT_IDENTITY } from "./options.ts";
import { Reconnector } from "./reconnect.ts";

/**
 * The charge point's connection to its central system: opening it through the dialer (which
 * picks transport and OCPP version), losing it, reconnecting with back-off, and the offline queue
 * of transaction events that waits for it. What the charge point says over it is the version's
 * mapping; what it does once connected (boot, heartbeat, statuses) is ChargePointLifecycle's.
 * No socket or timer of its own: the mapping wraps the transport, timers live on the shared scheduler.
 */
export abstract class ChargePointConnection {
  /** Set by shutdown(): nothing may schedule more work until the next connect(). */
  protected stopped = false;
  readonly id: string;
  readonly identity: Identity;
  readonly config: ConfigKeys;
  readonly connectors: Connector[];
  registration: RegistrationStatus | "Unknown" = "Unknown";
  readonly clock: SimClock;
  // Made on first use: most charge points of a load run never need it.
  protected queue: TransactionQueue | undefined;
  /** The version's mapping over the open connection; undefined while offline. */
  protected link: ChargePointMapping | undefined;
  /**
   * The mapping of the last connection, kept while offline: a session fact happens whether or
   * not the link is up, and what the version makes of it (an event to queue) needs no connection.
   */
  protected lastLink: ChargePointMapping | undefined;
  /** What the version holds open outside the model's transactions; saved by --state-dir. */
  readonly held: HeldTransactions = { arrived: new Map(), ended: new Map() };
  /** Set by connect(), cleared by disconnect() and shutdown(): a drop while set is unexpected. */
  private wantOnline = false;
  private readonly autoReconnect: boolean;
  private readonly random: () => number;
  // Made at the first unexpected drop: most charge points never need one.
  private reconnector: Reconnector | undefined;
  /** Waiting for the automatic reconnection (untilReconnected): told true once back, false if ended. */
  private awaitingReconnection: ((back: boolean) => void)[] = [];
  protected readonly scheduler: Scheduler;
  protected readonly emit: EventSink;
  private readonly dial: Dialer | undefined;
  protected readonly persistence: ChargePointOptions["persistence"];

  constructor(opts: ChargePointOptions) {
    this.id = opts.id;
    this.identity = { ...DEFAULT_IDENTITY, chargePointSerialNumber: opts.id.slice(0, 25), ...opts.identity };
    const count = opts.connectors ?? 1;
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError(`a charge point needs at least one connector, got ${count}`);
    this.clock = opts.clock ?? new SimClock();
    this.scheduler = opts.scheduler ?? defaultScheduler;
    this.config = new ConfigKeys(count, opts.config);
    const now = this.clock.now();
    this.connectors = Array.from(
      { length: count },
      (_, i) => new Connector(i + 1, opts.meterStartWh ?? 0, now),
    );
    this.emit = opts.events ?? (() => {});
    this.dial = opts.dial;
    this.autoReconnect = opts.reconnect ?? true;
    this.random = opts.random ?? Math.random;
    this.persistence = opts.persistence;
  }

  /** Transaction events, queued while offline (OCPP 1.6 §3.7). */
  get transactionMessages(): TransactionQueue {
    this.queue ??= new TransactionQueue({
      link: () => this.link,
      config: this.config,
      clock: this.clock,
      scheduler: this.scheduler,
      problem: (message) => this.problem(message),
      reconnecting: () => this.reconnecting,
      answered: (msg, answer, late) => this.transactionAnswered(msg, answer, late),
      persistence: this.persistence,
    });
    return this.queue;
  }

  /**
   * Where to report what the charge point volunteers: the link, or offline the last one when its
   * version keeps such messages for the next connection (ChargePointMapping.queuesOffline).
   */
  protected get reportLink(): ChargePointMapping | undefined {
    return this.link ?? (this.lastLink?.queuesOffline?.() ? this.lastLink : undefined);
  }

  get connected(): boolean {
    return this.link !== undefined;
  }

  /** Between an unexpected drop and the reconnection that follows it (OCPP 2.0.1 Part 4 §5.3). */
  get reconnecting(): boolean {
    return this.reconnector?.pending ?? false;
  }

  /**
   * Opens the connection to the central system. Once registered, the transaction events queued
   * offline go out first, then the statuses that changed offline; resolves with what was delivered.
   * An automatic reconnection under way is joined; one waiting for its turn is brought forward.
   */
  async connect(): Promise<FlushResult> {
    const joined = this.reconnector?.inProgress;
    if (joined) {
      await joined;
      if (this.link) return (await this.queue?.flush()) ?? { delivered: [], events: [], pending: 0 };
    }
    if (this.link) throw new ChargePointStateError(`charge point ${this.id} is already connected`);
    this.stopped = false;
    this.reconnector?.cancel();
    await this.openLink();
    this.wantOnline = true;
    this.settleReconnection(true);
    return this.resume();
  }

  private async openLink(): Promise<void> {
    if (!this.dial)
      throw new ChargePointStateError(`charge point ${this.id} has no central system to connect to`);
    const link = await this.dial(this.id, this.commands, (code, reason) => this.lost(link, code, reason));
    this.attach(link);
  }

  /** The central system closed the link (or it broke) without us asking. */
  private lost(link: ChargePointMapping, code: number, reason: string): void {
    if (this.link !== link) return;
    this.detach();
    // SOAP has a registration for the central system's calls to give back; a socket is closed already.
    link.close().catch(() => {});
    this.emit({ type: "disconnected", cp: this.id, code, reason });
    if (this.wantOnline && this.autoReconnect && !this.stopped) this.reconnectLater();
    else this.queue?.releaseWaiters();
  }

  /**
   * Starts the back-off schedule as after a drop, e.g. when a fleet's first connect() failed
   * because the central system was down. The `reconnected` event says when it is back; a charge
   * point that never booted is not booted by it.
   */
  reconnectLater(error?: string): void {
    if (this.link) return;
    this.wantOnline = true;
    this.stopped = false;
    this.reconnector ??= new Reconnector({
      id: this.id,
      config: this.config,
      clock: this.clock,
      scheduler: this.scheduler,
      emit: this.emit,
      random: this.random,
      open: () => this.reopen(),
      resume: () => this.resumeAfterDrop(),
      connected: () => this.link !== undefined,
      attemptFailed: () => this.queue?.releaseWaiters(),
      back: () => this.settleReconnection(true),
      problem: (m) => this.problem(m),
    });
    this.reconnector.dropped(error);
  }

  /**
   * Waits for the automatic reconnection after `failure` (a connection that could not be opened,
   * or a call that lost it), starting it when none is under way: true once back, false when
   * disconnect() or shutdown() ends the attempts. Rejects with `failure` when the charge point
   * does not reconnect on its own.
   */
  protected untilReconnected(failure: Error): Promise<boolean> {
    if (this.link) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    if (!this.autoReconnect || !this.dial) return Promise.reject(failure);
    const back = new Promise<boolean>((resolve) => this.awaitingReconnection.push(resolve));
    if (!this.reconnecting) this.reconnectLater(failure.message);
    return back;
  }

  private settleReconnection(back: boolean): void {
    const waiting = this.awaitingReconnection;
    this.awaitingReconnection = [];
    for (const tell of waiting) tell(back);
  }

  private async reopen(): Promise<void> {
    await this.openLink();
    // A disconnect() or shutdown() while the attempt was under way wins.
    if (!this.wantOnline || this.stopped) {
      const link = this.link;
      this.detach();
      await link?.close();
      throw new ChargePointStateError(`charge point ${this.id} was disconnected meanwhile`);
    }
  }

  /** Closes the connection; running transactions stay open on the charge point's side. */
  async disconnect(): Promise<void> {
    this.wantOnline = false;
    this.reconnector?.cancel();
    this.settleReconnection(false);
    const link = this.link;
    this.detach();
    this.queue?.releaseWaiters();
    await link?.close();
  }

  attach(link: ChargePointMapping): void {
    this.link = link;
    this.lastLink = link;
  }

  /** Forgets the link (the connection is gone); ChargePointLifecycle stops its timers too. */
  detach(): void {
    this.link = undefined;
  }

  /** Stops reconnecting and the queue's retries, for the end of a run. */
  protected stopConnection(): void {
    this.stopped = true;
    this.wantOnline = false;
    this.reconnector?.cancel();
    this.settleReconnection(false);
    this.queue?.stop();
    this.queue?.releaseWaiters();
  }

  connector(id: number): Connector {
    const c = this.connectors[id - 1];
    if (!c)
      throw new ChargePointStateError(
        `connector ${id} does not exist (this charge point has ${this.connectors.length})`,
      );
    return c;
  }

  /** Where a connector is; 0 is the whole charge point, where a token may wait for its cable. */
  addressOf(connectorId: number): EvseAddress {
    return connectorId === 0 ? WHOLE_CHARGE_POINT : this.connector(connectorId).at;
  }

  /**
   * Queues the transaction event the mapping made of something that happened, if it made one
   * (the link's, or offline the last one's: the event waits in the queue); whether it did.
   */
  protected queueEvent(make: (mapping: ChargePointMapping) => TxEvent | undefined): boolean {
    const mapping = this.link ?? this.lastLink;
    const ev = mapping && make(mapping);
    if (ev) void this.transactionMessages.send(ev);
    return ev !== undefined;
  }

  protected problem(message: string): void {
    this.emit({ type: "problem", cp: this.id, message });
  }

  protected requireLink(): ChargePointMapping {
    if (!this.link && this.reconnecting)
      throw new ChargePointStateError(
        `charge point ${this.id} is not connected: it is reconnecting after the central system dropped the connection`,
      );
    if (!this.link)
      throw new ChargePointStateError(`charge point ${this.id} is not connected to a central system`);
    return this.link;
  }

  /** What answers the central system's calls; ChargePoint, which knows the connectors. */
  abstract get commands(): ChargePointCommands;

  /** Back online after connect(): timers, the queue and statuses (ChargePointLifecycle). */
  protected abstract resume(): Promise<FlushResult>;

  /** Back online after a drop (ChargePointLifecycle: no new boot unless one was never accepted). */
  protected abstract resumeAfterDrop(): Promise<void>;

  /** What the central system's answer to a transaction event means; ChargePoint fills it in. */
  protected transactionAnswered(_msg: TxEvent, _answer: TxAnswer, _late: boolean): void {}
}
