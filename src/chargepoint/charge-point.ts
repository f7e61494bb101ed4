import type {
  Availability,
  ChargePointCommands,
  ConnectorErrorCode,
  LocalListUpdate,
  MeterReading,
  ReadingContext,
  ResetKind,
  StopReason,
  TransactionId,
  UnlockResult,
} from "../ocpp/neutral.ts";
import type { Scheduled } from "../util/scheduler.ts";
import {
  applyScheduled,
  applyScheduledStation,
  changeAvailability,
  idleStatus,
  isInoperative,
} from "./availability.ts";
import type { Connector, Transaction } from "./connector.ts";
import type { StartAnswer, TransactionMessage } from "./offline-queue.ts";
import {
  type Decision,
  remoteStart,
  remoteStop,
  reset,
  trigger,
  unlockConnector,
} from "./remote-commands.ts";
import { sampleReading } from "./sampling.ts";
import { ChargePointStateError, Station } from "./station.ts";
import { QUEUED, transactionAnswered } from "./transaction-answers.ts";

export { type ChargePointOptions, ChargePointStateError } from "./station.ts";

/**
 * A version-neutral charge point: the station plus what happens at its connectors, from plugging
 * in through transactions and faults to the meter values they produce.
 */
export class ChargePoint extends Station implements ChargePointCommands {
  /** Messages that carry out an accepted command, waiting for its answer to go out. */
  private readonly followUps = new Set<Scheduled>();

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
  ): Promise<StartAnswer | typeof QUEUED> {
    const c = this.connector(connectorId);
    if (c.transaction) throw new ChargePointStateError(`connector ${connectorId} already has a transaction`);
    if (c.status === "Faulted" || c.status === "Unavailable") {
      throw new ChargePointStateError(
        `connector ${connectorId} is ${c.status} and cannot start a transaction`,
      );
    }
    if (!c.plugged) await this.plugIn(connectorId);
    const now = this.clock.now();
    const tx: Transaction = {
      id: undefined,
      idTag,
      meterStartWh: Math.round(c.meter.energyWh(now)),
      startedAt: now,
    };
    c.transaction = tx;
    // Offline (or when the answer is a CALLERROR) the transaction goes on; StartTransaction waits in the queue.
    const req = {
      connectorId,
      idTag,
      meterStartWh: tx.meterStartWh,
      timestamp: now,
      reservationId: opts.reservationId,
    };
    const res = (await this.transactionMessages.send({ action: "StartTransaction", tx, req })) ?? QUEUED;
    if (c.transaction !== tx) return res;
    if (
      res.idTagInfo &&
      res.idTagInfo.status !== "Accepted" &&
      this.config.bool("StopTransactionOnInvalidId")
    ) {
      await this.stopTransaction(connectorId, "DeAuthorized");
      return res;
    }
    // Energy flows from the transaction's own timestamp, not from when the answer came back, so
    // meterStop - meterStart is exactly power × (stop time - start time) at any time scale.
    c.meter.setPower(opts.powerW ?? this.defaultPowerW, now);
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
    } else await this.setStatus(connectorId, idleStatus(this, c));
    c.powerBeforeFault = undefined;
  }

  /** Changes the power the EV draws on a connector, in W. */
  setPower(connectorId: number, watts: number): void {
    this.connector(connectorId).meter.setPower(watts, this.clock.now());
  }

  async stopTransaction(connectorId: number, reason: StopReason = "Local", idTag?: string) {
    const c = this.connector(connectorId);
    const tx = c.transaction;
    if (!tx) throw new ChargePointStateError(`connector ${connectorId} has no transaction to stop`);
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
    const req = { idTag: idTag ?? tx.idTag, meterStopWh, timestamp: now, reason, transactionData };
    const res = (await this.transactionMessages.send({ action: "StopTransaction", tx, req })) ?? QUEUED;
    c.transaction = undefined;
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
    return res;
  }

  /** Sends one MeterValues with the measurands of MeterValuesSampledData. */
  async sendMeterValues(
    connectorId: number,
    context: ReadingContext = "Sample.Periodic",
  ): Promise<MeterReading> {
    const c = this.connector(connectorId);
    const reading = this.reading(c, context, this.config.list("MeterValuesSampledData"));
    const tx = c.transaction;
    if (tx)
      await this.transactionMessages.send({ action: "MeterValues", tx, connectorId, readings: [reading] });
    else await this.requireLink().meterValues(connectorId, undefined, [reading]);
    return reading;
  }

  private reading(c: Connector, context: ReadingContext, measurands: string[]): MeterReading {
    return sampleReading(c.meter, this.clock.now(), context, measurands, this.voltageV, this.phases);
  }

  private startSampling(c: Connector): void {
    c.sampler?.cancel();
    const seconds = this.config.int("MeterValueSampleInterval");
    if (seconds <= 0) return;
    c.sampler = this.scheduler.after(this.clock.toReal(seconds * 1000), () => {
      // Offline too: the readings of a transaction wait in the queue.
      if (!c.transaction) return;
      this.startSampling(c);
      this.sendMeterValues(c.id).catch(
        (err) => this.connected && this.problem(`MeterValues failed: ${(err as Error).message}`),
      );
    });
  }

  remoteStart(idTag: string, connectorId?: number): "Accepted" | "Rejected" {
    return this.decide("remoteStart", remoteStart(this, idTag, connectorId));
  }

  remoteStop(transactionId: TransactionId): "Accepted" | "Rejected" {
    return this.decide("remoteStop", remoteStop(this, transactionId));
  }

  reset(kind: ResetKind): "Accepted" | "Rejected" {
    const answer = this.decide(`reset ${kind}`, reset(this, kind));
    if (answer === "Accepted") this.emit({ type: "reset", cp: this.id, kind });
    return answer;
  }

  changeAvailability(connectorId: number, availability: Availability) {
    return this.decide(
      `changeAvailability ${availability}`,
      changeAvailability(this, connectorId, availability),
    );
  }

  async unlockConnector(connectorId: number): Promise<UnlockResult> {
    const answer = await unlockConnector(this, connectorId).catch((err: Error) => {
      this.problem(`unlockConnector failed: ${err.message}`);
      return "UnlockFailed" as const;
    });
    this.emit({ type: "command", cp: this.id, command: "unlockConnector", answer });
    return answer;
  }

  trigger(message: string, connectorId?: number) {
    return this.decide(`trigger ${message}`, trigger(this, message, connectorId));
  }

  clearCache() {
    return this.decide("clearCache", { answer: this.localAuth.clearCache() });
  }

  getLocalListVersion(): number {
    return this.localAuth.listVersion();
  }

  sendLocalList(update: LocalListUpdate) {
    return this.decide(`sendLocalList ${update.updateType}`, {
      answer: this.localAuth.sendLocalList(update),
    });
  }

  protected override transactionAnswered(msg: TransactionMessage, answer: unknown, late: boolean): void {
    transactionAnswered(this, this.emit, msg, answer, late);
  }

  protected commands(): ChargePointCommands {
    return this;
  }

  /** Returns a command's answer and sends what follows from it once the answer is out. */
  private decide<A extends string>(command: string, decision: Decision<A>): A {
    this.emit({ type: "command", cp: this.id, command, answer: decision.answer });
    const work = decision.followUp;
    if (work) {
      // The transport sends the answer in the microtasks that follow the handler's return;
      // a timer runs only after all of them, so the follow-up never overtakes the answer.
      const t = this.scheduler.after(0, () => {
        this.followUps.delete(t);
        work().catch((err: Error) => this.problem(`${command} failed: ${err.message}`));
      });
      this.followUps.add(t);
    }
    return decision.answer;
  }

  protected override resumeTimers(): void {
    for (const c of this.connectors) if (c.transaction && c.status === "Charging") this.startSampling(c);
  }

  protected override stopTimers(): void {
    for (const t of this.followUps) t.cancel();
    this.followUps.clear();
    for (const c of this.connectors) {
      c.sampler?.cancel();
      c.sampler = undefined;
    }
  }
}
