import { describe, expect, it } from "vitest";
import { addEncoded, latencyOf, newHistogram, recordMs } from "../../src/load/histogram.ts";
import { idTemplate } from "../../src/load/id-template.ts";
import { Metrics, mergeSnapshots } from "../../src/load/metrics.ts";
import { parseLocalAddresses, parseRange } from "../../src/load/parse.ts";
import { FleetRandom } from "../../src/load/random.ts";
import { parseRamp, parseStages, rampPacing, stagePacing } from "../../src/load/stages.ts";
import { judge, parseThreshold } from "../../src/load/thresholds.ts";

describe("seeded draws", () => {
  it("charge point i draws the same numbers whatever the range of the fleet it is in", () => {
    const whole = new FleetRandom(42, 0, 100);
    const part = new FleetRandom(42, 60, 40);
    const a = [whole.next(77), whole.next(77), whole.next(77)];
    const b = [part.next(77), part.next(77), part.next(77)];
    expect(b).toEqual(a);
    expect(new FleetRandom(43, 0, 100).next(77)).not.toBe(a[0]);
    expect(whole.next(78)).not.toBe(a[0]);
    for (const x of a) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe("id templates", () => {
  it("pads the index and counts from 0 or 1", () => {
    expect(idTemplate("CP-{index:05}")(42)).toBe("CP-00042");
    expect(idTemplate("site-{index1}")(0)).toBe("site-1");
    expect(() => idTemplate("CP")).toThrow(/needs \{index\}/);
    expect(() => idTemplate("CP-{idx}")).toThrow(/needs \{index\}/);
  });
});

describe("ramp and stages", () => {
  it("ramps at a rate up to the count, and moves linearly through stages", () => {
    expect(parseRamp("500/s")).toBe(500);
    expect(parseRamp("120/m")).toBe(2);
    expect(() => parseRamp("abc/s")).toThrow(
      "--ramp abc/s: expected charge points per second or minute, e.g. 500/s or 100/m.",
    );
    const ramp = rampPacing(1000, 500);
    expect([ramp.target(0), ramp.target(1000), ramp.target(10_000)]).toEqual([1, 501, 1000]);
    const stages = stagePacing(parseStages("1m:2000,5m:2000,30s:0"), 5000);
    expect(stages.endMs).toBe(390_000);
    expect([
      stages.target(30_000),
      stages.target(60_000),
      stages.target(200_000),
      stages.target(375_000),
    ]).toEqual([1000, 2000, 2000, 1000]);
    expect(() => parseStages("1m:2000,five:3")).toThrow(/"five:3" is not <duration>:<count>/);
  });

  it("reads duration ranges and source address ranges", () => {
    expect(parseRange("30s-60s", "--session")).toEqual([30_000, 60_000]);
    expect(parseRange("45s", "--session")).toEqual([45_000, 45_000]);
    expect(() => parseRange("60s-30s", "--session")).toThrow(/range such as 30s-60s/);
    expect(parseLocalAddresses("127.0.0.1-127.0.0.3")).toEqual(["127.0.0.1", "127.0.0.2", "127.0.0.3"]);
    expect(() => parseLocalAddresses("127.0.0.1-127.0.1.3")).toThrow(/IPv4 range/);
  });
});

describe("thresholds", () => {
  const metrics = new Metrics();
  for (let i = 1; i <= 100; i++) metrics.call(true, "BootNotification", i, "ok");
  metrics.call(true, "Heartbeat", undefined, "timeout");
  const s = metrics.snapshot();
  const report = {
    actions: s.actions,
    errors: { total: s.errors, rate: s.errors / s.calls, byKind: { timeout: 1 } },
    fleet: { boots: { Accepted: 100, Pending: 0, Rejected: 0 } },
    transactions: { started: 0, stopped: 0, refused: 0 },
  } as unknown as Parameters<typeof judge>[1];

  it("judges latency, rates and counts with their units", () => {
    const results = judge(
      [
        "BootNotification.p95<500ms",
        "BootNotification.p95<0.05s",
        "errors.rate<0.1%",
        "BootNotification.count>=100",
        "errors.timeout==1",
      ].map((t) => parseThreshold(t)),
      report,
    );
    // HDR keeps 3 significant digits: 95 ms reads as 95.039.
    expect(results.map((r) => [r.measured, r.passed])).toEqual([
      [95.039, true],
      [95.039, false],
      [1 / 101, false],
      [100, true],
      [1, true],
    ]);
  });

  it("refuses what it cannot read, in one sentence", () => {
    expect(() => parseThreshold("BootNotification.p95<fast")).toThrow(
      '--threshold "BootNotification.p95<fast": fast is not a duration (e.g. 500ms or 1.5s).',
    );
    expect(() => parseThreshold("BootNotifcation.p95<500ms")).toThrow(
      '--threshold "BootNotifcation.p95<500ms": BootNotifcation is not an OCPP 1.6 action.',
    );
    expect(() => parseThreshold("errors.rate")).toThrow(/expected <metric><op><value>/);
    expect(() => parseThreshold("constructor.p95<1ms")).toThrow(/unknown metric/);
  });

  it("refuses an action the run's version never measures, and takes it on a version that has it", () => {
    expect(() => parseThreshold("TriggerMessage.count>=1", "--threshold", "1.5")).toThrow(
      '--threshold "TriggerMessage.count>=1": TriggerMessage is not an OCPP 1.5 action, so a run on 1.5 never measures it.',
    );
    expect(() => parseThreshold("StartTransaction.p95<1s", "--threshold", "2.0.1")).toThrow(
      /StartTransaction is not an OCPP 2\.0\.1 action/,
    );
    expect(parseThreshold("TransactionEvent.p95<1s", "--threshold", "2.0.1").limit).toBe(1000);
    expect(parseThreshold("TriggerMessage.count>=1", "--threshold", "1.6").limit).toBe(1);
  });
});

describe("merging", () => {
  it("adds counts and histograms exactly: the merged p95 is the p95 of all samples", () => {
    const parts = [new Metrics(), new Metrics(), new Metrics()];
    const all = newHistogram();
    for (let i = 0; i < 3000; i++) {
      const ms = ((i * 7919) % 1000) / 10 + 0.5;
      parts[i % 3]!.call(true, "Heartbeat", ms, i % 100 === 0 ? "rejected" : "ok");
      recordMs(all, ms);
    }
    parts[1]!.call(false, "RemoteStartTransaction", 3, "callError", "NotSupported");
    const merged = mergeSnapshots(parts.map((p) => p.snapshot()));
    expect(merged.actions.Heartbeat!.count).toBe(3000);
    expect(merged.actions.Heartbeat!.errors.rejected).toBe(30);
    expect(merged.actions.RemoteStartTransaction!.errors.callError).toEqual({ NotSupported: 1 });
    expect(merged.actions.Heartbeat!.latencyMs).toEqual(latencyOf(all));
    const again = newHistogram();
    addEncoded(again, merged.actions.Heartbeat!.histogram);
    expect(again.totalCount).toBe(3000);
    expect(merged.calls).toBe(3001);
  });
});
