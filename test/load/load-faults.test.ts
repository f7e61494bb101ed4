// --fault in a load run: faults drawn at random in every charge point's messages. A central system
// that copes (cpsim's embedded one answers a repeated message id from memory) ends the run with
// every transaction stopped once, while the cut connections are counted and ridden out.
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { cpsimInProcess, tempFile } from "../cli/helpers.ts";
import { connectionCounter, readReport } from "./helpers.ts";

let cs: CentralSystem;
beforeAll(async () => {
  cs = await CentralSystem.start({ recordLimit: 100_000, heartbeatIntervalSec: 60 });
});
afterAll(() => cs.close());

it("drops and duplicates at random, and the fleet still stops every transaction once", async () => {
  const out = join(tempFile("x", ""), "..", "faults.json");
  const args = ["load", "--count", "20", "--duration", "8s", "--time-scale", "20", "--url", cs.url];
  const r = await cpsimInProcess([
    ...args,
    ...["--session", "20s-40s", "--pause", "5s-10s", "--fault", "drop:5%", "--fault", "duplicate:10%"],
    ...["--reporter", "json", "--out", out],
  ]);
  expect(r.stderr).toBe("");
  const report = readReport(out);
  expect(report.fleet.disconnects).toBeGreaterThan(0);
  expect(report.fleet.reconnects).toBeGreaterThan(0);
  const repeats = cs.messages.filter((m) => m.dir === "in" && m.kind === "call").length;
  const ids = new Set(
    cs.messages.filter((m) => m.dir === "in" && m.kind === "call").map((m) => `${m.cp} ${m.id}`),
  );
  // Duplicates reached the central system under their first id.
  expect(repeats).toBeGreaterThan(ids.size);
  expect(report.transactions.started).toBeGreaterThan(0);
  expect(report.transactions.stopped).toBe(report.transactions.started);
  expect(cs.state.transactions.size).toBe(0);
}, 60_000);

it("draws its faults from --seed: the same seed repeats the same messages of the same charge points", async () => {
  // Each charge point's calls in order, a repeated one twice: idle charge points send a fixed
  // sequence (boot, statuses), so only the fault draws can tell two runs apart.
  const run = async (seed: string) => {
    cs.messages.length = 0;
    const r = await cpsimInProcess([
      ...["load", "--count", "20", "--duration", "2s", "--workload", "idle", "--url", cs.url],
      ...["--seed", seed, "--fault", "duplicate:30%"],
    ]);
    expect(r.stderr).toBe("");
    const calls = new Map<string, string[]>();
    for (const m of cs.messages)
      if (m.dir === "in" && m.kind === "call") calls.set(m.cp, [...(calls.get(m.cp) ?? []), m.action]);
    return calls;
  };
  const first = await run("5");
  const sent = [...first.values()].flat().length;
  const distinct = new Set(
    cs.messages.filter((m) => m.dir === "in" && m.kind === "call").map((m) => `${m.cp} ${m.id}`),
  ).size;
  expect(sent).toBeGreaterThan(distinct);
  expect(await run("5")).toEqual(first);
  expect(await run("6")).not.toEqual(first);
}, 60_000);

it("refuses a fault it cannot read before connecting: exit 2, one sentence", async () => {
  const counter = await connectionCounter();
  try {
    const r = await cpsimInProcess(["load", "--count", "2", "--url", counter.url, "--fault", "drop:abc"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--fault drop:abc is not a fault; expected drop:<p>/);
    expect(counter.count()).toBe(0);
  } finally {
    await counter.close();
  }
});
