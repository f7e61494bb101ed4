// HDR histograms of latencies in microseconds: recorded per call, encoded losslessly for the
// report, decoded and added up exactly when workers' (or shards') figures are merged.
import * as hdr from "hdr-histogram-js";
import type { ActionMetrics } from "./report-types.ts";

export type Histogram = hdr.Histogram;

/** 1 µs to 1 hour at 3 significant digits: any OCPP answer fits, at 0.1 % precision. */
export function newHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

const MAX_US = 3_600_000_000;

export function recordMs(h: Histogram, ms: number): void {
  const us = Math.round(ms * 1000);
  h.recordValue(us < 1 ? 1 : Math.min(us, MAX_US));
}

export const encode = (h: Histogram): string => hdr.encodeIntoCompressedBase64(h);

/** Adds an encoded histogram into h. */
export function addEncoded(h: Histogram, encoded: string): void {
  if (encoded) h.add(hdr.decodeFromCompressedBase64(encoded));
}

const ms = (us: number) => Math.round(us) / 1000;

export function latencyOf(h: Histogram): ActionMetrics["latencyMs"] {
  if (h.totalCount === 0) return { min: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  return {
    // Bucket bounds rather than the exact extremes: a merged histogram knows only its buckets,
    // and one process and several must report the same figures.
    min: ms(h.getValueAtPercentile(0)),
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p95: ms(h.getValueAtPercentile(95)),
    p99: ms(h.getValueAtPercentile(99)),
    max: ms(h.getValueAtPercentile(100)),
    mean: ms(h.mean),
  };
}
