/**
 * A simulated energy meter. The register grows with the power drawn over simulated time; it is
 * read lazily (no timer), so an idle charge point costs nothing.
 */
export class Meter {
  private registerWh: number;
  private powerW = 0;
  private since: number;

  constructor(initialWh: number, now: number) {
    this.registerWh = initialWh;
    this.since = now;
  }

  /** Energy register in Wh at simulated time `now` (epoch ms). */
  energyWh(now: number): number {
    return this.registerWh + (this.powerW * Math.max(0, now - this.since)) / 3_600_000;
  }

  get power(): number {
    return this.powerW;
  }

  /** Sets the register as a previous process left it (--state-dir); nothing is drawn until told. */
  restore(registerWh: number, now: number): void {
    this.registerWh = registerWh;
    this.since = now;
    this.powerW = 0;
  }

  /** Changes the power drawn from `now` on; what was drawn so far is settled into the register. */
  setPower(watts: number, now: number): void {
    if (!(watts >= 0) || !Number.isFinite(watts))
      throw new RangeError(`power must be a non-negative number of watts, got ${watts}`);
    this.registerWh = this.energyWh(now);
    this.since = Math.max(now, this.since);
    this.powerW = watts;
  }
}
