// Smart charging on one charge point: the profiles it holds, the commands that change them, and the
// power each connector is given under their limits. The power changes exactly at the boundaries of
// the schedules, so the meter integrates the limited power exactly (OCPP 1.6 §3.13).
import type { TransactionId } from "../../ocpp/neutral.ts";
import type {
  ChargingProfile,
  ChargingProfileFilter,
  ChargingRateUnit,
  CompositeScheduleResult,
  ProfileVerdict,
  SameLevelRule,
} from "../../ocpp/neutral-smart-charging.ts";
import type { SimClock } from "../../util/clock.ts";
import type { Scheduled, Scheduler } from "../../util/scheduler.ts";
import type { ConfigKeys } from "../config-keys.ts";
import type { Connector } from "../connector.ts";
import { ProfileStore, placementProblem, profileProblem, profileRules } from "./profiles.ts";
import {
  type ConnectorView,
  compositeSchedule,
  connectorLimits,
  type Electrical,
  nextChange,
  profilesFor,
} from "./stack.ts";

export interface ChargingHost {
  readonly connectors: readonly Connector[];
  readonly config: ConfigKeys;
  readonly clock: SimClock;
  readonly scheduler: Scheduler;
  readonly electrical: Electrical;
  /** A connector's power changed; `limited` when a profile holds it below what the EV asks for. */
  onPower(connectorId: number, watts: number, limited: boolean): void;
  /**
   * The power the profiles allow a connector changed (whatever its EV draws): from `fromW` to
   * `toW`, the rated power where no profile limits it. `at` is the model's time of the change.
   */
  onLimit?(connectorId: number, fromW: number, toW: number, at: number): void;
  /**
   * Runs what is due by `now` that cuts a connector's power outside the profiles (an invalid
   * token's energy allowance spent), before a reading or a new demand is taken.
   */
  settle?(now: number): void;
}

/**
 * Splits the charge point's limit among the connectors: each gets what it asks for, up to an
 * equal share of what the connectors asking for less leave over.
 */
export function share(wants: readonly number[], cap: number | undefined): number[] {
  if (cap === undefined || wants.reduce((a, b) => a + b, 0) <= cap) return [...wants];
  const out = wants.map(() => 0);
  let left = cap;
  let count = wants.length;
  for (const i of wants.map((_, i) => i).sort((a, b) => wants[a]! - wants[b]!)) {
    const given = Math.min(wants[i]!, left / count);
    out[i] = given;
    left -= given;
    count--;
  }
  return out;
}

// The simulated charge point is a 22 kW AC one (the default model "Virtual AC 22"): 32 A a phase.
export const RATED_CURRENT_A = 32;

const view = (c: Connector): ConnectorView => ({ id: c.id, txStart: c.transaction?.startedAt });

export class ChargingLimits {
  private readonly store = new ProfileStore();
  /** The one timer of this charge point, armed for the next boundary while an EV draws power. */
  private timer: Scheduled | undefined;
  private timerAt: number | undefined;
  /** The latest simulated instant whose limits were applied. */
  private appliedAt = Number.NEGATIVE_INFINITY;
  /** What the profiles allowed each connector when last applied, by connector id. */
  private readonly allowedW = new Map<number, number>();

  constructor(private readonly host: ChargingHost) {}

  get installed() {
    return this.store.installed;
  }

  setProfile(
    connectorId: number,
    profile: ChargingProfile,
    sameLevel: SameLevelRule = "replace",
  ): ProfileVerdict {
    const rules = profileRules(this.host.config);
    const c = this.host.connectors[connectorId - 1];
    const txId: TransactionId | null | undefined = c?.transaction ? (c.transaction.id ?? null) : undefined;
    const problem =
      profileProblem(profile, rules) ??
      placementProblem(connectorId, profile, this.host.connectors.length, txId) ??
      this.store.install(connectorId, profile, rules.maxInstalled, sameLevel);
    if (problem) return { status: "Rejected", problem };
    this.update(this.host.clock.now());
    return { status: "Accepted" };
  }

  clearProfiles(filter: ChargingProfileFilter): "Accepted" | "Unknown" {
    if (this.store.clear(filter) === 0) return "Unknown";
    this.update(this.host.clock.now());
    return "Accepted";
  }

  /**
   * Why a RemoteStartTransaction's profile is refused: §5.11 asks for a TxProfile, and no
   * transaction can be named before it starts.
   */
  remoteStartProblem(profile: ChargingProfile, connectorId: number): string | undefined {
    if (profile.purpose !== "TxProfile") return "the profile of a remote start must be a TxProfile";
    if (profile.transactionId !== undefined) return "the profile of a remote start names no transaction";
    const rules = profileRules(this.host.config);
    if (!this.store.fits(connectorId, profile, rules.maxInstalled)) {
      return "MaxChargingProfilesInstalled profiles are installed already";
    }
    return profileProblem(profile, rules);
  }

  /**
   * Installs a remote start's profile for the transaction it started; a start queued offline has
   * no id yet, and its profile still ends with the transaction.
   */
  startTransaction(
    connectorId: number,
    profile: ChargingProfile,
    transactionId: TransactionId | undefined,
    at: number,
  ) {
    const problem = this.store.install(
      connectorId,
      { ...profile, transactionId },
      profileRules(this.host.config).maxInstalled,
    );
    if (!problem) this.update(at);
  }

  /** The transaction on the connector has ended, and its TxProfile with it. */
  endTransaction(connectorId: number, at: number): void {
    if (this.store.endTransaction(connectorId) > 0) this.update(at);
  }

  compositeSchedule(
    connectorId: number,
    durationSec: number,
    unit?: ChargingRateUnit,
  ): CompositeScheduleResult {
    const { connectors, config, clock, electrical } = this.host;
    if (!Number.isInteger(connectorId) || connectorId < 0 || connectorId > connectors.length)
      return { status: "Rejected" };
    if (!Number.isInteger(durationSec) || durationSec < 0) return { status: "Rejected" };
    if (unit && !profileRules(config).allowedUnits.includes(unit)) return { status: "Rejected" };
    // Whole seconds, as the schedule's periods are counted on the wire.
    const from = Math.floor(clock.now() / 1000) * 1000;
    const c = connectors[connectorId - 1];
    const at = c ? view(c) : { id: 0 };
    const { schedule, limited } = compositeSchedule(
      this.store.installed,
      at,
      from,
      durationSec,
      unit,
      electrical,
    );
    return { status: "Accepted", connectorId, scheduleStart: from, schedule, limited };
  }

  /** The EV on the connector now asks for `watts`; it is given what the limits allow. */
  draw(c: Connector, watts: number, at: number): void {
    if (!(watts >= 0) || !Number.isFinite(watts))
      throw new RangeError(`power must be a non-negative number of watts, got ${watts}`);
    // Before the demand changes: a cut due earlier applies to the power drawn until now.
    this.host.settle?.(at);
    c.demandW = watts;
    this.update(at);
  }

  /**
   * Applies the boundaries up to `now` that the timer has not applied yet: it can run late on a
   * busy machine, and a reading at or after a boundary must not see the power from before it.
   */
  settle(now: number): void {
    this.host.settle?.(now);
    while (this.timerAt !== undefined && this.timerAt <= now) this.boundary(this.timerAt);
  }

  /** Stops the timer (the charge point shuts down); resume() arms it again. */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.timerAt = undefined;
  }

  resume(): void {
    this.update(this.host.clock.now());
  }

  private update(at: number): void {
    this.settle(at);
    this.apply(at);
    this.arm(Math.max(at, this.appliedAt));
  }

  private boundary(at: number): void {
    this.apply(at);
    this.arm(at);
  }

  /**
   * Gives every connector its power from `at` on. The limits are those of `at`, or of a boundary
   * already applied after it: a timer may fire a moment early, and the limit never goes back.
   */
  private apply(at: number): void {
    const t = Math.max(at, this.appliedAt);
    this.appliedAt = t;
    const { connectors, electrical } = this.host;
    const { stationW } = connectorLimits(this.store.installed, { id: 0 }, t, electrical);
    const rated = electrical.voltageV * electrical.phases * electrical.ratedCurrentA;
    const wants = connectors.map((c) => {
      const { connectorW } = connectorLimits(this.store.installed, view(c), t, electrical);
      this.allowed(c.id, Math.min(rated, connectorW ?? rated, stationW ?? rated), at);
      return Math.min(c.demandW, connectorW ?? c.demandW);
    });
    const given = share(wants, stationW);
    connectors.forEach((c, i) => {
      const watts = given[i]!;
      if (c.meter.power === watts) return;
      c.meter.setPower(watts, at);
      this.host.onPower(c.id, watts, watts < c.demandW);
    });
  }

  private allowed(connectorId: number, watts: number, at: number): void {
    const before = this.allowedW.get(connectorId);
    this.allowedW.set(connectorId, watts);
    if (before !== undefined && before !== watts) this.host.onLimit?.(connectorId, before, watts, at);
  }

  /** Arms the timer for the next boundary after `after`; none while no EV draws, none past the last. */
  private arm(after: number): void {
    this.stop();
    let next: number | undefined;
    for (const c of this.host.connectors) {
      if (c.demandW === 0) continue;
      const p = profilesFor(this.store.installed, c.id);
      const at = nextChange([...p.station, ...p.tx, ...p.txDefault], view(c), after);
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    if (next === undefined) return;
    const due = next;
    this.timerAt = due;
    const { clock, scheduler } = this.host;
    this.timer = scheduler.after(clock.toReal(Math.max(0, due - clock.now())), () => {
      this.timer = undefined;
      if (this.timerAt === due) this.boundary(due);
    });
  }
}
