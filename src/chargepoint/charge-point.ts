import type {
  BootResult,
  CentralSystemLink,
  ChargePointCommands,
  ConfigurationChangeResult,
  ConnectorErrorCode,
  ConnectorStatus,
  Identity,
  IdTagInfo,
  MeterReading,
  ReadingContext,
  RegistrationStatus,
  StopReason,
  TransactionId,
} from "../ocpp/neutral.ts";
import type { LinkFactory } from "../ocpp/open-link.ts";
import { SimClock } from "../util/clock.ts";
import { defaultScheduler, type Scheduled, type Scheduler } from "../util/scheduler.ts";
import { ConfigKeys } from "./config-keys.ts";
import { Connector } from "./connector.ts";
import type { EventSink } from "./events.ts";
import { sampleReading } from "./sampling.ts";

export interface ChargePointOptions {
  id: string;
  identity?: Partial<Identity>;
  connectors?: number;
  /** Configuration key values to start with (read-only keys included). */
  config?: Record<string, string>;
  meterStartWh?: number;
  /** Power drawn while charging when no other is given, in W. */
  defaultPowerW?: number;
  voltageV?: number;
  phases?: 1 | 3;
  /** Send a StatusNotification for every connector once the boot is accepted, as real charge points do. */
  statusOnBoot?: boolean;
  clock?: SimClock;
  scheduler?: Scheduler;
  events?: EventSink;
  /** How to reach the central system (transport and OCPP version are chosen there). */
  linkFactory?: LinkFactory;
}

/** A request that makes no sense in the charge point's current state (stop with no transaction…). */
export class ChargePointStateError extends Error {
  override name = "ChargePointStateError";
}

const DEFAULT_IDENTITY: Identity = { vendor: "cpsim", model: "Virtual AC 22", firmwareVersion: "cpsim-0.1" };

/**
 * A version-neutral charge point: connectors, transactions, meter, configuration and the
 * behaviour that ties them together. It speaks to the central system only through a
 * CentralSystemLink and owns no socket or timer of its own (timers live on the shared scheduler).
 */
export class ChargePoint implements ChargePointCommands {
  readonly id: string;
  readonly identity: Identity;
  readonly config: ConfigKeys;
  readonly connectors: Connector[];
  registration: RegistrationStatus | "Unknown" = "Unknown";
  /** Status of connector 0, the charge point as a whole. */
  status: ConnectorStatus = "Available";
  readonly clock: SimClock;
  private link: CentralSystemLink | undefined;
  private heartbeatTimer: Scheduled | undefined;
  private readonly scheduler: Scheduler;
  private readonly emit: EventSink;
  private readonly defaultPowerW: number;
  private readonly voltageV: number;
  private readonly phases: 1 | 3;
  private readonly statusOnBoot: boolean;
  private readonly linkFactory: LinkFactory | undefined;

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
  }

  get connected(): boolean {
    return this.link !== undefined;
  }

  /** Opens the connection to the central system. */
  async connect(): Promise<void> {
    if (this.link) throw new ChargePointStateError(`charge point ${this.id} is already connected`);
    if (!this.linkFactory)
      throw new ChargePointStateError(`charge point ${this.id} has no central system to connect to`);
    const link = await this.linkFactory(this.id, this, (code, reason) => {
      if (this.link !== link) return;
      this.detach();
      this.emit({ type: "disconnected", cp: this.id, code, reason });
    });
    this.attach(link);
    // Back online after a disconnect: the timers that stopped with the link start again.
    if (this.registration === "Accepted") this.scheduleHeartbeat();
    for (const c of this.connectors) if (c.transaction && c.status === "Charging") this.startSampling(c);
  }

  /** Closes the connection; running transactions stay open on the charge point's side. */
  async disconnect(): Promise<void> {
    const link = this.link;
    this.detach();
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
  async boot(opts: { maxAttempts?: number; signal?: AbortSignal } = {}): Promise<BootResult> {
    const maxAttempts = opts.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const result = await this.requireLink().bootNotification(this.identity);
      this.registration = result.status;
      this.emit({ type: "boot", cp: this.id, attempt, result });
      if (result.status === "Accepted") {
        if (result.intervalSec > 0) this.config.change("HeartbeatInterval", String(result.intervalSec));
        this.scheduleHeartbeat();
        if (this.statusOnBoot) await this.reportAllStatuses();
        return result;
      }
      if (attempt >= maxAttempts) {
        throw new ChargePointStateError(
          `the central system answered BootNotification with ${result.status} ${attempt} time${attempt > 1 ? "s" : ""}`,
        );
      }
      // Interval 0 on Pending/Rejected leaves the retry time to the charge point; 10 s is common.
      await this.sleep((result.intervalSec > 0 ? result.intervalSec : 10) * 1000, opts.signal);
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
    await this.requireLink().statusNotification({
      connectorId,
      status,
      errorCode,
      info,
      timestamp: this.clock.now(),
    });
  }

  async authorize(idTag: string): Promise<IdTagInfo> {
    const info = await this.requireLink().authorize(idTag);
    this.emit({ type: "authorized", cp: this.id, idTag, info });
    return info;
  }

  /** The EV's cable is plugged in: Preparing, unless a transaction or fault says otherwise. */
  async plugIn(connectorId: number): Promise<void> {
    const c = this.connector(connectorId);
    if (c.plugged) throw new ChargePointStateError(`connector ${connectorId} is already plugged in`);
    c.plugged = true;
    if (!c.transaction && (c.status === "Available" || c.status === "Reserved"))
      await this.setStatus(connectorId, "Preparing");
  }

  /** The cable is pulled: a running transaction stops (StopTransactionOnEVSideDisconnect), then Available. */
  async unplug(connectorId: number): Promise<void> {
    const c = this.connector(connectorId);
    if (!c.plugged) throw new ChargePointStateError(`connector ${connectorId} is not plugged in`);
    c.plugged = false;
    if (c.transaction && this.config.bool("StopTransactionOnEVSideDisconnect")) {
      await this.stopTransaction(connectorId, "EVDisconnected");
    } else if (c.transaction) {
      // The transaction stays open (OCPP 1.6 §3.7), but without a cable nothing flows.
      c.meter.setPower(0, this.clock.now());
      await this.setStatus(connectorId, "SuspendedEV");
      return;
    }
    // stopTransaction above already reports Available when the cable is out.
    const settled = c.status === "Faulted" || c.status === "Unavailable" || c.status === "Available";
    if (!c.transaction && !settled) await this.setStatus(connectorId, "Available");
  }

  async startTransaction(
    connectorId: number,
    idTag: string,
    opts: { powerW?: number; reservationId?: number } = {},
  ): Promise<{ transactionId: TransactionId; idTagInfo: IdTagInfo }> {
    const c = this.connector(connectorId);
    if (c.transaction) throw new ChargePointStateError(`connector ${connectorId} already has a transaction`);
    if (c.status === "Faulted" || c.status === "Unavailable") {
      throw new ChargePointStateError(
        `connector ${connectorId} is ${c.status} and cannot start a transaction`,
      );
    }
    if (!c.plugged) await this.plugIn(connectorId);
    const now = this.clock.now();
    const tx = { id: undefined, idTag, meterStartWh: Math.round(c.meter.energyWh(now)), startedAt: now };
    c.transaction = tx;
    let res: { transactionId: TransactionId; idTagInfo: IdTagInfo };
    try {
      res = await this.requireLink().startTransaction({
        connectorId,
        idTag,
        meterStartWh: tx.meterStartWh,
        timestamp: now,
        reservationId: opts.reservationId,
      });
    } catch (err) {
      c.transaction = undefined;
      throw err;
    }
    (tx as { id: TransactionId | undefined }).id = res.transactionId;
    this.emit({
      type: "transactionStarted",
      cp: this.id,
      connectorId,
      transactionId: res.transactionId,
      idTag,
    });
    if (res.idTagInfo.status !== "Accepted" && this.config.bool("StopTransactionOnInvalidId")) {
      await this.stopTransaction(connectorId, "DeAuthorized");
      return res;
    }
    c.meter.setPower(opts.powerW ?? this.defaultPowerW, this.clock.now());
    await this.setStatus(connectorId, "Charging");
    this.startSampling(c);
    return res;
  }

  /** The connector fails: Faulted with the error code; a running transaction stops drawing power. */
  async fault(
    connectorId: number,
    errorCode: ConnectorErrorCode = "OtherError",
    info?: string,
  ): Promise<void> {
    const c = this.connector(connectorId);
    if (c.status === "Faulted")
      throw new ChargePointStateError(`connector ${connectorId} is already Faulted`);
    if (errorCode === "NoError")
      throw new ChargePointStateError("a fault needs an error code other than NoError");
    c.powerBeforeFault = c.meter.power;
    c.meter.setPower(0, this.clock.now());
    c.sampler?.cancel();
    c.sampler = undefined;
    await this.setStatus(connectorId, "Faulted", errorCode, info);
  }

  /** The fault is gone: back to Charging (power restored), Preparing or Available as the connector stands. */
  async clearFault(connectorId: number): Promise<void> {
    const c = this.connector(connectorId);
    if (c.status !== "Faulted") throw new ChargePointStateError(`connector ${connectorId} is not Faulted`);
    if (c.transaction) {
      c.meter.setPower(c.powerBeforeFault ?? this.defaultPowerW, this.clock.now());
      await this.setStatus(connectorId, "Charging");
      this.startSampling(c);
    } else await this.setStatus(connectorId, c.plugged ? "Preparing" : "Available");
    c.powerBeforeFault = undefined;
  }

  dataTransfer(vendorId: string, messageId?: string, data?: string) {
    return this.requireLink().dataTransfer(vendorId, messageId, data);
  }

  /** Sends any action of the connected OCPP version with a raw payload (checked against its schema). */
  send(action: string, payload: unknown): Promise<unknown> {
    return this.requireLink().send(action, payload);
  }

  /** Changes the power the EV draws on a connector, in W. */
  setPower(connectorId: number, watts: number): void {
    this.connector(connectorId).meter.setPower(watts, this.clock.now());
  }

  async stopTransaction(connectorId: number, reason: StopReason = "Local", idTag?: string) {
    const c = this.connector(connectorId);
    const tx = c.transaction;
    if (!tx || tx.id === undefined)
      throw new ChargePointStateError(`connector ${connectorId} has no transaction to stop`);
    c.sampler?.cancel();
    c.sampler = undefined;
    const now = this.clock.now();
    c.meter.setPower(0, now);
    const meterStopWh = Math.round(c.meter.energyWh(now));
    const stopData = this.config.list("StopTxnSampledData");
    const transactionData: MeterReading[] | undefined =
      stopData.length > 0
        ? [
            {
              timestamp: tx.startedAt,
              values: [
                {
                  measurand: "Energy.Active.Import.Register",
                  value: tx.meterStartWh,
                  unit: "Wh",
                  context: "Transaction.Begin",
                },
              ],
            },
            this.reading(c, "Transaction.End", stopData),
          ]
        : undefined;
    const res = await this.requireLink().stopTransaction({
      transactionId: tx.id,
      idTag: idTag ?? tx.idTag,
      meterStopWh,
      timestamp: now,
      reason,
      transactionData,
    });
    c.transaction = undefined;
    this.emit({
      type: "transactionStopped",
      cp: this.id,
      connectorId,
      transactionId: tx.id,
      reason,
      energyWh: meterStopWh - tx.meterStartWh,
    });
    if (c.status !== "Faulted" && c.status !== "Unavailable")
      await this.setStatus(connectorId, c.plugged ? "Finishing" : "Available");
    return res;
  }

  /** Sends one MeterValues with the measurands of MeterValuesSampledData. */
  async sendMeterValues(
    connectorId: number,
    context: ReadingContext = "Sample.Periodic",
  ): Promise<MeterReading> {
    const c = this.connector(connectorId);
    const reading = this.reading(c, context, this.config.list("MeterValuesSampledData"));
    await this.requireLink().meterValues(connectorId, c.transaction?.id, [reading]);
    return reading;
  }

  /** Stops every timer (heartbeat, meter sampling); disconnect() then closes the connection. */
  shutdown(): void {
    // Timers only: the link stays for disconnect() to close, or its socket would outlive the run.
    this.heartbeatTimer?.cancel();
    this.heartbeatTimer = undefined;
    for (const c of this.connectors) {
      c.sampler?.cancel();
      c.sampler = undefined;
    }
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
    if (key === "MeterValueSampleInterval")
      for (const c of this.connectors) if (c.transaction) this.startSampling(c);
    return result;
  }

  private reading(c: Connector, context: ReadingContext, measurands: string[]): MeterReading {
    return sampleReading(c.meter, this.clock.now(), context, measurands, this.voltageV, this.phases);
  }

  private scheduleHeartbeat(): void {
    this.heartbeatTimer?.cancel();
    const seconds = this.config.int("HeartbeatInterval");
    if (seconds <= 0 || !this.link) return;
    this.heartbeatTimer = this.scheduler.after(this.clock.toReal(seconds * 1000), () => {
      this.heartbeat()
        .catch((err) => this.problem(`Heartbeat failed: ${(err as Error).message}`))
        .finally(() => {
          if (this.link) this.scheduleHeartbeat();
        });
    });
  }

  private startSampling(c: Connector): void {
    c.sampler?.cancel();
    const seconds = this.config.int("MeterValueSampleInterval");
    if (seconds <= 0) return;
    c.sampler = this.scheduler.after(this.clock.toReal(seconds * 1000), () => {
      if (!c.transaction || !this.link) return;
      this.startSampling(c);
      this.sendMeterValues(c.id).catch((err) =>
        this.problem(`MeterValues failed: ${(err as Error).message}`),
      );
    });
  }

  private sleep(simMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = this.scheduler.after(this.clock.toReal(simMs), resolve);
      signal?.addEventListener(
        "abort",
        () => {
          t.cancel();
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  private problem(message: string): void {
    this.emit({ type: "problem", cp: this.id, message });
  }

  private requireLink(): CentralSystemLink {
    if (!this.link)
      throw new ChargePointStateError(`charge point ${this.id} is not connected to a central system`);
    return this.link;
  }
}
