// How many charge points should be connected at each moment: a ramp (`--ramp 500/s`, up to
// --count) or k6-like stages (`--stages "1m:2000,5m:2000,30s:0"`: ramp linearly to a count over a
// time, hold, ramp down). The fleet moves toward target(t) and never past --count.
import { parseDuration } from "../util/duration.ts";
import { UserError } from "../util/errors.ts";

export interface Stage {
  durationMs: number;
  target: number;
}

export interface Pacing {
  /** Charge points wanted t ms after the start. */
  target(tMs: number): number;
  /** When the stages end (undefined for a ramp, which holds until --duration). */
  endMs?: number;
}

export function parseRamp(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(s|m)\s*$/.exec(text);
  const rate = m ? Number(m[1]) / (m[2] === "m" ? 60 : 1) : Number.NaN;
  if (!(rate > 0))
    throw new UserError(`--ramp ${text}: expected charge points per second or minute, e.g. 500/s or 100/m.`);
  return rate;
}

export function parseStages(text: string): Stage[] {
  const stages = text.split(",").map((part) => {
    const m = /^\s*([^:\s]+)\s*:\s*(\d+)\s*$/.exec(part);
    const durationMs = m ? parseDuration(m[1]!) : undefined;
    if (!m || durationMs === undefined || !Number.isFinite(durationMs)) {
      throw new UserError(
        `--stages "${text}": "${part.trim()}" is not <duration>:<count>; expected e.g. "1m:2000,5m:2000,30s:0".`,
      );
    }
    return { durationMs, target: Number(m[2]) };
  });
  return stages;
}

/** Linear ramp at `rate` per second up to `count`; all at once (still capped) without a rate. */
export function rampPacing(count: number, rate: number | undefined): Pacing {
  if (rate === undefined) return { target: () => count };
  return { target: (t) => Math.min(count, Math.floor((rate * t) / 1000) + 1) };
}

/** From 0 charge points, each stage moves linearly to its target over its duration. */
export function stagePacing(stages: Stage[], count: number): Pacing {
  const endMs = stages.reduce((s, st) => s + st.durationMs, 0);
  return {
    endMs,
    target(t) {
      let from = 0;
      let start = 0;
      for (const st of stages) {
        if (t < start + st.durationMs) {
          const f = st.durationMs > 0 ? (t - start) / st.durationMs : 1;
          return Math.min(count, Math.round(from + (st.target - from) * f));
        }
        from = st.target;
        start += st.durationMs;
      }
      return Math.min(count, from);
    },
  };
}

/** The highest target of the stages: how many charge points a run with stages needs. */
export const stagesPeak = (stages: Stage[]) => Math.max(0, ...stages.map((s) => s.target));
