// The shipped smart charging scenario, run as a user would against the embedded central system,
// unchanged on every version that has smart charging (1.6 over JSON and SOAP, 2.0.1); 1.5 refuses it.
import { describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/cli/run.ts";
import { cpsimInProcess, tempFile } from "./helpers.ts";

// biome-ignore lint/suspicious/noExplicitAny: wire payloads, read by path
type Payload = Record<string, any>;

/** The power of each reading the charge point sent, whichever message carried it. */
function powers(report: JsonReport["scenarios"][number]): number[] {
  return report.messages
    .filter((m) => m.kind === "call" && (m.action === "MeterValues" || m.action === "TransactionEvent"))
    .flatMap((m) => (m.payload as Payload).meterValue ?? [])
    .flatMap((reading: Payload) => reading.sampledValue)
    .filter((v: Payload) => v.measurand === "Power.Active.Import")
    .map((v: Payload) => Number(v.value));
}

const RUNS: [string, string[]][] = [
  ["1.6 over JSON", ["--ocpp", "1.6"]],
  ["1.6 over SOAP", ["--ocpp", "1.6", "--transport", "soap"]],
  ["2.0.1", ["--ocpp", "2.0.1"]],
];

// The README's 10 A example, and the other neutral smart charging commands around it.
const LIMITS = `version: 1
name: Limit a session to 10 A
timeScale: 60
chargePoint:
  power: 11kW
  config: { MeterValueSampleInterval: 60, MeterValuesSampledData: "Energy.Active.Import.Register,Power.Active.Import" }
steps:
  - boot
  - centralSystemCall:
      command: setChargingProfile
      profile:
        id: 9
        stackLevel: 0
        purpose: ChargingStationMaxProfile
        kind: Absolute
        startSchedule: "2020-01-01T00:00:00Z"
        unit: A
        periods: [{ startPeriod: 0, limit: 16 }]
      expect: { status: Accepted }
  - centralSystemCall:
      command: getCompositeSchedule
      duration: 600
      expect: { status: Accepted, unit: A, duration: 600, periods.0.limit: 16 }
  - centralSystemCall: { command: clearChargingProfile, profileId: 9, expect: { status: Accepted } }
  - centralSystemCall: { command: clearChargingProfile, profileId: 9, expect: { status: Unknown } }
  - startTransaction: { idTag: TAG-1, capture: { txId: transactionId } }
  - centralSystemCall:
      command: setChargingProfile
      connector: 1
      profile:
        id: 1
        transactionId: "\${vars.txId}"
        stackLevel: 0
        purpose: TxProfile
        kind: Relative
        unit: A
        periods: [{ startPeriod: 0, limit: 10 }]
      expect: { status: Accepted }
  # 10 A on three phases at 230 V: the EV gets 6.9 kW of the 11 kW it asks for.
  - charge: { duration: 5m, expect: { powerW: 6900 } }
  - stopTransaction
`;

describe("the neutral smart charging commands", () => {
  for (const [name, options] of RUNS) {
    it(`are ${name}'s own calls, and limit the session the same`, async () => {
      const file = tempFile("limits.yaml", LIMITS);
      const r = await cpsimInProcess(["run", file, "--reporter", "json", ...options]);
      const report = (JSON.parse(r.stdout) as JsonReport).scenarios[0]!;
      expect(report.steps.filter((s) => s.status !== "passed")).toEqual([]);
      const sent = report.messages.filter((m) => m.dir === "in" && m.kind === "call").map((m) => m.action);
      expect(sent).toEqual([
        "SetChargingProfile",
        "GetCompositeSchedule",
        "ClearChargingProfile",
        "ClearChargingProfile",
        "SetChargingProfile",
      ]);
    });
  }
});

describe("scenarios/smart-charging.yaml", () => {
  for (const [name, options] of RUNS) {
    it(`passes on ${name}, and the power in the readings steps from the profile's limits to the EV's 11 kW`, async () => {
      const r = await cpsimInProcess([
        "run",
        "scenarios/smart-charging.yaml",
        "--reporter",
        "json",
        ...options,
      ]);
      expect(r.stderr).toBe("");
      const report = (JSON.parse(r.stdout) as JsonReport).scenarios[0]!;
      expect(report.steps.filter((s) => s.status !== "passed")).toEqual([]);
      expect(report.passed).toBe(true);
      const p = powers(report);
      // Consecutive duplicates collapse: the readings go 3.68 kW, 7.36 kW, then 11 kW once cleared.
      expect(p.filter((w, i) => w !== p[i - 1])).toEqual([3680, 7360, 11_000]);
    });
  }

  it("is refused on 1.5, which has no smart charging, at its ocpp: entry", async () => {
    const r = await cpsimInProcess(["validate", "scenarios/smart-charging.yaml", "--ocpp", "1.5"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("scenarios/smart-charging.yaml:14:1: this scenario runs on OCPP 1.6, 2.0.1");
  });

  it("validate --ocpp names the step a version cannot send: 2.0.1's startSchedule rules, 1.5's missing calls", async () => {
    const file = tempFile(
      "profiles.yaml",
      `version: 1
steps:
  - boot
  - centralSystemCall:
      command: setChargingProfile
      profile: { id: 1, stackLevel: 0, purpose: TxDefaultProfile, kind: Absolute, unit: A, periods: [{ startPeriod: 0, limit: 16 }] }
  - centralSystemCall:
      command: remoteStart
      idTag: TAG
      profile: { id: 2, stackLevel: 0, purpose: TxProfile, kind: Relative, unit: W, periods: [{ startPeriod: 0, limit: 3680 }] }
`,
    );
    expect((await cpsimInProcess(["validate", file, "--ocpp", "1.6"])).code).toBe(0);
    const v201 = await cpsimInProcess(["validate", file, "--ocpp", "2.0.1"]);
    expect(v201.code).toBe(2);
    expect(v201.stdout).toContain(
      `${file}:4:5: steps[1].centralSystemCall.command: OCPP 2.0.1: an Absolute profile needs a startSchedule (K01.FR.40)`,
    );
    const v15 = await cpsimInProcess(["validate", file, "--ocpp", "1.5"]);
    expect(v15.code).toBe(2);
    expect(v15.stdout).toContain(
      `${file}:4:5: steps[1].centralSystemCall.command: OCPP 1.5 has no setChargingProfile command`,
    );
    expect(v15.stdout).toContain(
      `${file}:7:5: steps[2].centralSystemCall.command: OCPP 1.5: a remote start carries no charging profile`,
    );
  });
});
