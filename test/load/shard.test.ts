// Shards 0..3 of one seeded run, each a `cpsim load` process of its own, against one central
// system in a process of its own: together they are the unsharded run, and `cpsim report merge`
// gives exactly the figures of one process.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoadReport } from "../../src/load/report-types.ts";
import { cpsim, cpsimInProcess, tempFile } from "../cli/helpers.ts";
import { readReport } from "./helpers.ts";
import { addSamples, callsIn, csmsProcess, type LoggedMessage, newHistogram } from "./shard-helpers.ts";

const COUNT = 22;
const dir = () => join(tempFile("x", ""), "..");

describe("cpsim load --shard and cpsim report merge", () => {
  let cs: Awaited<ReturnType<typeof csmsProcess>>;
  let whole: { report: LoadReport; at: LoggedMessage[] };
  let shards: { files: string[]; at: LoggedMessage[]; stderr: string[] };
  const out = dir();

  const fleet = (extra: string[]) => [
    "load",
    "--count",
    String(COUNT),
    "--url",
    cs.url,
    "--seed",
    "4711",
    "--workload",
    "charging",
    "--session",
    "1s-2s",
    "--pause",
    "500ms-1s",
    "--meter-interval",
    "1s",
    "--duration",
    "8s",
    "--threshold",
    `BootNotification.count>=${COUNT}`,
    "--reporter",
    "json",
    ...extra,
  ];

  beforeAll(async () => {
    cs = await csmsProcess();
    const file = join(out, "whole.json");
    const r = await cpsim(fleet(["--out", file]));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    whole = { report: readReport(file), at: cs.take() };
    // Four processes started together, lined up on a start ahead: they load first (on a busy
    // machine that takes seconds; one that is late still joins, and the run ends on time).
    const startAt = new Date(Date.now() + 20_000).toISOString();
    const files = [0, 1, 2, 3].map((i) => join(out, `shard-${i}.json`));
    const runs = await Promise.all(
      files.map((f, i) => cpsim(fleet(["--shard", `${i}/4`, "--start-at", startAt, "--out", f]))),
    );
    // On failure, the end of each shard's summary says why.
    expect(runs.map((r) => [r.code, r.stderr, r.code ? r.stdout.slice(-600) : ""])).toEqual(
      [0, 1, 2, 3].map(() => [0, "", ""]),
    );
    shards = { files, at: cs.take(), stderr: runs.map((r) => r.stderr) };
  }, 90_000);
  afterAll(() => cs?.stop());

  it("the shards' charge points are the unsharded run's, each once, with the same idTags", () => {
    const boots = (at: LoggedMessage[]) =>
      at
        .filter((m) => m.dir === "in" && m.kind === "call" && m.action === "BootNotification")
        .map((m) => m.cp);
    const ids = Array.from({ length: COUNT }, (_, i) => `CP-${String(i).padStart(5, "0")}`);
    expect(boots(whole.at).sort()).toEqual(ids);
    // No duplicates: each id booted exactly once over the four processes.
    expect(boots(shards.at).sort()).toEqual(ids);
    const reports = shards.files.map(readReport);
    expect(reports.map((r) => r.shard!.chargePoints)).toEqual([
      "CP-00000..CP-00005",
      "CP-00006..CP-00011",
      "CP-00012..CP-00016",
      "CP-00017..CP-00021",
    ]);
    expect(reports.map((r) => r.fleet.target)).toEqual([6, 6, 5, 5]);
    // idTags depend on the index alone: every charge point authorizes with its own in both runs.
    const tags = (at: LoggedMessage[]) =>
      new Set(
        at.filter((m) => m.action === "Authorize" && m.dir === "in").map((m) => `${m.cp} ${m.payload.idTag}`),
      );
    for (const pair of [...tags(whole.at), ...tags(shards.at)]) expect(pair).toMatch(/^CP-(\d{5}) TAG-\1$/);
    expect(tags(shards.at).size).toBeGreaterThan(COUNT / 2);
    // One fingerprint, one shared start.
    expect(new Set(reports.map((r) => r.shard!.fingerprint)).size).toBe(1);
    expect(new Set(reports.map((r) => r.startedAt)).size).toBe(1);
  });

  it("merges into the figures one process would have measured, counted at the central system", async () => {
    const total = join(out, "total.json");
    const html = join(out, "total.html");
    const r = await cpsim(["report", "merge", ...shards.files, "--out", total, "--html", html]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Passed: ${COUNT} charge point boots, all 1 threshold met.`);
    const merged = readReport(total);
    const reports = shards.files.map(readReport);
    const reported = new Map(
      Object.entries(merged.actions)
        .filter(([, a]) => a.direction === "cp->cs")
        .map(([k, a]) => [k, a.count]),
    );
    expect(reported).toEqual(callsIn(shards.at));
    expect(merged.fleet.target).toBe(COUNT);
    expect(merged.fleet.booted).toBe(COUNT);
    expect(merged.messages.sent).toBe(reports.reduce((n, s) => n + s.messages.sent, 0));
    expect(merged.transactions.started).toBe(
      shards.at.filter((m) => m.action === "StartTransaction" && m.kind === "result").length,
    );
    expect(merged.merged).toEqual({ shards: 4, files: shards.files, missing: [] });
    expect(merged.thresholds.map((t) => [t.expression, t.measured, t.passed])).toEqual([
      [`BootNotification.count>=${COUNT}`, COUNT, true],
    ]);
    // Percentiles from the added histograms: a histogram of every shard's samples gives the same.
    for (const action of ["BootNotification", "StatusNotification"]) {
      const all = newHistogram();
      let samples = 0;
      for (const s of reports) samples += addSamples(all, s.actions[action]!.histogram);
      expect(samples).toBe(merged.actions[action]!.count);
      expect(merged.actions[action]!.latencyMs.p95).toBe(Math.round(all.getValueAtPercentile(95)) / 1000);
      expect(merged.actions[action]!.latencyMs.p50).toBe(Math.round(all.getValueAtPercentile(50)) / 1000);
      expect(merged.actions[action]!.latencyMs.max).toBe(Math.round(all.getValueAtPercentile(100)) / 1000);
    }
    // Timelines added bucket by bucket on the shared start.
    const at = (s: LoadReport, t: number) => s.timeline.find((p) => p.t === t);
    for (const p of merged.timeline) {
      expect(p.t % merged.timelineBucketMs).toBe(0);
      expect(p.booted).toBe(reports.reduce((n, s) => n + (at(s, p.t)?.booted ?? 0), 0));
      expect(p.errors).toBe(reports.reduce((n, s) => n + (at(s, p.t)?.errors ?? 0), 0));
    }
    expect(Math.max(...merged.timeline.map((p) => p.booted))).toBe(COUNT);
    expect(readFileSync(html, "utf8")).toContain("<html");
  }, 60_000);

  it("refuses a missing shard, a shard twice, and shards of different runs (exit 2, one sentence)", async () => {
    const [s0, s1, s2, s3] = shards.files as [string, string, string, string];
    const merge = (...args: string[]) => cpsimInProcess(["report", "merge", ...args]);
    let r = await merge(s0, s1, s3);
    expect([r.code, r.stderr]).toEqual([
      2,
      "cpsim: Shard 2 of 4 is missing (every shard 0..3 is needed); give its report too, or --allow-partial to merge what there is.\n",
    ]);
    r = await merge(s0, s1, s2, s3, s1);
    expect([r.code, r.stderr]).toEqual([2, `cpsim: Shard 1/4 is given twice: ${s1} and ${s1}.\n`]);
    const partial = join(out, "partial.json");
    r = await merge(s0, s1, s3, "--allow-partial", "--out", partial);
    expect(r.stderr).toBe(
      "cpsim: warning: shard 2 missing: these figures are a part of the run (--allow-partial).\n",
    );
    expect(r.code).toBe(1); // BootNotification.count>=22 cannot hold without shard 2's charge points
    expect(readReport(partial).merged!.missing).toEqual([2]);

    const altered = (file: string, change: (r: LoadReport) => void) => {
      const report = JSON.parse(readFileSync(file, "utf8")) as LoadReport;
      change(report);
      const f = join(out, `altered-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(f, JSON.stringify(report));
      return f;
    };
    const seed = altered(s3, (x) => {
      x.options.seed = 42;
    });
    r = await merge(s0, s1, s2, seed);
    expect([r.code, r.stderr]).toEqual([
      2,
      `cpsim: ${s0} and ${seed} are not shards of the same run: --seed is 4711 in ${s0} and 42 in ${seed}.\n`,
    ]);
    const version = altered(s3, (x) => {
      x.version = "9.9.9";
    });
    r = await merge(s0, s1, s2, version);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `cpsim: ${s0} and ${version} are not shards of the same run: the cpsim version is "0.1.0" in ${s0} and "9.9.9" in ${version}.\n`.replace(
        "0.1.0",
        readReport(s0).version,
      ),
    );
    const ramp = altered(s3, (x) => {
      x.shard!.settings.ramp = 100;
      x.shard!.fingerprint = "0".repeat(64);
    });
    r = await merge(s0, s1, s2, ramp);
    expect([r.code, r.stderr]).toEqual([
      2,
      `cpsim: ${s0} and ${ramp} are not shards of the same run: --ramp is not set in ${s0} and 100 in ${ramp}.\n`,
    ]);
  }, 60_000);
});
