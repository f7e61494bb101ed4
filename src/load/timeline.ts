// The timeline of the report: one point per interval, coarsened by merging neighbours so that a
// long run keeps at most MAX_POINTS.
import type { TimelinePoint } from "./report-types.ts";

const MAX_POINTS = 600;

export class Timeline {
  readonly points: TimelinePoint[] = [];

  push(p: TimelinePoint): void {
    this.points.push(p);
    if (this.points.length > MAX_POINTS) this.halve();
  }

  /** Pairs become one point: rates averaged, errors added, the later state, the worse p95. */
  private halve(): void {
    const merged: TimelinePoint[] = [];
    for (let i = 0; i < this.points.length; i += 2) {
      const a = this.points[i]!;
      const b = this.points[i + 1];
      if (!b) {
        merged.push(a);
        continue;
      }
      const p95Ms: Record<string, number> = { ...a.p95Ms };
      for (const [k, v] of Object.entries(b.p95Ms)) p95Ms[k] = Math.max(p95Ms[k] ?? 0, v);
      merged.push({
        ...b,
        messagesPerSec: (a.messagesPerSec + b.messagesPerSec) / 2,
        errors: a.errors + b.errors,
        p95Ms,
      });
    }
    this.points.length = 0;
    this.points.push(...merged);
  }
}
