import type { BootReason, IdTokenType, ReservationEnd } from "../ocpp/mapping.ts";
import type {
  BootResult,
  ConnectorErrorCode,
  ConnectorStatus,
  DiagnosticsStatus,
  FirmwareStatus,
  IdTagInfo,
} from "../ocpp/neutral.ts";
import type { Availability, ConfigurationChangeResult } from "../ocpp/neutral-commands.ts";
import { outcomeOf } from "../ocpp/observe.ts";
import type { Scheduled } from "../util/scheduler.ts";
import { type AuthDecision, LocalAuthorization } from "./authorization.ts";
import { ChargePointConnection } from "./connection.ts";
import { ChargePointStateError } from "./errors.ts";
import type { FlushResult } from "./offline-queue.ts";
import { notifyStatus, reportUnreported } from "./offline-statuses.ts";
import type { ChargePointOptions } from "./options.ts";
import { Setting } from "./settings.ts";

interface BootOptions {
  maxAttempts?: number;
  signal?: AbortSignal;
  statuses?: boolean;
  /** Why it boots (default PowerUp); 2.0.1 says it, 1.6 and 1.5 do not. */
  reason?: BootReason;
}

/** Seconds before a boot goes again when the central system gave no interval, or no answer; 10 is common. */
const BOOT_RETRY_S = 10;

/**
 * The charge point once connected: boot, heartbeat, statuses, configuration and authorization.
 * ChargePoint adds what happens at the connectors; ChargePointConnection below is the connection
 * itself. (This was `ChargePointLifecycle`, a name 2.0.1 gives the whole "charging station".)
 */
export abstract class ChargePointLifecycle extends ChargePointConnection {
  /** Status of connector 0, the charge point as a whole. */
  status: ConnectorStatus = "Available";
  /** Availability of the charge point as a whole, and a change waiting for transactions to end. */
  availability: Availability = "Operative";
  scheduledAvailability: Availability | undefined;
  // Made on first use: most charge points of a load run never need it.
  private auth: LocalAuthorization | undefined;
  private heartbeatTimer: Scheduled | undefined;
  /** boot() calls under way: a reconnection leaves a boot that waits out its interval to go on. */
  private booting = 0;
  /** Why the last boot() booted: a boot never accepted goes on with it after a drop. */
  private bootReason: BootReason = "PowerUp";
  protected readonly defaultPowerW: number;
  protected readonly voltageV: number;
  protected readonly phases: 1 | 3;
  private readonly statusOnBoot: boolean;
  /** The boot of a reboot (bootAfterReboot) until it is accepted: a reconnection sends it. */
  private owedBoot: BootOptions | undefined;
  /** Ends a reboot's attempts to boot (bootAfterReboot): shutdown() and disconnect() abort it. */
  private rebootEnding: AbortController | undefined;
  /** Ends the wait before a reboot's unanswered BootNotification goes again early: the link dropped. */
  private bootRetry: AbortController | undefined;

  constructor(opts: ChargePointOptions) {
    super(opts);
    this.defaultPowerW = opts.defaultPowerW ?? 11_000;
    this.voltageV = opts.voltageV ?? 230;
    this.phases = opts.phases ?? 3;
    this.statusOnBoot = opts.statusOnBoot ?? true;
  }

  /** The local authorization list and the authorization cache (OCPP 1.6 §3.5). */
  get localAuth(): LocalAuthorization {
    this.auth ??= new LocalAuthorization(this.config, this.clock);
    return this.auth;
  }

  /** Back online: the timers that stopped with the link start again, then the queue and statuses. */
  protected async resume(): Promise<FlushResult> {
    // Not before a first boot: a restored charge point (--state-dir) has transactions, but may send
    // nothing of them until it is registered again (OCPP 1.6 §4.2); boot() starts them then.
    if (this.registration === "Accepted") {
      this.scheduleHeartbeat();
      this.resumeTimers();
    }
    if (this.registration !== "Accepted") {
      this.queue?.releaseWaiters();
      return { delivered: [], events: [], pending: this.queue?.size ?? 0 };
    }
    await this.link?.deliverHeld?.();
    const flushed = (await this.queue?.flush()) ?? { delivered: [], events: [], pending: 0 };
    await reportUnreported(this);
    return flushed;
  }

  /**
   * After a mere drop the charge point did not reboot, so no BootNotification (OCPP 1.6 §4.2),
   * unless one was sent and never accepted (Pending, Rejected).
   */
  protected async resumeAfterDrop(): Promise<void> {
    // A reboot's boot that could not be delivered: it comes first, as after any reboot.
    const owed = this.owedBoot;
    if (owed && this.booting === 0) {
      await this.boot(owed);
      this.owedBoot = undefined;
      return;
    }
    if (this.registration === "Pending" || this.registration === "Rejected") {
      // A boot under way (waiting out the interval) goes on over the new link by itself.
      if (this.booting === 0) await this.boot({ reason: this.bootReason });
      return;
    }
    await this.resume();
  }

  private async waitToBootAgain(err: Error, ending: AbortSignal): Promise<void> {
    this.problem(`${err.message}; BootNotification is sent again in ${BOOT_RETRY_S}s`);
    const retry = new AbortController();
    this.bootRetry = retry;
    const signal = AbortSignal.any([ending, retry.signal]);
    await this.scheduler.sleep(this.clock.toReal(BOOT_RETRY_S * 1000), signal).catch(() => {});
    if (this.bootRetry === retry) this.bootRetry = undefined;
  }

  /** Forgets the link (the connection is gone); timers stop until the next boot. */
  override detach(): void {
    this.bootRetry?.abort();
    super.detach();
    this.heartbeatTimer?.cancel();
    this.heartbeatTimer = undefined;
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

  /**
   * Connects and boots after a reboot (Reset, a firmware install). A central system that cannot be
   * reached then (the connection refused; over SOAP, where connecting sends nothing, the boot not
   * delivered) is tried again on the back-off of a drop, each reconnection booting before it counts
   * as back, as a charge point that restarted keeps trying. True once booted; false when
   * disconnect() or shutdown() ended the attempts first.
   */
  async bootAfterReboot(opts: BootOptions = {}): Promise<boolean> {
    const ending = new AbortController();
    this.rebootEnding = ending;
    // A charge point that restarted boots until accepted, however often it hears Pending (§4.2),
    // the reconnection's boot after a drop included.
    const untilAccepted = { ...opts, maxAttempts: Number.POSITIVE_INFINITY, signal: ending.signal };
    this.owedBoot = untilAccepted;
    const ended = () => this.stopped || ending.signal.aborted;
    try {
      for (;;) {
        try {
          if (!this.link) {
            await this.connect();
            // disconnect() or shutdown() while it connected: the connection it opened goes too.
            if (ended()) {
              await this.disconnect();
              return false;
            }
          }
          // Still owed unless the reconnection sent it; a connect() by hand during the back-off did not.
          if (this.owedBoot) await this.boot(untilAccepted);
          return true;
        } catch (err) {
          if (ended()) return false;
          if (this.link) {
            // Refused or failed over a link that is still up: the connection is not the problem.
            if (outcomeOf(err).outcome !== "timeout") throw err;
            // Unanswered: tried again, as after a Pending without interval.
            await this.waitToBootAgain(err as Error, ending.signal);
            if (ended()) return false;
            // A drop meanwhile leaves the boot to the reconnection.
            if (this.link) continue;
          }
          if (!(await this.untilReconnected(err as Error))) return false;
        }
      }
    } finally {
      // A reboot that began since (its own disconnect() ended this one) owns them now.
      if (this.rebootEnding === ending) {
        this.rebootEnding = undefined;
        this.owedBoot = undefined;
      }
    }
  }

  override async disconnect(): Promise<void> {
    this.rebootEnding?.abort();
    await super.disconnect();
  }

  private async bootUntilAccepted(opts: BootOptions): Promise<BootResult> {
    const maxAttempts = opts.maxAttempts ?? 5;
    this.bootReason = opts.reason ?? "PowerUp";
    for (let attempt = 1; ; attempt++) {
      const result = await this.requireLink().boot(this.identity, this.bootReason);
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
      // Interval 0 on Pending/Rejected leaves the retry time to the charge point.
      await this.scheduler.sleep(
        this.clock.toReal((result.intervalSec > 0 ? result.intervalSec : BOOT_RETRY_S) * 1000),
        opts.signal,
      );
    }
  }

  async heartbeat(): Promise<string> {
    const { currentTime } = await this.requireLink().heartbeat();
    return currentTime;
  }

  /** Reports the status of the whole charge point (0) and of every connector. */
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
    await notifyStatus(this, this.reportLink, connectorId, status, errorCode, info);
  }

  /** Tells the central system that a reservation ended by itself, if its version has a word for it. */
  async reservationEnded(reservationId: number, why: ReservationEnd): Promise<void> {
    await this.reportLink?.reservationEnded?.(reservationId, why);
  }

  async authorize(idTag: string, type?: IdTokenType): Promise<IdTagInfo> {
    return (await this.authorizeIdTag(idTag, type)).info;
  }

  /**
   * Authorize, or the local list and cache when LocalPreAuthorize or the offline rules allow.
   * `type` is the token's (2.0.1 sends it; 1.6 and 1.5 send the value alone); a card by default.
   */
  async authorizeIdTag(idTag: string, type: IdTokenType = "ISO14443"): Promise<AuthDecision> {
    const link = this.link;
    const decision = await this.localAuth.decide(
      idTag,
      link && ((tag) => link.authorize({ value: tag, type })),
    );
    this.emit({ type: "authorized", cp: this.id, idTag, info: decision.info, source: decision.source });
    return decision;
  }

  dataTransfer(vendorId: string, messageId?: string, data?: string) {
    return this.requireLink().dataTransfer(vendorId, messageId, data);
  }

  /** Reports the progress of a diagnostics (log) upload. */
  async logStatus(status: DiagnosticsStatus): Promise<void> {
    await (this.reportLink ?? this.requireLink()).logStatus(status);
  }

  async firmwareStatus(status: FirmwareStatus): Promise<void> {
    await (this.reportLink ?? this.requireLink()).firmwareStatus(status);
  }

  /** Sends any action of the connected OCPP version with a raw payload (checked against its schema). */
  send(action: string, payload: unknown): Promise<unknown> {
    return this.requireLink().send(action, payload);
  }

  /** Stops every timer (heartbeat, meter sampling); disconnect() then closes the connection. */
  shutdown(): void {
    // Timers only: the link stays for disconnect() to close, or its socket would outlive the run.
    // Work still in flight (a start waiting for its answer) must not arm new timers afterwards.
    this.stopped = true;
    this.heartbeatTimer?.cancel();
    this.heartbeatTimer = undefined;
    this.rebootEnding?.abort();
    this.stopConnection();
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
    if (key === Setting.heartbeatInterval && this.registration === "Accepted") this.scheduleHeartbeat();
    if (key === Setting.meterValueSampleInterval) this.resumeTimers();
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

  /** (Re)starts the timers of running transactions; ChargePoint fills it in. */
  protected resumeTimers(): void {}

  /** Stops the timers of running transactions; ChargePoint fills it in. */
  protected stopTimers(): void {}
}
