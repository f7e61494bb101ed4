import type { MeterReading, ReadingContext } from "../ocpp/neutral.ts";
import type { Scheduled } from "../util/scheduler.ts";
import type { Connector } from "./connector.ts";
import { allowanceSpent, EnergyAllowances } from "./energy-allowance.ts";
import { ChargePointLifecycle } from "./lifecycle.ts";
import { sampleReading } from "./sampling.ts";
import { Setting } from "./settings.ts";
import { ChargingLimits, RATED_CURRENT_A } from "./smart-charging/limits.ts";

/**
 * The power side of a charge point: the limits its charging profiles set on what each EV draws,
 * and the meter readings that follow.
 */
export abstract class ChargePointMetering extends ChargePointLifecycle {
  protected limits: ChargingLimits | undefined;
  /** Transactions drawing on an invalid token's allowance; made when a token is first refused so. */
  private allowances: EnergyAllowances | undefined;

  /** Charging profiles, and the power they leave each connector's EV; made when first needed. */
  get charging(): ChargingLimits {
    this.limits ??= new ChargingLimits({
      connectors: this.connectors,
      config: this.config,
      clock: this.clock,
      scheduler: this.scheduler,
      electrical: { voltageV: this.voltageV, phases: this.phases, ratedCurrentA: RATED_CURRENT_A },
      onPower: (connectorId, watts, limited) => {
        this.emit({ type: "power", cp: this.id, connectorId, watts, limited });
        this.watchAllowance(this.connector(connectorId));
      },
      settle: (now) => this.allowances?.settle(now),
      onLimit: (connectorId, fromW, toW, at) => {
        const c = this.connector(connectorId);
        // The limits a transaction starts under (its TxProfile, a relative schedule's first
        // period) are no change of it.
        if (!c.transaction || at <= c.transaction.startedAt) return;
        const tx = c.transaction;
        this.queueEvent((m) => m.chargingLimit?.(c.at, tx, fromW, toW, at));
      },
    });
    return this.limits;
  }

  /** Changes the power the EV asks for on a connector, in W; a charging profile may allow less. */
  setPower(connectorId: number, watts: number): void {
    this.offerEnergy(this.connector(connectorId), watts);
  }

  /**
   * Lets the EV on `c` draw `watts` from `at` on, unless the charger stopped offering energy (an
   * invalid token's allowance spent): then none, whatever it asks. Whether energy is offered.
   */
  protected offerEnergy(c: Connector, watts: number, at = this.clock.now()): boolean {
    this.limits?.settle(at);
    const spent = allowanceSpent(c, at);
    this.charging.draw(c, spent ? 0 : watts, at);
    return !spent;
  }

  /**
   * The central system refused the token of the running transaction on `c`, which goes on
   * (StopTransactionOnInvalidId false): energy flows until MaxEnergyOnInvalidId more Wh are
   * delivered, counted from now (energy-allowance.ts says why), then stops.
   */
  tokenRefused(c: Connector): void {
    const tx = c.transaction;
    if (!tx || tx.invalidIdCapWh !== undefined) return;
    const now = this.clock.now();
    this.limits?.settle(now);
    tx.invalidIdCapWh = c.meter.energyWh(now) + this.config.int(Setting.maxEnergyOnInvalidId);
    this.watchAllowance(c);
  }

  /** Arms the watch of `c`'s allowance for its power now; one restored with --state-dir too. */
  private watchAllowance(c: Connector): void {
    if (this.stopped || (!this.allowances && c.transaction?.invalidIdCapWh === undefined)) return;
    this.allowances ??= new EnergyAllowances({
      clock: this.clock,
      scheduler: this.scheduler,
      spent: (spentOn, at) => this.allowanceSpent(spentOn, at),
    });
    this.allowances.watch(c);
  }

  /** The allowance is delivered: the charger stops offering energy, the transaction stays open. */
  private allowanceSpent(c: Connector, at: number): void {
    if (!c.transaction || c.status === "Faulted") return;
    this.energyLimitReached(c, at).catch(
      (err) => this.connected && this.problem(`StatusNotification failed: ${(err as Error).message}`),
    );
  }

  /**
   * The charger stops offering energy to the transaction on `c` at `at`, which stays open:
   * SuspendedEVSE, and the reason where a version reports it (2.0.1 EnergyLimitReached).
   */
  protected async energyLimitReached(c: Connector, at: number): Promise<void> {
    const tx = c.transaction;
    if (!tx) return;
    this.charging.draw(c, 0, at);
    this.queueEvent((m) => m.session?.("EnergyLimitReached", c.at, tx, at));
    await this.setStatus(c.id, "SuspendedEVSE");
  }

  /** Sends one MeterValues with the measurands of MeterValuesSampledData. */
  async sendMeterValues(
    connectorId: number,
    context: ReadingContext = "Sample.Periodic",
  ): Promise<MeterReading> {
    const c = this.connector(connectorId);
    const reading = this.reading(c, context, this.config.list(Setting.meterValuesSampledData));
    const tx = c.transaction;
    if (tx)
      await this.transactionMessages.send({
        kind: "updated",
        tx,
        at: c.at,
        trigger: context === "Trigger" ? "Trigger" : "MeterValuePeriodic",
        readings: [reading],
      });
    else await (this.reportLink ?? this.requireLink()).meterValues(c.at, [reading]);
    return reading;
  }

  protected reading(c: Connector, context: ReadingContext, measurands: string[]): MeterReading {
    const now = this.clock.now();
    this.limits?.settle(now);
    return sampleReading(c.meter, now, context, measurands, this.voltageV, this.phases);
  }

  /** Samples every MeterValueSampleInterval, each `previous`'s period after it was due (not after it ran). */
  protected startSampling(c: Connector, previous?: Scheduled): void {
    c.sampler?.cancel();
    const seconds = this.config.int(Setting.meterValueSampleInterval);
    if (seconds <= 0 || this.stopped) return;
    const period = this.clock.toReal(seconds * 1000);
    const sample = () => {
      // Offline too: the readings of a transaction wait in the queue.
      if (!c.transaction) return;
      this.startSampling(c, sampler);
      this.sendMeterValues(c.id).catch(
        (err) => this.connected && this.problem(`MeterValues failed: ${(err as Error).message}`),
      );
    };
    const sampler = previous
      ? this.scheduler.afterPrevious(previous, period, sample)
      : this.scheduler.after(period, sample);
    c.sampler = sampler;
  }

  protected override resumeTimers(): void {
    this.limits?.resume();
    for (const c of this.connectors) {
      // A transaction whose charger stopped offering energy goes on reporting its readings.
      if (c.transaction && (c.status === "Charging" || c.status === "SuspendedEVSE")) this.startSampling(c);
      this.watchAllowance(c);
    }
  }

  protected override stopTimers(): void {
    this.limits?.stop();
    this.allowances?.stop();
    for (const c of this.connectors) {
      c.sampler?.cancel();
      c.sampler = undefined;
    }
  }
}
