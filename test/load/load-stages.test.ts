// --stages through the CLI: the fleet ramps up to a stage's count over its time, holds, and ramps
// down, as the central system sees its connections come and go and as the report's timeline says.
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { cpsimInProcess, tempFile } from "../cli/helpers.ts";
import { readReport } from "./helpers.ts";

/** Connections as the central system saw them: when each opened or closed, and how many were open. */
const seen: { at: number; up: boolean; open: number }[] = [];
let open = 0;
let cs: CentralSystem;
beforeAll(async () => {
  cs = await CentralSystem.start({
    heartbeatIntervalSec: 60,
    onConnection: (_cp, up) => {
      open += up ? 1 : -1;
      seen.push({ at: performance.now(), up, open });
    },
  });
});
afterAll(() => cs.close());

it("ramps up to the stage's count over its time, holds it, and ramps down to 0", async () => {
  const out = join(tempFile("x", ""), "..", "stages.json");
  // Up to 10 over 2 s, hold 1 s, down to 0 over 2 s.
  const r = await cpsimInProcess([
    ...["load", "--count", "12", "--workload", "idle", "--url", cs.url, "--stages", "2s:10,1s:10,2s:0"],
    ...["--reporter", "json", "--out", out],
  ]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);

  // Never more than the stage's count, though --count allowed 12; all of them gone at the end.
  expect(Math.max(...seen.map((s) => s.open))).toBe(10);
  expect(open).toBe(0);
  const ups = seen.filter((s) => s.up).map((s) => s.at);
  const downs = seen.filter((s) => !s.up).map((s) => s.at);
  expect(ups).toHaveLength(10);
  expect(downs).toHaveLength(10);
  // Spread over the ramps (all at once would take a few ms), with the hold between them.
  expect(ups[9]! - ups[0]!).toBeGreaterThan(1000);
  expect(downs[9]! - downs[0]!).toBeGreaterThan(1000);
  // The first to leave left all 10 (the hold was reached), not before the ramp down at 3 s.
  expect(seen.find((s) => !s.up)!.open).toBe(9);
  expect(downs[0]! - ups[0]!).toBeGreaterThan(2000);

  // The report's timeline climbs through the middle counts to 10, then falls back through them.
  const report = readReport(out);
  expect(report.fleet.connectedPeak).toBe(10);
  const counts = report.timeline.map((p) => p.connected);
  const peak = counts.indexOf(10);
  expect(peak).toBeGreaterThan(0);
  expect(counts.slice(0, peak).some((c) => c > 0 && c < 10)).toBe(true);
  expect(counts.slice(peak).some((c) => c > 0 && c < 10)).toBe(true);
}, 60_000);
