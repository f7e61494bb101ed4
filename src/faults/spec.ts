import { parseDuration } from "../util/duration.ts";
import type { FaultRates } from "./injector.ts";

/**
 * Reads `--fault` values such as `drop:1%`, `delay:5%:2s` and `duplicate:0.5%` (repeatable) into
 * the rates every charge point of a load run draws from. A probability is a percentage or a
 * fraction (`1%` = `0.01`); a delay is a duration. Throws one plain sentence for a bad value.
 */
export function parseFaultSpecs(specs: readonly string[]): FaultRates | undefined {
  if (specs.length === 0) return undefined;
  const rates: FaultRates = {};
  for (const spec of specs) {
    const [kind, p, extra, ...rest] = spec.split(":");
    const prob = probability(p);
    if (prob === undefined || rest.length > 0) throw new Error(usage(spec));
    if (kind === "drop" && extra === undefined) rates.drop = prob;
    else if (kind === "duplicate" && extra === undefined) rates.duplicate = prob;
    else if (kind === "delay" && extra !== undefined) {
      const ms = parseDuration(extra);
      if (ms === undefined || ms > 2 ** 31 - 1) throw new Error(usage(spec));
      rates.delay = { p: prob, ms };
    } else throw new Error(usage(spec));
  }
  return rates;
}

function probability(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+(\.\d+)?%?$/.test(text)) return undefined;
  const n = text.endsWith("%") ? Number(text.slice(0, -1)) / 100 : Number(text);
  return n >= 0 && n <= 1 ? n : undefined;
}

const usage = (spec: string) =>
  `--fault ${spec} is not a fault; expected drop:<p>, duplicate:<p> or delay:<p>:<duration>, with p a percentage such as 1% (e.g. drop:1%, delay:5%:2s).`;
