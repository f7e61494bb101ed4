// The timeline of the report: one point per bucket of the run's clock (t = the bucket's end), made
// coarser by doubling the bucket width so that a long run keeps at most MAX_POINTS. Buckets are
// aligned on the run's start, so shards' timelines (same start, --start-at) add up bucket by bucket.
import type { TimelinePoint } from "./report-types.ts";

const MAX_POINTS = 600;

export class Timeline {
  readonly points: TimelinePoint[] = [];

  constructor(
    /** Bucket width, ms: the interval, doubled at every halving. */
    public bucketMs: number,
  ) {}

  push(p: TimelinePoint): void {
    const last = this.points.at(-1);
    // The closing tick may fall into the bucket of the last regular one.
    if (last && rebucket(p.t, this.bucketMs) <= last.t) {
      this.points[this.points.length - 1] = combine(last, { ...p, t: last.t });
      return;
    }
    this.points.push({ ...p, t: rebucket(p.t, this.bucketMs) });
    if (this.points.length > MAX_POINTS) this.coarsen(this.bucketMs * 2);
  }

  /** Points re-bucketed to a wider width (a multiple of the current one). */
  coarsen(width: number): void {
    const merged = coarsened(this.points, width);
    this.bucketMs = width;
    this.points.length = 0;
    this.points.push(...merged);
  }
}

/** The end of the bucket of width `width` that the bucket ending at t falls into. */
const rebucket = (t: number, width: number) => Math.max(1, Math.ceil(t / width)) * width;

/** Points re-bucketed to `width`: neighbours in the same wider bucket become one point. */
export function coarsened(points: TimelinePoint[], width: number): TimelinePoint[] {
  const out: TimelinePoint[] = [];
  let n = 1;
  for (const p of points) {
    const t = rebucket(p.t, width);
    const last = out.at(-1);
    if (last && last.t === t) {
      // Rates are per second over the wider bucket: the mean of its parts.
      out[out.length - 1] = {
        ...combine(last, p),
        t,
        messagesPerSec: (last.messagesPerSec * n + p.messagesPerSec) / (n + 1),
      };
      n++;
    } else {
      out.push({ ...p, t });
      n = 1;
    }
  }
  return out;
}

/** Two points of one bucket, in time order: the later state, errors added, the worse p95. */
function combine(a: TimelinePoint, b: TimelinePoint): TimelinePoint {
  // Action names may come from a shard's file: no prototype to write through.
  const p95Ms: Record<string, number> = Object.assign(Object.create(null), a.p95Ms);
  for (const [k, v] of Object.entries(b.p95Ms)) p95Ms[k] = Math.max(p95Ms[k] ?? 0, v);
  return {
    ...b,
    messagesPerSec: Math.max(a.messagesPerSec, b.messagesPerSec),
    errors: a.errors + b.errors,
    p95Ms,
  };
}
