// `cpsim report merge`: the reports of a sharded run's shards become the report one process would
// have written. Counts add up, histograms are added (percentiles come from the sum, never from
// averaged percentiles), timelines are added bucket by bucket on the shared start, and the
// thresholds are judged again on the merged figures. Reports of different runs are refused.
import { UserError } from "../util/errors.ts";
import { SETTING_NAMES } from "./fingerprint.ts";
import { type MetricsSnapshot, mergeSnapshots } from "./metrics.ts";
import { buildReport } from "./report.ts";
import type { LoadReport, ShardReport, TimelinePoint } from "./report-types.ts";
import { parseThreshold, type Threshold } from "./thresholds.ts";
import { coarsened, Timeline } from "./timeline.ts";

export interface ShardFile {
  file: string;
  report: LoadReport;
}

type Sharded = ShardFile & { shard: ShardReport };

export function mergeReports(inputs: ShardFile[], opts: { allowPartial?: boolean } = {}): LoadReport {
  const shards = inputs.map(shardOf);
  checkSameRun(shards);
  const missing = checkComplete(shards, opts.allowPartial ?? false);
  const reports = shards.map((s) => s.report);
  const start = Math.min(...reports.map((r) => Date.parse(r.startedAt)));
  const end = Math.max(...reports.map((r) => Date.parse(r.endedAt)));
  // Without --start-at each shard's clock began on its own: its figures move by where it began.
  const offsetOf = (r: LoadReport) => Date.parse(r.startedAt) - start;
  const first = reports[0]!;
  const bootedAll = reports.map((r) =>
    r.fleet.bootedAll === undefined ? undefined : r.fleet.bootedAll + offsetOf(r),
  );
  const urls = [...new Set(reports.map((r) => r.options.url))];
  const timeline = mergeTimelines(reports, offsetOf);
  const merged = buildReport({
    options: {
      ...first.options,
      url: urls.join(", "),
      workers: reports.reduce((n, r) => n + r.options.workers, 0),
      shard: undefined,
    },
    target: reports.reduce((n, r) => n + r.fleet.target, 0),
    thresholds: thresholdsOf(shards[0]!),
    scenario: first.scenario !== undefined,
    startedAt: new Date(start),
    endedAt: new Date(end),
    snapshot: mergeSnapshots(reports.map(snapshotOf)),
    timeline: timeline.points,
    timelineBucketMs: timeline.bucketMs,
    bootedAllMs: bootedAll.some((b) => b === undefined) ? undefined : Math.max(...(bootedAll as number[])),
    workersFailed: shards.flatMap((s) => s.report.workersFailed ?? []),
    merged: { shards: first.shard!.count, files: shards.map((s) => s.file), missing },
  });
  // The version is cpsim's that ran the shards (checked equal), not the merging one's.
  merged.version = first.version;
  if (missing.length > 0)
    merged.verdict = `${merged.verdict} Partial: shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${first.shard!.count} missing.`;
  return merged;
}

function shardOf(s: ShardFile): Sharded {
  if (!s.report.shard)
    throw new UserError(
      `${s.file} is the report of an unsharded run; merge the reports of cpsim load --shard i/n (or --shard-from-env).`,
    );
  return { ...s, shard: s.report.shard };
}

/** The thresholds the shards ran with (in their settings; a shard does not judge them). */
function thresholdsOf(s: Sharded): Threshold[] {
  let expressions: unknown;
  try {
    expressions = JSON.parse(String(s.shard.settings.thresholds ?? "[]"));
  } catch {
    expressions = undefined;
  }
  if (!Array.isArray(expressions) || !expressions.every((e) => typeof e === "string"))
    throw new UserError(
      `${s.file} is not a valid cpsim load report: shard.settings.thresholds is not a JSON list of expressions.`,
    );
  return expressions.map((e) => parseThreshold(e, `${s.file}: threshold`));
}

/** One cpsim version, one seed, one fingerprint; a difference is named with both files. */
function checkSameRun(shards: Sharded[]): void {
  const a = shards[0]!;
  for (const b of shards.slice(1)) {
    const differ = (what: string, x: unknown, y: unknown) =>
      new UserError(
        `${a.file} and ${b.file} are not shards of the same run: ${what} is ${show(x)} in ${a.file} and ${show(y)} in ${b.file}.`,
      );
    if (a.report.version !== b.report.version)
      throw differ("the cpsim version", a.report.version, b.report.version);
    if (a.report.options.seed !== b.report.options.seed)
      throw differ("--seed", a.report.options.seed, b.report.options.seed);
    if (a.shard.fingerprint === b.shard.fingerprint) continue;
    const x = new Map(Object.entries(a.shard.settings));
    const y = new Map(Object.entries(b.shard.settings));
    for (const key of new Set([...x.keys(), ...y.keys()]))
      if (x.get(key) !== y.get(key))
        throw differ(SETTING_NAMES.get(key) ?? `--${key}`, x.get(key), y.get(key));
    throw differ("the settings fingerprint", a.shard.fingerprint, b.shard.fingerprint);
  }
}

const show = (v: unknown) => (v === undefined || v === null ? "not set" : JSON.stringify(v));

/** Every shard 0..N-1 exactly once; missing ones only with --allow-partial. Returns the missing. */
function checkComplete(shards: Sharded[], allowPartial: boolean): number[] {
  const n = shards[0]!.shard.count;
  const seen = new Map<number, string>();
  for (const s of shards) {
    const twice = seen.get(s.shard.index);
    if (twice !== undefined)
      throw new UserError(`Shard ${s.shard.index}/${n} is given twice: ${twice} and ${s.file}.`);
    seen.set(s.shard.index, s.file);
  }
  const missing = Array.from({ length: n }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0 && !allowPartial)
    throw new UserError(
      `Shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${n} ${missing.length > 1 ? "are" : "is"} missing (every shard 0..${n - 1} is needed); give ${missing.length > 1 ? "their reports" : "its report"} too, or --allow-partial to merge what there is.`,
    );
  return missing;
}

/** The cumulative figures of a report, as its process had them. */
function snapshotOf(r: LoadReport): MetricsSnapshot {
  return {
    connected: r.fleet.connected,
    connectedPeak: r.fleet.connectedPeak,
    connectionsFailed: r.fleet.connectionsFailed,
    disconnects: r.fleet.disconnects,
    reconnects: r.fleet.reconnects,
    booted: r.fleet.booted,
    boots: r.fleet.boots,
    transactions: r.transactions,
    activeTransactions: 0,
    sent: r.messages.sent,
    received: r.messages.received,
    // Every call is counted once under its action.
    calls: Object.values(r.actions).reduce((n, a) => n + a.count, 0),
    errors: r.errors.total,
    iterations: r.scenario?.iterations ?? 0,
    iterationsFailed: r.scenario?.iterationsFailed ?? 0,
    finished: 0,
    actions: r.actions,
    stepFailures: r.scenario?.stepFailures ?? {},
  };
}

/**
 * Timelines added bucket by bucket: states and rates add up, errors too; a bucket's p95 is the worst
 * shard's, as with --workers (the exact percentiles are the merged histograms').
 */
function mergeTimelines(reports: LoadReport[], offsetOf: (r: LoadReport) => number): Timeline {
  const width = Math.max(...reports.map((r) => r.timelineBucketMs));
  const buckets = new Map<number, TimelinePoint>();
  for (const r of reports) {
    const shift = Math.round(offsetOf(r) / width) * width;
    for (const p of coarsened(r.timeline, width)) {
      const t = p.t + shift;
      const b = buckets.get(t);
      if (!b) {
        buckets.set(t, { ...p, t, p95Ms: Object.assign(Object.create(null), p.p95Ms) });
        continue;
      }
      b.connected += p.connected;
      b.booted += p.booted;
      b.activeTransactions += p.activeTransactions;
      b.messagesPerSec = Math.round((b.messagesPerSec + p.messagesPerSec) * 10) / 10;
      b.errors += p.errors;
      for (const [k, v] of Object.entries(p.p95Ms)) b.p95Ms[k] = Math.max(b.p95Ms[k] ?? 0, v);
    }
  }
  const timeline = new Timeline(width);
  for (const t of [...buckets.keys()].sort((x, y) => x - y)) timeline.push(buckets.get(t)!);
  return timeline;
}
