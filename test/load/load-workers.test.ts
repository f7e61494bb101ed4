import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { BIN, cpsimInProcess, ROOT, tempFile } from "../cli/helpers.ts";
import { callsAt, readReport, reportedCalls } from "./helpers.ts";

const outFile = () => join(tempFile("x", ""), "..", "load.json");

describe("cpsim load --workers", () => {
  let cs: CentralSystem;
  beforeAll(async () => {
    // No heartbeat during the test: an idle fleet then sends exactly the same calls every run.
    cs = await CentralSystem.start({ recordLimit: 100_000, heartbeatIntervalSec: 86_400 });
  });
  afterAll(() => cs.close());

  const idle = (extra: string[], out: string) =>
    cpsimInProcess([
      "load",
      "--count",
      "30",
      "--workload",
      "idle",
      "--duration",
      "6s",
      "--url",
      cs.url,
      "--reporter",
      "json",
      "--out",
      out,
      ...extra,
    ]);

  it("two worker processes give the same totals as one process, and the central system's", async () => {
    cs.messages.length = 0;
    const one = outFile();
    expect((await idle([], one)).code).toBe(0);
    const atCs1 = callsAt(cs.messages);
    cs.messages.length = 0;
    const two = outFile();
    const r = await idle(["--workers", "2"], two);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/worker 1: charge points CP-00000\.\.CP-00014 \(pid \d+\)/);
    expect(r.stdout).toMatch(/worker 2: charge points CP-00015\.\.CP-00029 \(pid \d+\)/);
    const a = readReport(one);
    const b = readReport(two);
    expect(b.options.workers).toBe(2);
    expect(reportedCalls(b)).toEqual(callsAt(cs.messages));
    expect(reportedCalls(b)).toEqual(reportedCalls(a));
    expect(reportedCalls(a)).toEqual(atCs1);
    expect(b.fleet.booted).toBe(30);
    expect(b.fleet.boots).toEqual(a.fleet.boots);
    expect(b.messages.sent).toBe(a.messages.sent);
    expect(b.actions.BootNotification!.histogram).not.toBe("");
  }, 60_000);

  it("more workers than charge points is bad input", async () => {
    const r = await cpsimInProcess(["load", "--count", "3", "--workers", "4", "--url", cs.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "cpsim: --workers 4 is more than the 3 charge points; each worker needs at least one.\n",
    );
  });

  it("a killed worker ends the run, which fails naming its charge points", async () => {
    // Only this run's boots count: an earlier test's CP-00015 must not start the kill too soon.
    cs.messages.length = 0;
    const out = outFile();
    const child = spawn(
      process.execPath,
      [
        BIN,
        "load",
        "--count",
        "20",
        "--workers",
        "2",
        "--workload",
        "idle",
        "--duration",
        "10m",
        "--url",
        cs.url,
        "--out",
        out,
      ],
      { cwd: ROOT, env: { ...process.env, CPSIM_FROM_SOURCE: "1" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    const pid = new Promise<number>((resolve) => {
      child.stdout.on("data", (d) => {
        stdout += d;
        const m = /worker 2: charge points \S+ \(pid (\d+)\)/.exec(stdout);
        if (m) resolve(Number(m[1]));
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    const worker = await pid;
    await cs.waitFor(
      (m) => m.cp === "CP-00015" && m.action === "BootNotification" && m.kind === "result",
      30_000,
    );
    process.kill(worker, "SIGKILL");
    expect(await exited).toBe(1);
    expect(stdout).toContain("worker 2 died (charge points CP-00010..CP-00019): it was killed by SIGKILL");
    const report = readReport(out);
    expect(report.passed).toBe(false);
    expect(report.workersFailed).toEqual([
      { worker: 2, chargePoints: "CP-00010..CP-00019", reason: "it was killed by SIGKILL" },
    ]);
    expect(report.verdict).toMatch(/^Failed: 1 worker process died/);
  }, 90_000);
});
