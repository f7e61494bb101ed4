import { randomUUID } from "node:crypto";
import type { IdTokenType, TxAnswer, TxEvent } from "../ocpp/mapping.ts";
import type { ConnectorErrorCode, ConnectorStatus, StopReason } from "../ocpp/neutral.ts";
import type { ChargingProfile } from "../ocpp/neutral-smart-charging.ts";
import { applyScheduled, applyScheduledStation, idleStatus, isInoperative } from "./availability.ts";
import { CommandAnswers } from "./command-answers.ts";
import type { Transaction } from "./connector.ts";
import type { FeatureContext } from "./context.ts";
import { Diagnostics } from "./diagnostics.ts";
import { ChargePointStateError } from "./errors.ts";
import { FirmwareUpdate } from "./firmware.ts";
import type { ChargePointOptions } from "./options.ts";
import { Reservations } from "./reservations.ts";
import { forgetScheduledResets, transactionStopped } from "./reset.ts";
import { transactionReadings } from "./sampling.ts";
import { ChargePointSessions } from "./sessions.ts";
import { Setting } from "./settings.ts";
import { QUEUED, type StartAnswer, transactionAnswered } from "./transaction-answers.ts";

export { ChargePointStateError } from "./errors.ts";
export type { ChargePointOptions } from "./options.ts";

/**
 * A version-neutral charge point: the station plus what happens at its connectors, from plugging
 * in through transactions and faults to the meter values they produce.
 */
export class ChargePoint extends ChargePointSessions {
  private answers: CommandAnswers | undefined;
  /** What reservations, firmware, diagnostics and the commands need of the charge point. */
  private readonly features: FeatureContext;

  readonly reservations: Reservations;
  readonly firmware: FirmwareUpdate;
  readonly diagnostics: Diagnostics;

  constructor(opts: ChargePointOptions) {
    super(opts);
    const ctx = { cp: this, scheduler: this.scheduler, problem: (m: string) => this.problem(m) };
    this.features = ctx;
    this.reservations = new Reservations(ctx);
    this.firmware = new FirmwareUpdate(ctx, opts.firmware);
    this.diagnostics = new Diagnostics(ctx, opts.diagnostics);
  }

  /** What the charge point answers when the central system calls it; made when first needed. */
  get commands(): CommandAnswers {
    this.answers ??= new CommandAnswers(this.features, this.emit);
    return this.answers;
  }

  /** The EV's cable is plugged in: Preparing, unless a transaction or fault says otherwise. */
  async plugIn(connectorId: number): Promise<void> {
    const c = this.connector(connectorId);
    if (c.plugged) throw new ChargePointStateError(`connector ${connectorId} is already plugged in`);
    c.plugged = true;
    this.sessionFact("EVConnected", c);
    // A reserved connector stays Reserved until its idTag is presented (OCPP 1.6 §4.9).
    const reserved = c.status === "Reserved" && this.reservations.on(connectorId);
    if (!c.transaction && (c.status === "Available" || c.status === "Reserved") && !reserved)
      await this.setStatus(connectorId, "Preparing");
  }

  /** The cable is pulled: a running transaction stops (StopTransactionOnEVSideDisconnect), then Available. */
  async unplug(connectorId: number): Promise<void> {
    const c = this.connector(connectorId);
    if (!c.plugged) throw new ChargePointStateError(`connector ${connectorId} is not plugged in`);
    c.plugged = false;
    this.sessionFact("EVDisconnected", c);
    if (c.transaction && this.config.bool(Setting.stopTransactionOnEVSideDisconnect)) {
      await this.stopTransaction(connectorId, "EVDisconnected");
    } else if (c.transaction) {
      // The transaction stays open (OCPP 1.6 §3.7), but without a cable nothing flows.
      this.charging.draw(c, 0, this.clock.now());
      await this.setStatus(connectorId, "SuspendedEV");
      return;
    }
    // stopTransaction above already reports Available when the cable is out.
    const settled = ["Faulted", "Unavailable", "Available", "Reserved"].includes(c.status);
    if (!c.transaction && !settled) await this.setStatus(connectorId, "Available");
  }

  async startTransaction(
    connectorId: number,
    idTag: string,
    opts: {
      powerW?: number;
      reservationId?: number;
      chargingProfile?: ChargingProfile;
      parentIdTag?: string | null;
      /** The token's type, for a version that sends it (2.0.1); a card (ISO14443) when absent. */
      tokenType?: IdTokenType;
    } = {},
  ): Promise<StartAnswer | typeof QUEUED> {
    const c = this.connector(connectorId);
    if (c.transaction) throw new ChargePointStateError(`connector ${connectorId} already has a transaction`);
    if (c.status === "Faulted" || c.status === "Unavailable") {
      throw new ChargePointStateError(
        `connector ${connectorId} is ${c.status} and cannot start a transaction`,
      );
    }
    const reservationId = (await this.reservations.admit(c, idTag, opts.parentIdTag)) ?? opts.reservationId;
    if (!c.plugged) await this.plugIn(connectorId);
    const now = this.clock.now();
    const tx: Transaction = {
      localId: randomUUID(),
      id: undefined,
      idTag,
      ...(opts.tokenType !== undefined && opts.tokenType !== "ISO14443" && { tokenType: opts.tokenType }),
      meterStartWh: Math.round(c.meter.energyWh(now)),
      startedAt: now,
    };
    c.transaction = tx;
    // Offline (or when the answer is a CALLERROR) the transaction goes on; its start waits in the queue.
    const answer = await this.transactionMessages.send({
      kind: "started",
      tx,
      at: c.at,
      trigger: "Authorized",
      timestamp: now,
      reservationId,
    });
    // What the model knows, in neutral terms, and the version's own answer beside it.
    const res: StartAnswer | typeof QUEUED = answer
      ? { transactionId: tx.id!, idTagInfo: answer.tokenInfo, payload: answer.payload }
      : QUEUED;
    if (c.transaction !== tx) return res;
    if (res.idTagInfo && res.idTagInfo.status !== "Accepted") {
      if (this.config.bool(Setting.stopTransactionOnInvalidId)) {
        await this.stopTransaction(connectorId, "DeAuthorized");
        return res;
      }
      this.tokenRefused(c);
    }
    // Energy flows from the transaction's own timestamp, not from when the answer came back, so
    // meterStop - meterStart is exactly power × (stop time - start time) at any time scale.
    if (opts.chargingProfile)
      this.charging.startTransaction(connectorId, opts.chargingProfile, res.transactionId, now);
    // A token refused with no allowance (MaxEnergyOnInvalidId 0) gets no energy at all: the
    // central system must not see Charging first and SuspendedEVSE a moment later.
    if (this.offerEnergy(c, opts.powerW ?? this.defaultPowerW, now)) {
      this.sessionFact("EnergyTransfer", c);
      await this.setStatus(connectorId, "Charging");
    } else await this.energyLimitReached(c, this.clock.now());
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
    c.powerBeforeFault = c.demandW;
    this.charging.draw(c, 0, this.clock.now());
    if (c.transaction) this.sessionFact("EnergyStopped", c);
    c.sampler?.cancel();
    c.sampler = undefined;
    await this.setStatus(connectorId, "Faulted", errorCode, info);
  }

  /** The fault is gone: back to Charging (power restored), Preparing or Available as the connector stands. */
  async clearFault(connectorId: number): Promise<void> {
    const c = this.connector(connectorId);
    if (c.status !== "Faulted") throw new ChargePointStateError(`connector ${connectorId} is not Faulted`);
    if (c.transaction) {
      const flows = this.offerEnergy(c, c.powerBeforeFault ?? this.defaultPowerW);
      if (flows) this.sessionFact("EnergyTransfer", c);
      await this.setStatus(connectorId, flows ? "Charging" : "SuspendedEVSE");
      this.startSampling(c);
    } else await this.setStatus(connectorId, idleStatus(this, c));
    c.powerBeforeFault = undefined;
  }

  override async setStatus(
    connectorId: number,
    status: ConnectorStatus,
    errorCode: ConnectorErrorCode = "NoError",
    info?: string,
  ): Promise<void> {
    await super.setStatus(connectorId, status, errorCode, info);
    if (status === "Faulted" || status === "Unavailable") this.reservations.connectorDown(connectorId);
  }

  async stopTransaction(connectorId: number, reason: StopReason = "Local", idTag?: string) {
    const c = this.connector(connectorId);
    const tx = c.transaction;
    if (!tx) throw new ChargePointStateError(`connector ${connectorId} has no transaction to stop`);
    c.sampler?.cancel();
    c.sampler = undefined;
    const now = this.clock.now();
    this.charging.draw(c, 0, now);
    this.sessionFact("EnergyStopped", c);
    const meterStopWh = Math.round(c.meter.energyWh(now));
    const stopData = this.config.list(Setting.stopTxnSampledData);
    const transactionData =
      stopData.length > 0 ? transactionReadings(tx, this.reading(c, "Transaction.End", stopData)) : undefined;
    const answer = await this.transactionMessages.send({
      kind: "ended",
      tx,
      at: c.at,
      timestamp: now,
      reason,
      meterStopWh,
      idTag: idTag ?? tx.idTag,
      readings: transactionData,
    });
    const res = answer ? { idTagInfo: answer.tokenInfo, payload: answer.payload } : QUEUED;
    c.transaction = undefined;
    this.limits?.endTransaction(connectorId, now);
    this.emit({
      type: "transactionStopped",
      cp: this.id,
      connectorId,
      transactionId: tx.id,
      reason,
      energyWh: meterStopWh - tx.meterStartWh,
    });
    // A ChangeAvailability answered Scheduled takes effect now (OCPP 1.6 §5.2).
    applyScheduled(this, connectorId);
    const next = isInoperative(this, c) ? "Unavailable" : c.plugged ? "Finishing" : "Available";
    if (c.status !== "Faulted" && c.status !== "Unavailable") await this.setStatus(connectorId, next);
    await applyScheduledStation(this);
    this.firmware.transactionStopped();
    // A reset waiting for this transaction (2.0.1 OnIdle) runs on its own, not inside this stop.
    void transactionStopped(this, connectorId).catch((err: Error) =>
      this.problem(`reset failed: ${err.message}`),
    );
    return res;
  }

  protected override transactionAnswered(msg: TxEvent, answer: TxAnswer, late: boolean): void {
    transactionAnswered(this, this.emit, msg, answer, late);
  }

  protected override stopTimers(): void {
    forgetScheduledResets(this);
    super.stopTimers();
    this.answers?.stop();
    this.reservations.stop();
    this.firmware.stop();
    this.diagnostics.stop();
  }
}
