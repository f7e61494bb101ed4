import type {
  Availability,
  BootResult,
  CentralSystemLink,
  ChargePointCommands,
  ConfigurationChangeResult,
  ConnectorErrorCode,
  ConnectorStatus,
  DiagnosticsStatus,
  FirmwareStatus,
  Identity,
  IdTagInfo,
  RegistrationStatus,
} from "../ocpp/neutral.ts";
import type { LinkFactory } from "../ocpp/open-link.ts";
import { SimClock } from "../util/clock.ts";
import { defaultScheduler, type Scheduled, type Scheduler } from "../util/scheduler.ts";
import { type AuthDecision, LocalAuthorization } from "./authorization.ts";
import { ConfigKeys } from "./config-keys.ts";
import { Connector } from "./connector.ts";
import { ChargePointStateError } from "./errors.ts";
import type { EventSink } from "./events.ts";
import { type FlushResult, type TransactionMessage, TransactionQueue } from "./offline-queue.ts";
import { notifyStatus, reportUnreported } from "./offline-statuses.ts";
import { type ChargePointOptions, DEFAULT_IDENTITY } from "./options.ts";
import { Reconnector } from "./reconnect.ts";
import { Setting } from "./settings.ts";

interface BootOptions {
  maxAttempts?: number;
  signal?: AbortSignal;
  statuses?: boolean;
}

/**
 * The charge point as a station: identity, configuration, connection, boot, heartbeat and
 * statuses. ChargePoint adds what happens at the connectors. Neither owns a socket or a timer of
 * its own: the central system is reached through a CentralSystemLink, and timers live on the
 * shared scheduler.
 */
export abstract class Station {
  /** Set by shutdown(): nothing may schedule more work until the next connect(). */
  protected stopped = false;
  readonly id: string;
  readonly identity: Identity;
  readonly config: ConfigKeys;
  readonly connectors: Connector[];
  registration: RegistrationStatus | "Unknown" = "Unknown";
  /** Status of connector 0, the charge point as a whole. */
  status: ConnectorStatus = "Available";
  /** Availability of the charge point as a whole, and a change waiting for transactions to end. */
  availability: Availability = "Operative";
  scheduledAvailability: Availability | undefined;
  readonly clock: SimClock;
  // Both made on first use: most charge points of a load run never need them.
  private auth: LocalAuthorization | undefined;
  private queue: TransactionQueue | undefined;
  private link: CentralSystemLink | undefined;
  private heartbeatTimer: Scheduled | undefined;
  /** Set by connect(), cleared by disconnect() and shutdown(): a drop while set is unexpected. */
  private wantOnline = false;
  private readonly autoReconnect: boolean;
  private readonly random: () => number;
  // Made at the first unexpected drop: most charge points never need one.
  private reconnector: Reconnector | undefined;
  /** boot() calls under way: a reconnection leaves a boot that waits out its interval to go on. */
  private booting = 0;
  protected readonly scheduler: Scheduler;
  protected readonly emit: EventSink;
  protected readonly defaultPowerW: number;
  protected readonly voltageV: number;
  protected readonly phases: 1 | 3;
  private readonly statusOnBoot: boolean;
  private readonly linkFactory: LinkFactory | undefined;
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
    this.defaultPowerW = opts.defaultPowerW ?? 11_000;
    this.voltageV = opts.voltageV ?? 230;
    this.phases = opts.phases ?? 3;
    this.statusOnBoot = opts.statusOnBoot ?? true;
    this.linkFactory = opts.linkFactory;
    this.autoReconnect = opts.reconnect ?? true;
    this.random = opts.random ?? Math.random;
    this.persistence = opts.persistence;
  }

  /** The local authorization list and the authorization cache (OCPP 1.6 §3.5). */
  get localAuth(): LocalAuthorization {
    this.auth ??= new LocalAuthorization(this.config, this.clock);
    return this.auth;
  }

  /** Transaction-related messages, queued while offline (OCPP 1.6 §3.7). */
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

  get connected(): boolean {
    return this.link !== undefined;
  }

  /** Between an unexpected drop and the reconnection that follows it (OCPP 2.0.1 Part 4 §5.3). */
  get reconnecting(): boolean {
    return this.reconnector?.pending ?? false;
  }

  /**
   * Opens the connection to the central system. Once registered, the transaction messages queued
   * offline go out first, then the statuses that changed offline; resolves with what was delivered.
   * An automatic reconnection under way is joined; one waiting for its turn is brought forward.
   */
  async connect(): Promise<FlushResult> {
    const joined = this.reconnector?.inProgress;
    if (joined) {
      await joined;
      if (this.link) return (await this.queue?.flush()) ?? { delivered: [], pending: 0 };
    }
    if (this.link) throw new ChargePointStateError(`charge point ${this.id} is already connected`);
    this.stopped = false;
    this.reconnector?.cancel();
    await this.openLink();
    this.wantOnline = true;
    return this.resume();
  }

  private async openLink(): Promise<void> {
    if (!this.linkFactory)
      throw new ChargePointStateError(`charge point ${this.id} has no central system to connect to`);
    const link = await this.linkFactory(this.id, this.commands, (code, reason) =>
      this.lost(link, code, reason),
    );
    this.attach(link);
  }

  /** Back online: the timers that stopped with the link start again, then the queue and statuses. */
  private async resume(): Promise<FlushResult> {
    // Not before a first boot: a restored charge point (--state-dir) has transactions, but may send
    // nothing of them until it is registered again (OCPP 1.6 §4.2); boot() starts them then.
    if (this.registration === "Accepted") {
      this.scheduleHeartbeat();
      this.resumeTimers();
    }
    if (this.registration !== "Accepted") {
      this.queue?.releaseWaiters();
      return { delivered: [], pending: this.queue?.size ?? 0 };
    }
    const flushed = (await this.queue?.flush()) ?? { delivered: [], pending: 0 };
    await reportUnreported(this);
    return flushed;
  }

  /** The central system closed the link (or it broke) without us asking. */
  private lost(link: CentralSystemLink, code: number, reason: string): void {
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
  reconnectLater(): void {
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
      problem: (m) => this.problem(m),
    });
    this.reconnector.dropped();
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

  /**
   * After a mere drop the charge point did not reboot, so no BootNotification (OCPP 1.6 §4.2),
   * unless one was sent and never accepted (Pending, Rejected).
   */
  private async resumeAfterDrop(): Promise<void> {
    if (this.registration === "Pending" || this.registration === "Rejected") {
      // A boot under way (waiting out the interval) goes on over the new link by itself.
      if (this.booting === 0) await this.boot();
      return;
    }
    await this.resume();
  }

  /** Closes the connection; running transactions stay open on the charge point's side. */
  async disconnect(): Promise<void> {
    this.wantOnline = false;
    this.reconnector?.cancel();
    const link = this.link;
    this.detach();
    this.queue?.releaseWaiters();
    await link?.close();
  }

  attach(link: CentralSystemLink): void {
    this.link = link;
  }

  /** Forgets the link (the connection is gone); timers stop until the next boot. */
  detach(): void {
    this.link = undefined;
    this.heartbeatTimer?.cancel();
    this.heartbeatTimer = undefined;
  }

  connector(id: number): Connector {
    const c = this.connectors[id - 1];
    if (!c)
      throw new ChargePointStateError(
        `connector ${id} does not exist (this charge point has ${this.connectors.length})`,
      );
    return c;
  }

  /**
   * BootNotification, retried while the central system answers Pending or Rejected, waiting the
   * interval it gave (OCPP 1.6 §4.2). Resolves with the accepting answer.
   */
  async boot(opts: BootOptions = {}): Promise<BootResult> {
    this.booting++;
    try {
      return await this.bootUntilAccepted(opts);
    } finally {
      this.booting--;
    }
  }

  private async bootUntilAccepted(opts: BootOptions): Promise<BootResult> {
    const maxAttempts = opts.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const result = await this.requireLink().bootNotification(this.identity);
      this.registration = result.status;
      this.emit({ type: "boot", cp: this.id, attempt, result });
      if (result.status === "Accepted") {
        if (result.intervalSec > 0) this.config.change(Setting.heartbeatInterval, String(result.intervalSec));
        this.scheduleHeartbeat();
        this.resumeTimers();
        await this.queue?.flush();
        if (this.statusOnBoot && opts.statuses !== false) await this.reportAllStatuses();
        return result;
      }
      if (attempt >= maxAttempts) {
        throw new ChargePointStateError(
          `the central system answered BootNotification with ${result.status} ${attempt} time${attempt > 1 ? "s" : ""}`,
        );
      }
      // Interval 0 on Pending/Rejected leaves the retry time to the charge point; 10 s is common.
      await this.scheduler.sleep(
        this.clock.toReal((result.intervalSec > 0 ? result.intervalSec : 10) * 1000),
        opts.signal,
      );
    }
  }

  async heartbeat(): Promise<string> {
    const { currentTime } = await this.requireLink().heartbeat();
    return currentTime;
  }

  /** Sends StatusNotification for connector 0 and every connector. */
  async reportAllStatuses(): Promise<void> {
    await this.setStatus(0, this.status);
    for (const c of this.connectors) await this.setStatus(c.id, c.status, c.errorCode);
  }

  /** Changes a connector's status (0 = the whole charge point) and tells the central system. */
  async setStatus(
    connectorId: number,
    status: ConnectorStatus,
    errorCode: ConnectorErrorCode = "NoError",
    info?: string,
  ) {
    const from = connectorId === 0 ? this.status : this.connector(connectorId).status;
    if (connectorId === 0) this.status = status;
    else {
      const c = this.connector(connectorId);
      c.status = status;
      c.errorCode = errorCode;
    }
    if (from !== status) this.emit({ type: "status", cp: this.id, connectorId, from, to: status });
    await notifyStatus(this, this.link, {
      connectorId,
      status,
      errorCode,
      info,
      timestamp: this.clock.now(),
    });
  }

  async authorize(idTag: string): Promise<IdTagInfo> {
    return (await this.authorizeIdTag(idTag)).info;
  }

  /** Authorize.req, or the local list and cache when LocalPreAuthorize or the offline rules allow. */
  async authorizeIdTag(idTag: string): Promise<AuthDecision> {
    const link = this.link;
    const decision = await this.localAuth.decide(idTag, link && ((tag) => link.authorize(tag)));
    this.emit({ type: "authorized", cp: this.id, idTag, info: decision.info, source: decision.source });
    return decision;
  }

  dataTransfer(vendorId: string, messageId?: string, data?: string) {
    return this.requireLink().dataTransfer(vendorId, messageId, data);
  }

  async diagnosticsStatusNotification(status: DiagnosticsStatus): Promise<void> {
    await this.requireLink().diagnosticsStatusNotification(status);
  }

  async firmwareStatusNotification(status: FirmwareStatus): Promise<void> {
    await this.requireLink().firmwareStatusNotification(status);
  }

  /** Sends any action of the connected OCPP version with a raw payload (checked against its schema). */
  send(action: string, payload: unknown): Promise<unknown> {
    return this.requireLink().send(action, payload);
  }

  /** Stops every timer (heartbeat, meter sampling); disconnect() then closes the connection. */
  shutdown(): void {
    // Work still in flight (a start waiting for its answer) must not arm new timers afterwards.
    this.stopped = true;
    // Timers only: the link stays for disconnect() to close, or its socket would outlive the run.
    this.heartbeatTimer?.cancel();
    this.heartbeatTimer = undefined;
    this.wantOnline = false;
    this.reconnector?.cancel();
    this.queue?.stop();
    this.queue?.releaseWaiters();
    this.stopTimers();
  }

  getConfiguration(keys: string[] | undefined) {
    return this.config.entries(keys);
  }

  changeConfiguration(key: string, value: string): ConfigurationChangeResult {
    const result = this.config.change(key, value);
    if (result !== "Accepted") return result;
    this.emit({ type: "configChanged", cp: this.id, key, value });
    // Changes take effect at once, as the spec expects of these keys.
    if (key === "HeartbeatInterval" && this.registration === "Accepted") this.scheduleHeartbeat();
    if (key === "MeterValueSampleInterval") this.resumeTimers();
    return result;
  }

  private scheduleHeartbeat(): void {
    this.heartbeatTimer?.cancel();
    const seconds = this.config.int(Setting.heartbeatInterval);
    if (seconds <= 0 || !this.link) return;
    this.heartbeatTimer = this.scheduler.after(this.clock.toReal(seconds * 1000), () => {
      this.heartbeat()
        // Once the link is gone (we disconnected, or the peer did and said so) a failed
        // heartbeat is a consequence, not a problem of its own.
        .catch((err) => this.connected && this.problem(`Heartbeat failed: ${(err as Error).message}`))
        .finally(() => {
          if (this.link) this.scheduleHeartbeat();
        });
    });
  }

  protected problem(message: string): void {
    this.emit({ type: "problem", cp: this.id, message });
  }

  protected requireLink(): CentralSystemLink {
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

  /** What the central system's answer to a transaction message means; ChargePoint fills it in. */
  protected transactionAnswered(_msg: TransactionMessage, _answer: unknown, _late: boolean): void {}

  /** (Re)starts the timers of running transactions; ChargePoint fills it in. */
  protected resumeTimers(): void {}

  /** Stops the timers of running transactions; ChargePoint fills it in. */
  protected stopTimers(): void {}
}
