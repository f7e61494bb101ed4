// The neutral forms of centralSystemCall (`command:`) and waitForMessage (`event:`): one scenario,
// unchanged, sends each version's own calls and reads each version's own messages, and its steps
// answer with the same neutral fields on every version, the version's payload beside them.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cpsimInProcess, tempFile } from "./helpers.ts";

const COMMANDS = `version: 1
name: Every neutral command
chargePoint:
  id: CP-COMMANDS
  connectors: 2
  config: { MeterValueSampleInterval: 0, HeartbeatInterval: 300 }
steps:
  - boot
  - centralSystemCall: { command: getConfiguration, key: HeartbeatInterval, expect: { status: Accepted, value: "300" } }
  - centralSystemCall: { command: setConfiguration, key: HeartbeatInterval, value: 120, expect: { status: Accepted } }
  - centralSystemCall: { command: getConfiguration, key: HeartbeatInterval, expect: { value: "120" } }
  - centralSystemCall: { command: changeAvailability, connector: 2, availability: Inoperative, expect: { status: Accepted } }
  - waitForMessage: { event: status, expect: { connector: 2, status: Unavailable } }
  - centralSystemCall: { command: changeAvailability, connector: 2, availability: Operative, expect: { status: Accepted } }
  - waitForStatus: { connector: 2, status: Available }
  - centralSystemCall: { command: clearCache, expect: { status: Accepted } }
  - centralSystemCall: { command: dataTransfer, vendorId: com.example, messageId: ping }
  - centralSystemCall: { command: unlockConnector, connector: 1, expect: { status: Unlocked } }
  - startTransaction: { connector: 1, idTag: TAG-1 }
  - waitForMessage: { event: transactionStarted, expect: { connector: 1, idTag: TAG-1 } }
  - centralSystemCall: { command: reset, type: hard, expect: { status: Accepted } }
  - waitForMessage: { event: transactionEnded, capture: { ended: transactionId } }
  - waitForMessage: { event: boot, within: 2m, expect: { vendor: cpsim } }
  - waitForMessage: { name: the statuses after the reboot, event: status, expect: { connector: 2, status: Available }, within: 2m }
  - heartbeat
`;

interface Step {
  label: string;
  status: string;
  error?: string;
  response?: Record<string, unknown>;
}
interface Message {
  dir: string;
  kind: string;
  action: string;
}

async function run(version: string, transport: string) {
  const file = tempFile("commands.yaml", COMMANDS);
  const r = await cpsimInProcess([
    "run",
    file,
    ...["--ocpp", version, "--transport", transport, "--reporter", "json", "--time-scale", "20"],
  ]);
  const report = (JSON.parse(r.stdout) as { scenarios: { steps: Step[]; messages: Message[] }[] })
    .scenarios[0]!;
  expect(report.steps.filter((s) => s.status !== "passed")).toEqual([]);
  expect(r.code).toBe(0);
  const calls = report.messages.filter((m) => m.dir === "in" && m.kind === "call").map((m) => m.action);
  // The neutral fields of each command's answer, without the version's payload.
  const answers = report.steps
    .filter((s) => s.label === "centralSystemCall")
    .map(({ response }) =>
      Object.fromEntries(Object.entries(response ?? {}).filter(([k]) => k !== "payload")),
    );
  return { calls, answers, steps: report.steps };
}

describe("neutral central-system commands", () => {
  it("are each version's own calls, answered with the same neutral fields", async () => {
    const [j16, s16, s15, j201] = await Promise.all([
      run("1.6", "json"),
      run("1.6", "soap"),
      run("1.5", "soap"),
      run("2.0.1", "json"),
    ]);
    const calls16 = [
      "GetConfiguration",
      "ChangeConfiguration",
      "GetConfiguration",
      "ChangeAvailability",
      "ChangeAvailability",
      "ClearCache",
      "DataTransfer",
      "UnlockConnector",
      "Reset",
    ];
    expect(j16.calls).toEqual(calls16);
    expect(s16.calls).toEqual(calls16);
    expect(s15.calls).toEqual(calls16);
    // 2.0.1 reads and writes settings as device-model variables; the other calls keep their names.
    const renamed: Record<string, string> = {
      GetConfiguration: "GetVariables",
      ChangeConfiguration: "SetVariables",
    };
    expect(j201.calls).toEqual(calls16.map((a) => renamed[a] ?? a));
    // DataTransfer: the simulated charge point knows no vendor (1.x Rejected/UnknownVendorId differ by version).
    const same = (a: Record<string, unknown>[]) => a.map(({ status, value }) => ({ status, value }));
    const { answers } = j16;
    expect(answers[0]).toEqual({ status: "Accepted", value: "300", readonly: false });
    expect(same(j201.answers).filter((_, i) => i !== 6)).toEqual(same(answers).filter((_, i) => i !== 6));
    expect(same(s15.answers)).toEqual(same(answers));
    expect(j201.answers[6]).toEqual({ status: "UnknownVendorId" });
  });

  it("names the events the same on every version: a 2.0.1 TransactionEvent Started is a transactionStarted", async () => {
    const { steps } = await run("2.0.1", "json");
    const [started, ended] = steps
      .filter((s) => s.label === "waitForMessage")
      .map((s) => s.response!)
      .filter((r) => (r.payload as { eventType?: string }).eventType !== undefined);
    expect(started).toMatchObject({ connector: 1, idTag: "TAG-1", payload: { eventType: "Started" } });
    // The station's own transaction id, a string, is the neutral one; 2.0.1 ends it by ImmediateReset.
    expect(ended).toMatchObject({ reason: "HardReset", payload: { eventType: "Ended" } });
    expect(typeof ended!.transactionId).toBe("string");
  });
});

describe("cpsim validate with the neutral forms", () => {
  it("refuses arguments a command does not take or lacks, and a field an event does not have, at file:line:col", async () => {
    const file = tempFile(
      "bad.yaml",
      `version: 1
steps:
  - centralSystemCall: { command: remoteStart, payload: { idTag: X } }
  - centralSystemCall: { command: remoteStop, action: RemoteStopTransaction }
  - centralSystemCall: { name: nothing to send }
  - centralSystemCall: { command: getConfiguration, key: HeartbeatIntervl }
  - waitForMessage: { event: transactionStarted, expect: { reservation: 1 } }
`,
    );
    const r = await cpsimInProcess(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stdout.split("\n").filter(Boolean)).toEqual([
      `✘ ${file}:3:35: steps[0].centralSystemCall.command: remoteStart needs idTag`,
      `✘ ${file}:3:48: steps[0].centralSystemCall.payload: remoteStart has no argument payload (a command has arguments beside it, not a payload)`,
      `✘ ${file}:4:47: steps[1].centralSystemCall.action: give command or action, not both`,
      `✘ ${file}:5:5: steps[2].centralSystemCall: give command (the same on every OCPP version) or action (the version's own)`,
      `✘ ${file}:6:58: steps[3].centralSystemCall.key: no setting is named HeartbeatIntervl; did you mean "HeartbeatInterval"?`,
      `✘ ${file}:7:60: steps[4].waitForMessage.expect.reservation: transactionStarted has no field "reservation"; did you mean "reservationId"? (fields: connector, idTag, reservationId; the message itself is under payload)`,
    ]);
  });

  it("checks a version's own message by its schema, and refuses it on a version without it", async () => {
    const file = tempFile(
      "own.yaml",
      `version: 1
steps:
  - waitForMessage: { action: TransactionEvent, expect: { transactionInfo.transactionI: 1 } }
`,
    );
    const typo = await cpsimInProcess(["validate", file]);
    expect(typo.stdout).toContain(
      `${file}:3:59: steps[0].waitForMessage.expect.transactionInfo.transactionI: TransactionEvent has no field "transactionI"; did you mean "transactionId"?`,
    );
    writeFileSync(file, readFileSync(file, "utf8").replace("transactionI:", "transactionId:"));
    expect((await cpsimInProcess(["validate", file, "--ocpp", "2.0.1"])).code).toBe(0);
    const on16 = await cpsimInProcess(["validate", file, "--ocpp", "1.6"]);
    expect(on16.stdout).toContain(
      `${file}:3:5: steps[0].waitForMessage.action: TransactionEvent is OCPP 2.0.1's; OCPP 1.6 does not have it`,
    );
  });

  it("--ocpp refuses a command the version lacks, or a setting it has no name for, at the step", async () => {
    const file = tempFile(
      "versions.yaml",
      `version: 1
steps:
  - centralSystemCall: { command: triggerMessage, message: firmwareStatus }
  - centralSystemCall: { command: setConfiguration, key: NumberOfConnectors, value: 5 }
`,
    );
    const on15 = await cpsimInProcess(["validate", file, "--ocpp", "1.5"]);
    expect(on15.code).toBe(2);
    expect(on15.stdout).toContain(
      `${file}:3:5: steps[0].centralSystemCall.command: OCPP 1.5 has no triggerMessage command (1.6 and 2.0.1 have it)`,
    );
    const on201 = await cpsimInProcess(["validate", file, "--ocpp", "2.0.1"]);
    expect(on201.code).toBe(2);
    expect(on201.stdout).toContain(
      `${file}:4:5: steps[1].centralSystemCall.command: OCPP 2.0.1: the setting NumberOfConnectors has no variable in the device model of this version`,
    );
    expect((await cpsimInProcess(["validate", file, "--ocpp", "1.6"])).code).toBe(0);
    // A run is refused the same way, before anything connects.
    const run = await cpsimInProcess(["run", file, "--ocpp", "1.5"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("OCPP 1.5 has no triggerMessage command");
  });

  it("checks a captured argument when the step runs: a setting 2.0.1 has no variable for fails the step", async () => {
    const file = tempFile(
      "captured.yaml",
      `version: 1
steps:
  - boot
  - centralSystemCall: { command: getConfiguration, key: HeartbeatInterval, capture: { k: status } }
  - centralSystemCall: { command: getConfiguration, key: "NumberOf\${vars.k}" }
`,
    );
    const r = await cpsimInProcess(["run", file, "--ocpp", "2.0.1", "--reporter", "json"]);
    expect(r.code).toBe(1);
    const steps = JSON.parse(r.stdout).scenarios[0].steps as { status: string; error?: string }[];
    expect(steps.at(-1)).toMatchObject({
      status: "failed",
      error: "OCPP 2.0.1: the setting NumberOfAccepted has no variable in the device model of this version",
    });
  });
});
