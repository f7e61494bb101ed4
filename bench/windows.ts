// Figures of the load benchmark over a window of a run rather than over the whole of it: CPU per
// message in the hold (the steady state, without connection set-up, boot and stop), the RSS trend
// over the hold (is memory flat?), and how busy the central system was while the fleet booted.
import type { TimelinePoint } from "../src/load/report-types.ts";
import { fmt } from "./lib.ts";
import type { Measured } from "./measure.ts";
import type { TreeSample } from "./proc-tree.ts";

/** A span of a measured program's life, in ms after it was started (Measured.startedPerf). */
export interface Window {
  from: number;
  to: number;
}

/** The last sample at or before a moment given as performance.now() of the bench. */
function at(samples: TreeSample[], perf: number): TreeSample | undefined {
  let best: TreeSample | undefined;
  for (const s of samples) if (s.at <= perf) best = s;
  return best;
}

/** CPU of the tree between two moments (ms after startedPerf): user + system, and system alone. */
export function cpuIn(
  samples: TreeSample[],
  startedPerf: number,
  w: Window,
): { cpuMs: number; sysMs: number } | undefined {
  const a = at(samples, startedPerf + w.from);
  const b = at(samples, startedPerf + w.to);
  return a && b && b.at > a.at ? { cpuMs: b.cpuMs - a.cpuMs, sysMs: b.sysMs - a.sysMs } : undefined;
}

/** Share of one core the tree used between two moments. */
export function coresIn(samples: TreeSample[], startedPerf: number, w: Window): number | undefined {
  const a = at(samples, startedPerf + w.from);
  const b = at(samples, startedPerf + w.to);
  return a && b && b.at > a.at ? (b.cpuMs - a.cpuMs) / (b.at - a.at) : undefined;
}

/** Calls within [from, to] ms of a cpsim run's clock, from its timeline (rates × interval lengths). */
export function callsInTimeline(points: TimelinePoint[], from: number, to: number): number {
  let calls = 0;
  let prev = 0;
  for (const p of points) {
    // The part of the interval (prev, p.t] inside the window, at the interval's average rate.
    const overlap = Math.min(p.t, to) - Math.max(prev, from);
    if (overlap > 0) calls += (p.messagesPerSec * overlap) / 1000;
    prev = p.t;
  }
  return calls;
}

/** Calls within [from, to] ms of a bare client's clock, from its [t, calls so far] samples. */
export function callsInSeries(series: [number, number][], from: number, to: number): number {
  const upTo = (t: number) => {
    let c = 0;
    for (const [ts, n] of series) if (ts <= t) c = n;
    return c;
  };
  return upTo(to) - upTo(from);
}

export interface RssTrend {
  first: number;
  last: number;
  /**
   * Bytes per minute, least squares over the lowest RSS of each minute of the hold after its first:
   * V8's heap grows and shrinks in a sawtooth between major GCs, and its troughs (what is live
   * after a GC, plus the allocator's pages) are what a leak would raise.
   */
  slopePerMin: number | undefined;
  /** The lowest RSS of each whole minute of the hold. */
  minuteLows: number[];
  /** One value every `everyMs` over the hold. */
  series: number[];
}

export function rssTrend(
  samples: TreeSample[],
  startedPerf: number,
  w: Window,
  everyMs = 10_000,
): RssTrend | undefined {
  const series: number[] = [];
  for (let t = w.from; t <= w.to; t += everyMs) {
    const s = at(samples, startedPerf + t);
    if (s) series.push(s.rss);
  }
  const last = at(samples, startedPerf + w.to)?.rss;
  if (series.length === 0 || last === undefined) return undefined;
  const minuteLows: number[] = [];
  for (let t = w.from; t + 60_000 <= w.to; t += 60_000) {
    const inMinute = samples.filter((s) => s.at >= startedPerf + t && s.at < startedPerf + t + 60_000);
    if (inMinute.length > 0) minuteLows.push(Math.min(...inMinute.map((s) => s.rss)));
  }
  // The first minute of the hold is left out: sessions and heaps are still settling.
  const pts = minuteLows.slice(1).map((rss, i) => [i + 1, rss] as const);
  return { first: series[0]!, last, slopePerMin: slope(pts), minuteLows, series };
}

function slope(pts: (readonly [number, number])[]): number | undefined {
  if (pts.length < 3) return undefined;
  const n = pts.length;
  const mx = pts.reduce((s, p) => s + p[0], 0) / n;
  const my = pts.reduce((s, p) => s + p[1], 0) / n;
  const sxy = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const sxx = pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return sxx > 0 ? sxy / sxx : undefined;
}

const mb = (b: number) => `${fmt(b / 1e6, 1)} MB`;

export function describeTrend(t: RssTrend): string {
  const s =
    t.slopePerMin === undefined
      ? "hold under 4 minutes"
      : `${fmt(t.slopePerMin / 1e6, 2)} MB/min after its first minute`;
  const mbs = (xs: number[]) => xs.map((r) => fmt(r / 1e6, 0)).join(" ");
  return (
    `RSS over the hold ${mb(t.first)} -> ${mb(t.last)}; lowest of each minute (MB) ${mbs(t.minuteLows)}, ` +
    `slope ${s}; every 10 s (MB): ${mbs(t.series)}`
  );
}

/** Connections still closing and first sessions starting: the steady state begins a little later. */
export const SETTLE_MS = 5000;

/** The hold, in ms of the client's own clock; undefined when not all booted or too short. */
export function holdWindow(bootedAllMs: number | null | undefined, seconds: number): Window | undefined {
  if (bootedAllMs == null) return undefined;
  const w = { from: bootedAllMs + SETTLE_MS, to: seconds * 1000 - 300 };
  return w.to - w.from >= 5000 ? w : undefined;
}

const shift = (w: Window | undefined, by: number) => w && { from: w.from + by, to: w.to + by };

/** CPU ms per call over the hold (user + system, and system), and the RSS trend over it. */
export function holdFigures(m: Measured, w: Window | undefined, offset: number, callsInHold: number) {
  const cpu = w && cpuIn(m.samples, m.startedPerf, shift(w, offset)!);
  const ok = cpu !== undefined && callsInHold > 0;
  return {
    holdCpuMsPerMsg: ok ? cpu.cpuMs / callsInHold : undefined,
    holdSysMsPerMsg: ok ? cpu.sysMs / callsInHold : undefined,
    trend: w && rssTrend(m.samples, m.startedPerf, shift(w, offset)!),
  };
}

/**
 * The boot: the client's CPU per charge point (a figure a busy machine hardly changes, unlike the
 * time), its share of a core, and the central system's, from the start until all booted.
 */
export function bootBusy(
  server: TreeSample[] | undefined,
  m: Measured,
  offset: number,
  booted: number | null | undefined,
  n: number,
) {
  if (booted == null) return "";
  const w = { from: offset, to: offset + booted };
  const cpu = cpuIn(m.samples, m.startedPerf, w);
  const client = coresIn(m.samples, m.startedPerf, w);
  const cores = server && coresIn(server, m.startedPerf, w);
  return (
    (cpu === undefined
      ? ""
      : `; boot: ${fmt(cpu.cpuMs / n, 2)} ms CPU per charge point (${fmt(cpu.sysMs / n, 2)} system)`) +
    (client === undefined ? "" : `, client ${fmt(client, 2)} cores`) +
    (cores === undefined ? "" : `, central system ${fmt(cores, 2)} cores`)
  );
}
