import { DateTime, Settings } from "luxon";

/**
 * Simulated wall-clock time. With scale N, N simulated milliseconds pass per real millisecond,
 * so a long session runs faster while every timestamp sent stays consistent with the meter.
 * Real time is read through luxon's Settings.now so tests can freeze it.
 */
export class SimClock {
  private readonly realOrigin: number;
  private readonly simOrigin: number;

  constructor(
    readonly scale = 1,
    simStart?: number,
  ) {
    if (!(scale > 0)) throw new RangeError(`time scale must be > 0, got ${scale}`);
    this.realOrigin = Settings.now();
    this.simOrigin = simStart ?? this.realOrigin;
  }

  /** Simulated epoch milliseconds. */
  now(): number {
    return this.simOrigin + (Settings.now() - this.realOrigin) * this.scale;
  }

  dateTime(): DateTime {
    return DateTime.fromMillis(this.now(), { zone: "utc" });
  }

  /** Real milliseconds that a simulated span takes. */
  toReal(simMs: number): number {
    return simMs / this.scale;
  }
}

/**
 * OCPP timestamp (UTC, millisecond precision). Date#toISOString is used rather than luxon's
 * formatter because this runs for every message of every charge point.
 */
export function isoTimestamp(epochMs: number): string {
  // A fleet's timers fire in bursts: many messages of one millisecond share one string.
  if (epochMs !== lastMs) {
    lastMs = epochMs;
    lastIso = new Date(epochMs).toISOString();
  }
  return lastIso;
}
let lastMs = Number.NaN;
let lastIso = "";
