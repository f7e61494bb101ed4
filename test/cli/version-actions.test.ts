// A step that names an action speaks that version's payload: the actions and payloads of
// centralSystemCall, expectCall, respond, --respond, send, the fault steps and waitForMessage are
// checked against the version the run speaks (--ocpp), or for validate without --ocpp against the
// versions the scenario declares (else the default one).
import { describe, expect, it } from "vitest";
import { NOTIFY_EVENT_STEP } from "../fixtures/notify-event-201.ts";
import { cpsimInProcess, tempFile } from "./helpers.ts";

const STEPS_201 = `respond:
  GetLocalListVersion: { versionNumber: 7 }
steps:
  - boot
  - centralSystemCall:
      action: GetVariables
      payload: { getVariableData: [ { component: { name: OCPPCommCtrlr }, variable: { name: HeartbeatInterval } } ] }
      expect: { getVariableResult.0.attributeStatus: Accepted, getVariableResult.0.attributeValue: "300" }
  - centralSystemCall:
      action: SetChargingProfile
      payload:
        evseId: 1
        chargingProfile:
          id: 5
          stackLevel: 0
          chargingProfilePurpose: TxDefaultProfile
          chargingProfileKind: Relative
          chargingSchedule: [ { id: 1, chargingRateUnit: W, chargingSchedulePeriod: [ { startPeriod: 0, limit: 11000 } ] } ]
      expect: { status: Accepted }
  - centralSystemCall:
      action: GetChargingProfiles
      payload: { requestId: 42, chargingProfile: { chargingProfilePurpose: TxDefaultProfile } }
      expect: { status: Accepted }
  - waitForMessage: { action: ReportChargingProfiles, within: 5s, expect: { requestId: 42, chargingProfile.0.id: 5 } }
  - centralSystemCall: { action: GetLocalListVersion, payload: {}, expect: { versionNumber: 7 } }
${NOTIFY_EVENT_STEP}  - duplicateMessage: { action: Heartbeat }
`;

const DECLARED_201 = `version: 1\nname: own actions\nocpp: [2.0.1]\n${STEPS_201}`;
const UNDECLARED = `version: 1\nname: own actions\n${STEPS_201}`;

describe("a 2.0.1 scenario's own actions", () => {
  it("validate checks them against the version ocpp: declares, and run --ocpp 2.0.1 passes end to end", async () => {
    const file = tempFile("own201.yaml", DECLARED_201);
    const v = await cpsimInProcess(["validate", file]);
    expect(v.stdout).toBe(`✔ ${file}: own actions, 8 steps\n`);
    expect(v.code).toBe(0);
    const r = await cpsimInProcess(["run", file, "--ocpp", "2.0.1"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("PASSED own actions: 9 passed, 0 failed");
    expect(r.code).toBe(0);
  }, 30_000);

  it("an undeclared scenario is checked against --ocpp, and without it against the default version", async () => {
    const file = tempFile("undeclared.yaml", UNDECLARED);
    expect((await cpsimInProcess(["validate", file, "--ocpp", "2.0.1"])).code).toBe(0);
    const v = await cpsimInProcess(["validate", file]);
    expect(v.code).toBe(2);
    expect(v.stdout).toContain(
      `✘ ${file}:8:15: steps[1].centralSystemCall.action: GetVariables is OCPP 2.0.1's; OCPP 1.6 does not have it\n`,
    );
    const r = await cpsimInProcess(["run", file, "--ocpp", "1.6"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      `cpsim: ${file}:29:15: steps[6].send.action: NotifyEvent is OCPP 2.0.1's; OCPP 1.6 does not have it\n`,
    );
    expect(r.stderr).not.toContain("    at ");
  });

  it("on --ocpp 1.6 a declared 2.0.1 scenario is refused in one sentence naming the versions", async () => {
    const file = tempFile("own201.yaml", DECLARED_201);
    const r = await cpsimInProcess(["run", file, "--ocpp", "1.6"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `cpsim: ${file}:3:1: this scenario runs on OCPP 2.0.1 (its ocpp:), not on 1.6; run it with --ocpp 2.0.1.\n`,
    );
  });

  it("a 1.6 action on a 2.0.1 run is refused, naming the versions that have it", async () => {
    const file = tempFile(
      "v16.yaml",
      "version: 1\nrespond: { RemoteStartTransaction: Accepted }\nsteps:\n  - boot\n  - centralSystemCall: { action: RemoteStartTransaction, payload: { idTag: A } }\n  - send: { action: StartTransaction, payload: {} }\n",
    );
    const r = await cpsimInProcess(["run", file, "--ocpp", "2.0.1"]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n").filter(Boolean)).toEqual([
      `cpsim: ${file}:2:12: respond.RemoteStartTransaction: RemoteStartTransaction is OCPP 1.5 and 1.6's; OCPP 2.0.1 does not have it`,
      `cpsim: ${file}:5:34: steps[1].centralSystemCall.action: RemoteStartTransaction is OCPP 1.5 and 1.6's; OCPP 2.0.1 does not have it`,
      `cpsim: ${file}:6:21: steps[2].send.action: StartTransaction is OCPP 1.5 and 1.6's; OCPP 2.0.1 does not have it`,
    ]);
  });

  it("a wrong 2.0.1 payload is named at its place with the 2.0.1 schema's complaint", async () => {
    const file = tempFile(
      "bad201.yaml",
      `version: 1
ocpp: [2.0.1]
steps:
  - boot
  - centralSystemCall: { action: GetVariables, payload: { getVariableDat: [] } }
  - expectCall: { action: GetVariables, respond: { getVariableResults: [] } }
  - waitForMessage: { action: ReportChargingProfiles, expect: { requestID: 1 } }
  - dropMidMessage: { action: NotifyEvent, payload: { seqNo: 0 } }
`,
    );
    const v = await cpsimInProcess(["validate", file]);
    expect(v.code).toBe(2);
    expect(v.stdout.split("\n").filter(Boolean)).toEqual([
      `✘ ${file}:5:57: steps[1].centralSystemCall.payload: not a valid GetVariables request: (payload) is missing required property "getVariableData"`,
      `✘ ${file}:6:50: steps[2].expectCall.respond: {"getVariableResults":[]} is not a valid answer to GetVariables: (payload) is missing required property "getVariableResult"`,
      `✘ ${file}:7:65: steps[3].waitForMessage.expect.requestID: ReportChargingProfiles has no field "requestID"; did you mean "requestId"?`,
      `✘ ${file}:8:53: steps[4].dropMidMessage.payload: not a valid NotifyEvent request: (payload) is missing required property "generatedAt" (sendInvalid sends one on purpose)`,
    ]);
    const r = await cpsimInProcess(["run", file, "--ocpp", "2.0.1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `cpsim: ${file}:5:57: steps[1].centralSystemCall.payload: not a valid GetVariables`,
    );
  });

  it("a scenario declaring several versions is checked against each; a problem only one has names it", async () => {
    const file = tempFile(
      "both.yaml",
      `version: 1
ocpp: [1.6, 2.0.1]
steps:
  - boot
  - centralSystemCall: { action: DataTransfer, payload: { vendorID: x } }
  - centralSystemCall: { action: Reset, payload: { type: Hard } }
  - centralSystemCall: { action: GetVariables, payload: { getVariableData: [] } }
`,
    );
    const v = await cpsimInProcess(["validate", file]);
    expect(v.code).toBe(2);
    expect(v.stdout.split("\n").filter(Boolean)).toEqual([
      `✘ ${file}:5:57: steps[1].centralSystemCall.payload: not a valid DataTransfer request: (payload) is missing required property "vendorId"`,
      `✘ ${file}:6:50: steps[2].centralSystemCall.payload: OCPP 2.0.1: not a valid Reset request: /type must be one of Immediate, OnIdle (got "Hard")`,
      `✘ ${file}:7:34: steps[3].centralSystemCall.action: GetVariables is OCPP 2.0.1's; OCPP 1.6 does not have it`,
    ]);
  });
});

describe("--respond on the run's version", () => {
  it("takes a 2.0.1 answer on --ocpp 2.0.1, whatever the order of the options", async () => {
    const file = tempFile(
      "r.yaml",
      "version: 1\nocpp: [2.0.1]\nsteps:\n  - boot\n  - centralSystemCall: { action: GetLocalListVersion, payload: {}, expect: { versionNumber: 3 } }\n",
    );
    const r = await cpsimInProcess([
      "run",
      file,
      "--respond",
      'GetLocalListVersion={"versionNumber":3}',
      "--ocpp",
      "2.0.1",
    ]);
    expect(r.stdout).toContain("PASSED");
    expect(r.code).toBe(0);
  }, 30_000);

  it("refuses an action or an answer the run's version does not have, before anything connects", async () => {
    const file = tempFile("r.yaml", "version: 1\nsteps: [boot]\n");
    const other = await cpsimInProcess(["run", file, "--respond", "GetVariables={}"]);
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      "cpsim: --respond GetVariables: GetVariables is OCPP 2.0.1's; OCPP 1.6 does not have it.\n",
    );
    const answer = await cpsimInProcess([
      "run",
      file,
      "--ocpp",
      "2.0.1",
      "--respond",
      "GetLocalListVersion=Accepted",
    ]);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toBe(
      'cpsim: --respond GetLocalListVersion: Accepted is not a valid answer to GetLocalListVersion: (payload) is missing required property "versionNumber".\n',
    );
  });
});
