// A central system that drops every connection at once, mid-run: the fleet reconnects on its own
// (the charge point model's back-off), nothing of a transaction is lost, and the run still passes.
import { join } from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { tempFile } from "../cli/helpers.ts";
import { readReport, spawnLoad } from "./helpers.ts";

let cs: CentralSystem;
beforeAll(async () => {
  cs = await CentralSystem.start({ recordLimit: 100_000, heartbeatIntervalSec: 60 });
});
afterAll(() => cs.close());

it("a fleet rides out a central system that drops every connection, with nothing lost", async () => {
  const out = join(tempFile("x", ""), "..", "outage.json");
  const count = 20;
  const run = spawnLoad(
    ["--count", String(count), "--duration", "12s", "--time-scale", "20", "--session", "20s-40s"].concat([
      "--pause",
      "5s-10s",
      "--url",
      cs.url,
      "--reporter",
      "json",
      "--out",
      out,
    ]),
  );

  await cs.waitFor((m) => m.action === "StartTransaction" && m.kind === "result", 30_000);
  await vi.waitFor(() => expect(cs.connected.length).toBe(count), { timeout: 30_000, interval: 50 });
  const dropped = cs.connected.filter((id) => cs.drop(id));
  expect(dropped).toHaveLength(count);

  expect(await run.exited).toBe(0);
  expect(run.stderr()).toBe("");
  const report = readReport(out);
  expect(report.passed).toBe(true);
  expect(report.fleet.disconnects).toBe(count);
  expect(report.fleet.reconnects).toBe(count);
  // Every transaction reached the central system once (a resend keeps its message id) and ended.
  const starts = new Set(
    cs.messages
      .filter((m) => m.dir === "in" && m.kind === "call" && m.action === "StartTransaction")
      .map((m) => m.id),
  );
  expect(starts.size).toBe(report.transactions.started);
  expect(report.transactions.stopped).toBe(report.transactions.started);
  expect(cs.state.transactions.size).toBe(0);
}, 60_000);
