import { describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/cli/run.ts";
import { cpsimInProcess, tempFile } from "./helpers.ts";

const REFUSES_CHANGES = `version: 1
name: Refuses changes
chargePoint: { id: CP-RESPOND, config: { MeterValueSampleInterval: 0 } }
respond: { ChangeConfiguration: Rejected }
steps:
  - boot
  - centralSystemCall:
      action: ChangeConfiguration
      payload: { key: HeartbeatInterval, value: "60" }
      expect: { status: NotSupported }
`;

describe("cpsim run --respond", () => {
  it("overrides the charge point's answer, and wins over the scenario's respond", async () => {
    const file = tempFile("respond.yaml", REFUSES_CHANGES);
    const fromFile = await cpsimInProcess(["run", file]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stdout).toContain('expected status to be "NotSupported", got "Rejected"');

    const r = await cpsimInProcess([
      "run",
      file,
      "--respond",
      "ChangeConfiguration=NotSupported",
      "-r",
      "json",
    ]);
    expect(r.code).toBe(0);
    const answer = (JSON.parse(r.stdout) as JsonReport).scenarios[0]!.messages.find(
      (m) => m.action === "ChangeConfiguration" && m.kind === "result",
    );
    expect(answer).toMatchObject({ dir: "out", payload: { status: "NotSupported" } });
  });

  it("takes a whole payload as JSON", async () => {
    const file = tempFile(
      "config.yaml",
      `version: 1\nchargePoint: { config: { MeterValueSampleInterval: 0 } }\nsteps:\n  - boot\n  - centralSystemCall: { action: GetConfiguration, expect: { configurationKey: { exists: false }, unknownKey.0: X } }\n`,
    );
    const r = await cpsimInProcess(["run", file, "--respond", 'GetConfiguration={"unknownKey":["X"]}']);
    expect(r.stdout).toContain("PASSED");
    expect(r.code).toBe(0);
  });

  it.each([
    [
      "RemoteStartTransaction=Rejectd",
      `Rejectd is not a valid answer to RemoteStartTransaction: /status must be one of Accepted, Rejected (got "Rejectd").`,
    ],
    [
      "RemoteStartTransation=Rejected",
      `RemoteStartTransation is not a call the central system sends in OCPP 1.6; did you mean "RemoteStartTransaction"?`,
    ],
    ["Reset", "expected Action=Status or Action={json}, e.g. RemoteStartTransaction=Rejected."],
    ["GetConfiguration={configurationKey", "the answer to GetConfiguration is not valid JSON"],
  ])("--respond %s is a usage error, before anything connects", async (value, message) => {
    const r = await cpsimInProcess(["run", "scenarios/remote-start-stop.yaml", "--respond", value]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message);
  });

  it("is shown with an example in --help", async () => {
    const r = await cpsimInProcess(["run", "--help"]);
    expect(r.stdout).toContain("--respond <action=answer>");
    expect(r.stdout).toContain("--respond RemoteStartTransaction=Rejected");
  });
});

describe("cpsim run with several charge points", () => {
  it("names the charge point of every step and message in the readable log", async () => {
    const r = await cpsimInProcess([
      "run",
      "scenarios/two-charge-points-one-idtag.yaml",
      "--time-scale",
      "10",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("charge points CP-LEFT-001, CP-RIGHT-001 → embedded central system");
    expect(r.stdout).toContain("▶ boot on CP-RIGHT-001");
    expect(r.stdout).toMatch(/\n {2}CP-RIGHT-001 ← StartTransaction\s+transactionId \d+, ConcurrentTx/);
    expect(r.stdout).toMatch(/\n {2}CP-LEFT-001 {2}→ BootNotification/);
    expect(r.stdout).toContain("✔ the same card is refused on CP-RIGHT-001");
  });

  it("refuses --id, which names one charge point, with exit 2 before any scenario runs", async () => {
    const r = await cpsimInProcess([
      "run",
      "scenarios/basic-charging-session.yaml",
      "scenarios/two-charge-points-one-idtag.yaml",
      "--id",
      "CP-9",
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "cpsim: --id sets the identity of a single charge point, but scenarios/two-charge-points-one-idtag.yaml has 2 (left, right); set their ids in the file.\n",
    );
  });

  it("names the charge point in JUnit test cases", async () => {
    const r = await cpsimInProcess([
      "run",
      "scenarios/two-charge-points-one-idtag.yaml",
      "--time-scale",
      "10",
      "-r",
      "junit",
    ]);
    expect(r.stdout).toContain('<testcase name="0. connect on CP-LEFT-001"');
    expect(r.stdout).toContain('<testcase name="0. connect on CP-RIGHT-001"');
    expect(r.stdout).toContain('<testcase name="4. the same card is refused on CP-RIGHT-001"');
    expect(r.stdout).toContain('<property name="chargePoint.id" value="CP-LEFT-001, CP-RIGHT-001"/>');
  });
});
