import { describe, expect, it } from "vitest";
import type { TimelinePoint } from "../../src/load/report-types.ts";
import { apportion, parseStartAt, shardPart, splitOf, subParts } from "../../src/load/shard.ts";
import { rampPacing, stagePacing } from "../../src/load/stages.ts";
import { coarsened, Timeline } from "../../src/load/timeline.ts";

const point = (t: number, connected: number, errors = 0, p95 = 0): TimelinePoint => ({
  t,
  connected,
  booted: connected,
  activeTransactions: 0,
  messagesPerSec: 10,
  errors,
  p95Ms: p95 ? { Heartbeat: p95 } : ({} as Record<string, number>),
});

describe("splitting a fleet into shards (and workers)", () => {
  it("gives 10 charge points over 4 shards as 3,3,2,2 contiguous ranges", () => {
    const parts = [0, 1, 2, 3].map((index) => shardPart(10, { index, count: 4 }));
    expect(parts.map((p) => [p.first, p.count])).toEqual([
      [0, 3],
      [3, 3],
      [6, 2],
      [8, 2],
    ]);
    expect(shardPart(10, undefined)).toEqual({ first: 0, count: 10, splits: [] });
  });

  it("splits a ramp of 500/s over 3 shards so that the shards add up to the fleet at every moment", () => {
    const fleet = rampPacing(100_000, 500);
    const shards = [0, 1, 2].map((index) => ({ index, parts: 3 }));
    for (let t = 0; t <= 5000; t += 7) {
      const want = fleet.target(t);
      const got = shards.map((s) => splitOf(want, [s]));
      expect(got.reduce((a, b) => a + b, 0)).toBe(want);
      expect(Math.max(...got) - Math.min(...got)).toBeLessThanOrEqual(1);
    }
    // Rounding each share (round(1 × 1/3) = 0 three times) would lose the first charge point.
    expect([0, 1, 2].map((index) => splitOf(1, [{ index, parts: 3 }]))).toEqual([1, 0, 0]);
  });

  it("composes with workers inside a shard: ranges tile the fleet, stage targets add up", () => {
    const stages = stagePacing(
      [
        { durationMs: 1000, target: 37 },
        { durationMs: 1000, target: 5 },
      ],
      37,
    );
    const leaves = [0, 1, 2].flatMap((index) => subParts(shardPart(37, { index, count: 3 }), 2));
    expect(leaves.map((p) => p.count)).toEqual([7, 6, 6, 6, 6, 6]);
    expect(leaves.map((p) => p.first)).toEqual([0, 7, 13, 19, 25, 31]);
    for (let t = 0; t <= 2000; t += 50) {
      const want = stages.target(t);
      const got = leaves.map((p) => Math.min(p.count, splitOf(want, p.splits)));
      expect(got.reduce((a, b) => a + b, 0)).toBe(want);
    }
    // --max-connecting 250 over 3 shards (84, 83, 83) of 2 workers each.
    expect(leaves.map((p) => splitOf(250, p.splits))).toEqual([42, 42, 42, 41, 42, 41]);
    expect(apportion(250, 3, 2)).toBe(83);
  });
});

describe("--start-at", () => {
  const now = Date.parse("2026-12-01T06:00:00Z");
  it("takes an ISO time with its zone, refuses one without, a past beyond the run, or a typo a day ahead", () => {
    expect(parseStartAt("2026-12-01T06:00:30Z", now, 60_000)).toBe(now + 30_000);
    expect(parseStartAt("2026-12-01T07:00:30+01:00", now, 60_000)).toBe(now + 30_000);
    // Late, but within the run: the shard joins where the run stands.
    expect(parseStartAt("2026-12-01T05:59:30Z", now, 60_000)).toBe(now - 30_000);
    expect(() => parseStartAt("2026-12-01T06:00:00", now, 60_000)).toThrow(
      "--start-at 2026-12-01T06:00:00: expected an ISO 8601 time with its zone, e.g. 2026-12-01T06:00:00Z.",
    );
    expect(() => parseStartAt("tomorrow", now, 60_000)).toThrow(/expected an ISO 8601 time/);
    expect(() => parseStartAt("2026-12-01T05:58:00Z", now, 60_000)).toThrow(
      "--start-at 2026-12-01T05:58:00Z is 120 s ago: the run (60 s) is already over.",
    );
    expect(() => parseStartAt("2026-12-03T06:00:00Z", now, 60_000)).toThrow(/more than a day ahead/);
    // A run without an end (--iterations): any past start is accepted.
    expect(parseStartAt("2026-12-01T05:00:00Z", now, undefined)).toBe(now - 3600_000);
  });
});

describe("the timeline", () => {
  it("keeps bucket ends of the run's clock, and merges the closing tick into the last bucket", () => {
    const tl = new Timeline(1000);
    tl.push(point(3000, 1));
    tl.push(point(4000, 2, 1));
    tl.push(point(4000, 3, 2, 9));
    expect(tl.points.map((p) => [p.t, p.connected, p.errors, p.p95Ms.Heartbeat])).toEqual([
      [3000, 1, 0, undefined],
      [4000, 3, 3, 9],
    ]);
  });

  it("coarsens on bucket boundaries, so a shard that began late lines up with the others", () => {
    const early = [1000, 2000, 3000, 4000].map((t) => point(t, t / 1000, 1));
    const late = [3000, 4000].map((t) => point(t, 1, 1));
    expect(coarsened(early, 2000).map((p) => [p.t, p.connected, p.errors])).toEqual([
      [2000, 2, 2],
      [4000, 4, 2],
    ]);
    // Pairing by position would have put the late shard's 3000 with 4000 at t=4000 *and* shifted it.
    expect(coarsened(late, 2000).map((p) => [p.t, p.errors])).toEqual([[4000, 2]]);
    expect(coarsened([point(3000, 1)], 2000).map((p) => p.t)).toEqual([4000]);
  });

  it("doubles its bucket width past 600 points", () => {
    const tl = new Timeline(1000);
    for (let k = 1; k <= 601; k++) tl.push(point(k * 1000, k));
    expect(tl.bucketMs).toBe(2000);
    expect(tl.points).toHaveLength(301);
    expect(tl.points.every((p) => p.t % 2000 === 0)).toBe(true);
  });
});
