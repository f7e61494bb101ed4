// Bad shard options and bad files to merge: exit 2 and one sentence, before anything connects; a
// shard with workers inside, and a shard that starts after --start-at, as real processes.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpsim, cpsimInProcess, tempFile } from "../cli/helpers.ts";
import { connectionCounter, readReport } from "./helpers.ts";
import { csmsProcess } from "./shard-helpers.ts";

describe("cpsim load --shard: bad input", () => {
  let target: Awaited<ReturnType<typeof connectionCounter>>;
  beforeAll(async () => {
    target = await connectionCounter();
  });
  afterAll(() => target.close());

  const cases: [string, string[], NodeJS.ProcessEnv, string][] = [
    [
      "--shard 4/4",
      ["--shard", "4/4"],
      {},
      "--shard 4/4: the shard index must be from 0 to 3 (indexes start at 0).",
    ],
    ["--shard 0/0", ["--shard", "0/0"], {}, "--shard 0/0: the number of shards must be at least 1."],
    [
      "--shard a/b",
      ["--shard", "a/b"],
      {},
      "--shard a/b: expected <index>/<shards> with the index from 0, e.g. 0/4.",
    ],
    [
      "more shards than charge points",
      ["--shard", "0/11"],
      {},
      "11 shards is more than the 10 charge points; each shard needs at least one.",
    ],
    [
      "an index out of range from the environment",
      ["--shard-from-env", "JOB_COMPLETION_INDEX", "--shards", "4"],
      { JOB_COMPLETION_INDEX: "4" },
      "--shard-from-env JOB_COMPLETION_INDEX (JOB_COMPLETION_INDEX=4): the shard index must be from 0 to 3 (indexes start at 0).",
    ],
    [
      "an index that is not a number",
      ["--shard-from-env", "JOB_COMPLETION_INDEX", "--shards", "4"],
      { JOB_COMPLETION_INDEX: "two" },
      '--shard-from-env JOB_COMPLETION_INDEX: JOB_COMPLETION_INDEX="two" is not a shard index (0 to 3).',
    ],
    [
      "the variable missing",
      ["--shard-from-env", "JOB_COMPLETION_INDEX", "--shards", "4"],
      {},
      "--shard-from-env JOB_COMPLETION_INDEX: the environment variable JOB_COMPLETION_INDEX is not set.",
    ],
    [
      "--shard-from-env without --shards",
      ["--shard-from-env", "JOB_COMPLETION_INDEX"],
      { JOB_COMPLETION_INDEX: "1" },
      "--shard-from-env JOB_COMPLETION_INDEX needs --shards <n>: how many shards the run has.",
    ],
    [
      "a shard without --seed",
      ["--shard", "1/4"],
      {},
      "--shard needs --seed: every shard of a run must draw the same random numbers.",
    ],
    [
      "--start-at long past",
      ["--start-at", "2020-01-01T00:00:00Z", "--duration", "1m"],
      {},
      "is already over",
    ],
    [
      "--start-at without a zone",
      ["--start-at", "2026-12-01T06:00:00"],
      {},
      "--start-at 2026-12-01T06:00:00: expected an ISO 8601 time with its zone, e.g. 2026-12-01T06:00:00Z.",
    ],
  ];
  for (const [what, args, env, message] of cases) {
    it(`${what}: exit 2, one sentence, nothing connects`, async () => {
      const r = await cpsimInProcess(["load", "--count", "10", "--url", target.url, ...args], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
      expect(target.count()).toBe(0);
    });
  }
});

describe("cpsim report merge: files that are not shard reports", () => {
  const file = (name: string, text: string) => tempFile(name, text);
  const cases: [string, () => string, RegExp][] = [
    ["bad JSON", () => file("bad.json", "{ not json"), /bad\.json is not JSON, so not a cpsim load report/],
    [
      "other JSON",
      () => file("other.json", '{"hello": 1}'),
      /other\.json is not a cpsim load report \(its "tool"/,
    ],
    [
      "a cpsim run report",
      () => file("run.json", JSON.stringify({ tool: { name: "cpsim", version: "0.1.0" }, passed: true })),
      /run\.json is a cpsim run report; only cpsim load reports \(--reporter json\) can be merged\./,
    ],
    [
      "a load report that breaks its schema",
      () => file("broken.json", JSON.stringify({ tool: "cpsim", kind: "load", version: "0.1.0" })),
      /broken\.json is not a valid cpsim load report \(of cpsim 0\.1\.0\): the top level must have required property/,
    ],
    [
      "a file that is not there",
      () => "/nonexistent/shard-0.json",
      /Cannot read \/nonexistent\/shard-0\.json: no such file\./,
    ],
  ];
  for (const [what, make, message] of cases) {
    it(`${what}: exit 2, one sentence`, async () => {
      const r = await cpsimInProcess(["report", "merge", make()]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    });
  }

  it("documents itself under --help with examples", async () => {
    const r = await cpsimInProcess(["report", "merge", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("$ cpsim report merge shard-*.json --out total.json --html total.html");
    expect(r.stdout).toContain("--allow-partial");
  });
});

describe("a shard as a process", () => {
  let cs: Awaited<ReturnType<typeof csmsProcess>>;
  beforeAll(async () => {
    cs = await csmsProcess();
  });
  afterAll(() => cs?.stop());

  it("runs its range in worker processes, and a late one joins the schedule and ends with the run", async () => {
    const out = join(tempFile("x", ""), "..", "shard.json");
    // The shared start was 3 s ago: this shard is late (more so while its workers load, seconds on
    // a busy machine), catches up and ends at start + 25 s.
    const startAt = new Date(Date.now() - 3000).toISOString();
    const r = await cpsim([
      "load",
      ...["--count", "8", "--shard", "1/2", "--workers", "2", "--seed", "3", "--workload", "idle"],
      ...["--duration", "25s", "--start-at", startAt, "--url", cs.url, "--reporter", "json", "--out", out],
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/worker 1: charge points CP-00004\.\.CP-00005 \(pid \d+\)/);
    expect(r.stdout).toMatch(/worker 2: charge points CP-00006\.\.CP-00007 \(pid \d+\)/);
    expect(r.stdout).toMatch(
      /started \d+\.\d s after --start-at: joining the run where it stands, ending with the others/,
    );
    const booted = cs
      .take()
      .filter((m) => m.dir === "in" && m.action === "BootNotification")
      .map((m) => m.cp);
    expect(booted.sort()).toEqual(["CP-00004", "CP-00005", "CP-00006", "CP-00007"]);
    const report = readReport(out);
    expect(report.startedAt).toBe(startAt);
    expect(report.shard!.lateMs).toBeGreaterThanOrEqual(3000);
    expect(report.options.shard).toBe("1/2");
    // It ended with the run, not 25 s after it began.
    expect(Date.parse(report.endedAt) - Date.parse(startAt)).toBeLessThan(25_000 + 5000);
    // Its timeline starts where it joined, on the run's buckets.
    expect(report.timeline[0]!.t).toBeGreaterThan(3000);
    expect(report.timeline.every((p) => p.t % report.timelineBucketMs === 0)).toBe(true);
    // The verdict leaves thresholds to the merge.
    expect(report.thresholds).toEqual([]);
  }, 90_000);
});
