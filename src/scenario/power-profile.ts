import { parseDuration } from "../util/duration.ts";

/** `11kW`, `7400W` or a number of watts, in W. */
export function parsePower(value: unknown): number {
  if (typeof value === "number") return value;
  const m = /^(\d+(?:\.\d+)?)\s*(W|kW)$/.exec(String(value));
  if (!m) throw new RangeError(`not a power: ${String(value)}`);
  return Number(m[1]) * (m[2] === "kW" ? 1000 : 1);
}

/** From `atMs` after the charge starts, the EV draws `watts`. */
export interface PowerChange {
  atMs: number;
  watts: number;
}

/**
 * The power of a `charge` step as a list of changes: a single power (`11kW`) is a profile of one
 * entry at 0; a profile is `[{ at: 0s, power: 11kW }, { at: 10m, power: 3.7kW }]`, one power
 * held from each `at` until the next. The loader has checked the order (see checkProfile).
 */
export function powerProfile(value: unknown): PowerChange[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return [{ atMs: 0, watts: parsePower(value) }];
  return value.map((entry: { at: string | number; power: string | number }) => ({
    atMs: parseDuration(entry.at)!,
    watts: parsePower(entry.power),
  }));
}

/**
 * Why a profile cannot run, with the index of the entry to blame: it must start at 0, go forward
 * in time, and change the power before the charge ends (a later change would never apply).
 */
export function checkProfile(
  profile: PowerChange[],
  durationMs: number,
): { index: number; detail: string } | undefined {
  for (const [index, change] of profile.entries()) {
    const previous = profile[index - 1];
    if (index === 0 && change.atMs !== 0)
      return { index, detail: `a power profile starts at 0s, found ${ms(change.atMs)}` };
    if (previous && change.atMs <= previous.atMs)
      return {
        index,
        detail: `expected a time after ${ms(previous.atMs)} (the entry before), found ${ms(change.atMs)}`,
      };
    if (change.atMs >= durationMs)
      return { index, detail: `${ms(change.atMs)} is not before the end of the charge (${ms(durationMs)})` };
  }
  return undefined;
}

/**
 * Charges through the profile. Each change is timed from the start of the charge, not from the
 * change before, so a timer that fires late never shifts the later ones; the meter settles what
 * was drawn at each change, so the energy is exactly the sum of power × time held.
 */
export async function followProfile(
  profile: PowerChange[] | undefined,
  durationMs: number,
  io: { now(): number; setPower(watts: number): void; sleep(simMs: number): Promise<void> },
): Promise<void> {
  const start = io.now();
  const changes = profile ?? [];
  for (const [i, change] of changes.entries()) {
    if (i > 0) await io.sleep(Math.max(0, start + change.atMs - io.now()));
    io.setPower(change.watts);
  }
  await io.sleep(Math.max(0, start + durationMs - io.now()));
}

/** A duration as a scenario would write it: 0s, 90s is 1m30s, 250ms. */
function ms(value: number): string {
  if (value === 0) return "0s";
  const units: [string, number][] = [
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
    ["ms", 1],
  ];
  let left = value;
  let text = "";
  for (const [unit, size] of units) {
    const n = Math.floor(left / size);
    if (n > 0) text += `${n}${unit}`;
    left -= n * size;
  }
  return text;
}
