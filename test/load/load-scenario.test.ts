import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { cpsimInProcess, tempFile } from "../cli/helpers.ts";
import { NOTIFY_EVENT_STEP } from "../fixtures/notify-event-201.ts";
import { callsAt, connectionCounter, readReport, reportedCalls } from "./helpers.ts";

const SESSION = `version: 1
name: One session per charge point
thresholds:
  - "StartTransaction.count>=1"
chargePoint: { config: { MeterValueSampleInterval: 0 } }
steps:
  - boot
  - authorize: { idTag: "TAG-\${cp.index}" }
  - startTransaction: { idTag: "TAG-\${cp.index}" }
  - wait: 20s
  - dataTransfer: { vendorId: "\${cp.id}" }
  - stopTransaction
`;

describe("cpsim load --scenario", () => {
  let cs: CentralSystem;
  beforeAll(async () => {
    cs = await CentralSystem.start({ recordLimit: 100_000 });
  });
  afterAll(() => cs.close());

  it("20 charge points waiting at once on the fleet's signal print no MaxListenersExceededWarning", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    try {
      const file = tempFile("wait.yaml", "version: 1\nname: Waits\nsteps:\n  - boot\n  - wait: 1h\n");
      const r = await cpsimInProcess(
        ["load", "--count", "20", "--scenario", file, "--duration", "1s"].concat(["--url", cs.url]),
      );
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      // Node emits a warning on the next tick.
      await new Promise<void>((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).toEqual([]);
  }, 60_000);

  it("runs the scenario on every charge point for --iterations, with ${cp.index} and ${cp.id} filled in", async () => {
    cs.messages.length = 0;
    const out = join(tempFile("x", ""), "..", "load.json");
    const file = tempFile("session.yaml", SESSION);
    const r = await cpsimInProcess([
      "load",
      "--count",
      "20",
      "--scenario",
      file,
      "--iterations",
      "2",
      "--time-scale",
      "20",
      "--url",
      cs.url,
      "--reporter",
      "json",
      "--out",
      out,
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = readReport(out);
    expect(report.options.workload).toBe("scenario");
    expect(report.scenario).toEqual({ iterations: 40, iterationsFailed: 0, stepFailures: {} });
    expect(report.transactions).toEqual({ started: 40, stopped: 40, refused: 0 });
    expect(report.thresholds.map((t) => [t.expression, t.passed])).toEqual([
      ["StartTransaction.count>=1", true],
    ]);
    expect(reportedCalls(report)).toEqual(callsAt(cs.messages));
    const tags = cs.messages.filter((m) => m.dir === "in" && m.kind === "call" && m.action === "Authorize");
    for (const m of tags) expect((m.payload as { idTag: string }).idTag).toBe(`TAG-${Number(m.cp.slice(3))}`);
    const vendors = cs.messages.filter(
      (m) => m.dir === "in" && m.kind === "call" && m.action === "DataTransfer",
    );
    expect(vendors).toHaveLength(40);
    for (const m of vendors) expect((m.payload as { vendorId: string }).vendorId).toBe(m.cp);
  });

  it("checks a scenario's own actions against --ocpp: 2.0.1's NotifyEvent goes out from every station", async () => {
    cs.messages.length = 0;
    const file = tempFile(
      "notify.yaml",
      `version: 1
ocpp: [2.0.1]
steps:
  - boot
${NOTIFY_EVENT_STEP}`,
    );
    const args = ["load", "--count", "3", "--scenario", file, "--iterations", "1", "--url", cs.url];
    const r = await cpsimInProcess([...args, "--ocpp", "2.0.1"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const notified = cs.messages.filter(
      (m) => m.dir === "in" && m.kind === "call" && m.action === "NotifyEvent",
    );
    expect(new Set(notified.map((m) => m.cp)).size).toBe(3);
    const refused = await cpsimInProcess(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${file}:2:1: this scenario runs on OCPP 2.0.1 (its ocpp:)`);
  }, 60_000);

  it("a thresholds: block in the file that is crossed fails the run", async () => {
    const file = tempFile(
      "strict.yaml",
      SESSION.replace("StartTransaction.count>=1", "StartTransaction.count>=1000"),
    );
    const r = await cpsimInProcess([
      "load",
      "--count",
      "5",
      "--scenario",
      file,
      "--iterations",
      "1",
      "--time-scale",
      "50",
      "--url",
      cs.url,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/StartTransaction\.count>=1000\s+>= 1000\s+5\s+CROSSED/);
  });

  describe("scenarios cpsim load refuses, before any connection", () => {
    let target: Awaited<ReturnType<typeof connectionCounter>>;
    beforeAll(async () => {
      target = await connectionCounter();
    });
    afterAll(() => target.close());
    const cases: [string, string, RegExp, string[]?][] = [
      [
        "a YAML mistake",
        "version: 1\nsteps:\n  - bootx\n",
        /:3:5: steps\[0\]: unknown step "bootx"; did you mean "boot"\?/,
      ],
      [
        "a step it cannot run",
        "version: 1\nsteps:\n  - boot\n  - expectCall: { action: Reset }\n",
        /:4:5: cpsim load cannot run the step expectCall/,
      ],
      [
        "a bad threshold in the file",
        'version: 1\nthresholds: ["Boot.p95<1ms"]\nsteps: [boot]\n',
        /thresholds: "Boot\.p95<1ms": Boot is not an OCPP 1\.6 action\./,
      ],
      [
        "an unknown template",
        'version: 1\nsteps:\n  - authorize: { idTag: "${cp.name}" }\n',
        /invalid template \$\{cp\.name\}/,
      ],
      // The version checks of cpsim run: the versions ocpp: declares, the actions a version lacks.
      [
        "a version its ocpp: does not declare",
        "version: 1\nocpp: [1.6]\nsteps:\n  - boot\n",
        /bad\.yaml:2:1: this scenario runs on OCPP 1\.6 \(its ocpp:\), not on 2\.0\.1; run it with --ocpp 1\.6\./,
        ["--ocpp", "2.0.1"],
      ],
      [
        "an action the version does not have",
        "version: 1\nsteps:\n  - boot\n  - send: { action: StartTransaction, payload: {} }\n",
        /bad\.yaml:4:21: steps\[1\]\.send\.action: StartTransaction is OCPP 1\.5 and 1\.6's; OCPP 2\.0\.1 does not have it/,
        ["--ocpp", "2.0.1"],
      ],
      [
        "a call the version lacks",
        "version: 1\nrespond: { TriggerMessage: Rejected }\nsteps: [boot]\n",
        /bad\.yaml uses TriggerMessage, which OCPP 1\.5 does not have \(it came with 1\.6\); run it with --ocpp 1\.6\./,
        ["--ocpp", "1.5", "--transport", "soap"],
      ],
    ];
    for (const [what, yaml, message, extra = []] of cases) {
      it(`${what}: exit 2 with the file and line`, async () => {
        const r = await cpsimInProcess([
          "load",
          "--count",
          "3",
          "--url",
          target.url,
          "--scenario",
          tempFile("bad.yaml", yaml),
          ...extra,
        ]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
        expect(target.count()).toBe(0);
      });
    }
  });
});
