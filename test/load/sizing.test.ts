// `cpsim load --plan`: its figures follow from the per-charge-point costs in src/load/sizing.ts
// (the bench's rows), never from numbers of its own.
import { describe, expect, it } from "vitest";
import { maxPerPod, maxPerProcess, sizePods } from "../../src/load/pod-sizing.ts";
import { BENCH, chargePointCost, LIMITS, type Transport, type Workload } from "../../src/load/sizing.ts";
import { cpsimInProcess } from "../cli/helpers.ts";

const cases: [number, Transport, Workload][] = [
  [1_000_000, "json", "charging"],
  [1_000_000, "json", "idle"],
  [100_000, "soap", "charging"],
  [20_000, "soap", "idle"],
  [500, "json", "charging"],
];

describe("pod sizing", () => {
  it("derives a charge point's cost from the bench's row", () => {
    const row = BENCH["json/charging"];
    const cost = chargePointCost("json", "charging");
    expect(cost.millicores).toBeCloseTo((row.messagesPerSec / row.count) * row.cpuMsPerMessage, 10);
    expect(cost.rssKb).toBe(row.rssKbPerChargePoint);
    expect(cost.processMb).toBeCloseTo(row.rssMb - (row.count * row.rssKbPerChargePoint) / 1000, 10);
  });

  for (const [count, transport, workload] of cases)
    it(`${count} ${transport} ${workload}: fits the limits, with requests covering the costs`, () => {
      const s = sizePods({ count, transport, workload });
      const cost = chargePointCost(transport, workload);
      // The fewest pods whose source address has the ports (SOAP: one process a pod).
      const perPodMax = Math.floor(LIMITS.portsPerSourceAddress * LIMITS.portShare);
      const fit = transport === "soap" ? Math.min(perPodMax, maxPerProcess(cost)) : perPodMax;
      expect(s.pods).toBe(Math.ceil(count / fit));
      if (transport === "soap") expect(s.workers).toBe(1);
      expect(s.pods * s.perPod).toBeGreaterThanOrEqual(count);
      expect((s.pods - 1) * s.perPod).toBeLessThan(count);
      expect(s.perPod).toBeLessThanOrEqual(maxPerPod());
      expect(Math.ceil(s.perPod / s.workers)).toBeLessThanOrEqual(maxPerProcess(cost));
      expect(s.workers).toBe(Math.ceil(s.perPod / maxPerProcess(cost))); // for SOAP too: its pods are smaller
      expect(s.cpuRequestMillicores).toBeGreaterThanOrEqual(s.perPod * cost.millicores * LIMITS.cpuHeadroom);
      expect(s.cpuLimitMillicores).toBeGreaterThanOrEqual(Math.max(s.cpuRequestMillicores, 1000 * s.workers));
      const mb = s.workers * cost.processMb + ((s.perPod * cost.rssKb) / 1000) * LIMITS.memoryHeadroom;
      expect(s.memoryMi * 2 ** 20).toBeGreaterThanOrEqual(mb * 1e6);
      expect((s.memoryMi - 64) * 2 ** 20).toBeLessThan(mb * 1e6);
    });

  it("cpsim load --plan prints the sizing and where its figures come from", async () => {
    const r = await cpsimInProcess(["load", "--plan", "--count", "1000000", "--workload", "charging"]);
    expect(r.code).toBe(0);
    const s = sizePods({ count: 1_000_000, transport: "json", workload: "charging" });
    const n = (v: number) => v.toLocaleString("en-US");
    expect(r.stdout).toContain(
      `${n(s.pods)} pods × ${n(s.perPod)} charge points, ${s.workers} cpsim processes`,
    );
    expect(r.stdout).toContain(
      `CPU request ${s.cpuRequestMillicores}m, limit ${s.cpuLimitMillicores}m; memory ${s.memoryMi}Mi`,
    );
    expect(r.stdout).toContain(`${chargePointCost("json", "charging").millicores.toFixed(4)} millicores`);
    expect(r.stdout).toContain(`${n(BENCH["json/charging"].count)} charge points, measured by npm run bench`);
  });

  it("--plan with --pods sizes that many pods, and refuses too few", async () => {
    const r = await cpsimInProcess(["load", "--plan", "--count", "100000", "--pods", "10"]);
    expect(r.stdout).toContain("10 pods × 10,000 charge points");
    const few = await cpsimInProcess(["load", "--plan", "--count", "100000", "--pods", "2"]);
    expect(few.code).toBe(2);
    expect(few.stderr).toMatch(
      /^cpsim: --pods 2 puts 50000 charge points on a pod, more than the \d+ connections/,
    );
  });
});
