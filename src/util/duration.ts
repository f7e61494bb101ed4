import { Duration } from "luxon";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

/**
 * The longest duration cpsim accepts, 24 days: a Node timer holds at most 2^31-1 ms (24.8 days)
 * and fires at once, every millisecond, for anything longer.
 */
export const MAX_DURATION_MS = 24 * 86_400_000;

/** The longest duration cpsim accepts, as its options and scenarios write it. */
export const MAX_DURATION_TEXT = "24d";

/** Simulated time runs at most this many times faster, so that its dates stay valid ones. */
export const MAX_TIME_SCALE = 1_000_000;

/** Whether a parsed duration is one cpsim can wait for: finite, not negative, within a timer's reach. */
export function isWaitable(ms: number | undefined): ms is number {
  return ms !== undefined && Number.isFinite(ms) && ms >= 0 && ms <= MAX_DURATION_MS;
}

/**
 * Parses "30s", "15m", "1h30m", "250ms", a bare number of seconds, or an ISO 8601 duration ("PT15M").
 * Returns milliseconds, or undefined when the text is not a duration.
 */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === "number")
    return Number.isFinite(input * 1000) && input >= 0 ? input * 1000 : undefined;
  const text = input.trim();
  if (/^P/i.test(text)) {
    const d = Duration.fromISO(text.toUpperCase());
    return d.isValid ? d.as("milliseconds") : undefined;
  }
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  let total = 0;
  PART.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    PART.lastIndex = pos;
    const m = PART.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    pos = PART.lastIndex;
  }
  return pos > 0 ? total : undefined;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const d = Duration.fromMillis(ms).shiftTo("hours", "minutes", "seconds");
  const parts: string[] = [];
  if (d.hours) parts.push(`${d.hours}h`);
  if (d.minutes) parts.push(`${d.minutes}m`);
  if (Math.round(d.seconds)) parts.push(`${Math.round(d.seconds)}s`);
  return parts.join("");
}
