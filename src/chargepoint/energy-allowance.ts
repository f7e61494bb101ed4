// The energy a refused token may still draw. When the central system refuses the token of a
// transaction already running and StopTransactionOnInvalidId is false, the charge point "only
// stops energy delivery"; an operator may first let MaxEnergyOnInvalidId Wh through "so the EV is
// able to drive away" (OCPP 1.6 §4.8 as errata v4.0 words it). 2.0.1 says the same of
// TxCtrlr.StopTxOnInvalidId false (E05): energy delivery is allowed until MaxEnergyOnInvalidId is
// reached (E05.FR.03), and reports the stop as EnergyLimitReached (src/ocpp/v201/tx/from-model.ts).
//
// Counted from the refusal, not from the transaction's start: the setting is the energy
// "delivered when an identifier is invalidated". A transaction started offline may have charged
// for hours before the answer came, in good faith; the EV still gets its allowance to drive away.
// An answer that comes at once counts from the start all the same, as energy flows from the
// transaction's own timestamp. 0, the default (and what an absent optional key means), lets
// nothing through: energy stops at once, as the sentence without the note asks.
//
// The meter is read lazily, so nothing ticks: one entry in the shared scheduler per connector
// under an allowance, due when the register reaches the cap at the power drawn, and armed again
// whenever that power changes (a profile, the EV, a fault).
import type { SimClock } from "../util/clock.ts";
import type { Scheduled, Scheduler } from "../util/scheduler.ts";
import type { Connector } from "./connector.ts";

export interface AllowanceHost {
  readonly clock: SimClock;
  readonly scheduler: Scheduler;
  /** The register of `c` reached its transaction's cap at `at` (model time, maybe just past). */
  spent(c: Connector, at: number): void;
}

interface Due {
  timer: Scheduled;
  /** The model's instant the cap is reached. */
  at: number;
}

export class EnergyAllowances {
  private readonly due = new Map<Connector, Due>();

  constructor(private readonly host: AllowanceHost) {}

  /** (Re)arms the watch of `c` for the power it draws now; none without a cap or without power. */
  watch(c: Connector): void {
    this.forget(c);
    const capWh = c.transaction?.invalidIdCapWh;
    const watts = c.meter.power;
    if (capWh === undefined || watts <= 0) return;
    const { clock, scheduler } = this.host;
    const now = clock.now();
    // In the past when the power was drawn from an earlier instant (a transaction's timestamp):
    // cutting it there leaves the register exactly at the cap.
    const at = now + ((capWh - c.meter.energyWh(now)) * 3_600_000) / watts;
    const timer = scheduler.after(clock.toReal(Math.max(0, at - now)), () => this.run(c));
    this.due.set(c, { timer, at });
  }

  /**
   * Runs the cuts due by `now` that the scheduler has not run yet: it can fire late on a busy
   * machine (far late in model time under --time-scale), and a reading or a power change at or
   * after the cap must not see energy beyond it.
   */
  settle(now: number): void {
    for (const [c, d] of this.due) if (d.at <= now) this.run(c);
  }

  stop(): void {
    for (const d of this.due.values()) d.timer.cancel();
    this.due.clear();
  }

  private run(c: Connector): void {
    const d = this.due.get(c);
    if (!d) return;
    this.forget(c);
    this.host.spent(c, d.at);
  }

  private forget(c: Connector): void {
    this.due.get(c)?.timer.cancel();
    this.due.delete(c);
  }
}

/** Whether `c`'s transaction has drawn all its allowance by `now`: its charger offers no energy. */
export function allowanceSpent(c: Connector, now: number): boolean {
  const capWh = c.transaction?.invalidIdCapWh;
  // Give or take the rounding of the instant it was cut at.
  return capWh !== undefined && c.meter.energyWh(now) >= capWh - 0.001;
}
