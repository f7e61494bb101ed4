import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/cli/run.ts";
import { CentralSystem } from "../../src/csms/server.ts";
import { closedPort, cpsim, cpsimInProcess, QUICK_SCENARIO, tempFile } from "./helpers.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what this test looks for.
const ANSI = /\x1b\[/;

describe("cpsim run", () => {
  it("runs the shipped basic scenario against the embedded central system and reports every step passed", async () => {
    const r = await cpsim(["run", "scenarios/basic-charging-session.yaml", "--reporter", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as JsonReport;
    expect(json).toMatchObject({ passed: true, counts: { scenarios: 1, passed: 1, failed: 0 } });
    const report = json.scenarios[0]!;
    expect(report.passed).toBe(true);
    expect(report.target.embedded).toBe(true);
    expect(report.steps.map((s) => s.type)).toEqual([
      "connect",
      "boot",
      "status",
      "authorize",
      "plugIn",
      "startTransaction",
      "charge",
      "stopTransaction",
      "unplug",
      "heartbeat",
    ]);
    expect(report.steps.every((s) => s.status === "passed")).toBe(true);
    const sent = report.messages.filter((m) => m.dir === "out" && m.kind === "call").map((m) => m.action);
    expect(sent.filter((a) => a === "MeterValues").length).toBeGreaterThanOrEqual(3);
    const stop = report.messages.find((m) => m.action === "StopTransaction" && m.kind === "call")!
      .payload as { meterStop: number };
    // 11 kW for at least 16 s is at least 48.9 Wh.
    expect(stop.meterStop).toBeGreaterThanOrEqual(48);
  }, 40_000);

  it("prints a readable log without colors when not on a terminal", async () => {
    const file = tempFile("quick.yaml", QUICK_SCENARIO);
    const r = await cpsim(["run", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toContain("→ BootNotification");
    expect(r.stdout).toMatch(/← StartTransaction\s+transactionId \d+, Accepted/);
    expect(r.stdout).toMatch(/PASSED Quick session: 7 passed, 0 failed, 0 skipped/);
  });

  it("colors with FORCE_COLOR, never with NO_COLOR", async () => {
    const file = tempFile("quick.yaml", QUICK_SCENARIO);
    const forced = await cpsimInProcess(["run", file], { FORCE_COLOR: "1" });
    expect(forced.stdout).toMatch(ANSI);
    const off = await cpsimInProcess(["run", file], { FORCE_COLOR: "1", NO_COLOR: "1" });
    expect(off.stdout).not.toMatch(ANSI);
  });

  it("writes the JSON report to --out and still prints progress", async () => {
    const file = tempFile("quick.yaml", QUICK_SCENARIO);
    const out = tempFile("report.json", "");
    const r = await cpsimInProcess(["run", file, "--reporter", "json", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("PASSED");
    const report = (JSON.parse(readFileSync(out, "utf8")) as JsonReport).scenarios[0]!;
    expect(report.counts).toMatchObject({ steps: 7, passed: 7, failed: 0, skipped: 0 });
  });

  it("closes its connection and exits promptly after a run against a central system it did not start", async () => {
    const cs = await CentralSystem.start();
    try {
      const r = await cpsim(["run", tempFile("quick.yaml", QUICK_SCENARIO), "--url", cs.url]);
      expect(r.code).toBe(0);
      // The process can only have exited with the socket closed; the central system saw it go.
      expect(cs.connected).toEqual([]);
    } finally {
      await cs.close();
    }
  });

  it("exits 1 with one plain sentence when nothing listens at the URL", async () => {
    const port = await closedPort();
    const file = tempFile("quick.yaml", QUICK_SCENARIO);
    const r = await cpsim(["run", file, "--url", `ws://127.0.0.1:${port}`, "--reporter", "json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `cpsim: Quick session failed at step "connect": Could not connect to ws://127.0.0.1:${port}/CP-QUICK: connection refused, nothing is listening there.\n`,
    );
    const report = (JSON.parse(r.stdout) as JsonReport).scenarios[0]!;
    expect(report.steps.map((s) => s.status)).toEqual([
      "failed",
      "skipped",
      "skipped",
      "skipped",
      "skipped",
      "skipped",
      "skipped",
    ]);
  });

  it("fails the run when the central system rejects the card", async () => {
    const file = tempFile(
      "reject.yaml",
      "version: 1\nname: Reject\nsteps:\n  - boot\n  - authorize: { idTag: T1, expect: { idTagInfo.status: Blocked } }\n",
    );
    const r = await cpsimInProcess(["run", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✘ authorize");
    expect(r.stdout).toContain('expected idTagInfo.status to be "Blocked", got "Accepted"');
  });
});

describe("bad input", () => {
  it("names file, line and column of a scenario mistake, exit 2, no stack trace", async () => {
    const file = tempFile("bad.yaml", "version: 1\nsteps:\n  - boot\n  - stopTransation\n");
    const r = await cpsim(["run", file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `cpsim: ${file}:4:5: steps[1]: unknown step "stopTransation"; did you mean "stopTransaction"?\n`,
    );
  });

  it.each([
    [["run", "nope.yaml"], "cpsim: Cannot read scenario nope.yaml: no such file.\n"],
    [
      ["run", "scenarios/basic-charging-session.yaml", "--ocpp", "1.5", "--transport", "json"],
      "cpsim: OCPP 1.5 has no JSON binding; use --transport soap or an http:// URL.\n",
    ],
    [
      ["run", "scenarios/basic-charging-session.yaml", "--url", "ws://127.0.0.1:9/x", "--transport", "soap"],
      "cpsim: --transport soap does not go with ws://127.0.0.1:9/x: SOAP uses http(s):// URLs, OCPP-J ws(s):// URLs.\n",
    ],
    [
      ["run", "scenarios/basic-charging-session.yaml", "--url", "ws://127.0.0.1:9/x", "--ocpp", "1.5"],
      "cpsim: OCPP 1.5 has no JSON binding; use --transport soap or an http:// URL.\n",
    ],
    [["run", "scenarios/basic-charging-session.yaml", "--listen", "nowhere"], "expected host:port"],
    [
      ["run", "scenarios/basic-charging-session.yaml", "--listen", "127.0.0.1:8090"],
      "cpsim: --listen and --endpoint-url are for SOAP, where the central system calls the charge point back; OCPP-J needs neither.\n",
    ],
    [
      ["run", "scenarios/smart-charging.yaml", "--ocpp", "1.5"],
      "cpsim: scenarios/smart-charging.yaml:14:1: this scenario runs on OCPP 1.6, 2.0.1 (its ocpp:), not on 1.5; run it with --ocpp 1.6.\n",
    ],
    [
      ["run", "scenarios/remote-start-stop.yaml", "--ocpp", "1.5", "--respond", "TriggerMessage=Rejected"],
      "cpsim: --respond TriggerMessage: OCPP 1.5 has no TriggerMessage (it came with 1.6).\n",
    ],
    [
      ["run", "scenarios/basic-charging-session.yaml", "--url", "localhost:9000"],
      "is not a central system URL",
    ],
    [
      ["run", "scenarios/basic-charging-session.yaml", "--ocpp", "2.0"],
      "Allowed choices are 1.5, 1.6, 2.0.1.",
    ],
    [["run", "scenarios/basic-charging-session.yaml", "--ocpp", "2"], "Allowed choices are 1.5, 1.6, 2.0.1."],
    [
      ["run", "scenarios/basic-charging-session.yaml", "--ocpp", "2.0.1", "--transport", "soap"],
      "cpsim: OCPP 2.0.1 has no SOAP binding; use --transport json or a ws:// URL.\n",
    ],
    [["run", "scenarios/basic-charging-session.yaml", "--call-timeout", "soon"], "expected a duration"],
    [["run", "scenarios/basic-charging-session.yaml", "--time-scale", "0"], "expected a positive number"],
    [["run", "scenarios/basic-charging-session.yaml", "--cert", "c.pem"], "--cert and --key go together"],
    [
      ["run", "scenarios/basic-charging-session.yaml", "--ca", "missing.pem"],
      "Cannot read the CA certificate file missing.pem: no such file.",
    ],
    [["run", "scenarios/basic-charging-session.yaml", "--bogus"], "unknown option '--bogus'"],
    [["fly"], "unknown command 'fly'"],
  ])("%j exits 2 with a clear message", async (args, message) => {
    const r = await cpsimInProcess(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("help", () => {
  it.each([[["--help"]], [["run", "--help"]], [["csms", "--help"]]])(
    "%j shows usage with examples",
    async (args) => {
      const r = await cpsimInProcess(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Usage: cpsim");
      expect(r.stdout).toContain("Examples:");
    },
  );
});
