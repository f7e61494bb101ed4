// Every step type that works against any central system (all but centralSystemCall, which drives
// the embedded one) in one scenario, run against central systems cpsim did not write: ocpp-rpc in
// strict mode over OCPP-J, and the `soap` package's server over 1.6 and 1.5 SOAP. Each peer sends
// one call of its own (ChangeConfiguration) after the first Heartbeat, for expectCall.
import { describe, expect, it } from "vitest";
import type { OcppVersion } from "../../src/ocpp/versions.ts";
import { parseScenario } from "../../src/scenario/load.ts";
import { runScenario } from "../../src/scenario/runner.ts";
import { startOcppRpcCsms } from "./helpers.ts";
import { startSoapPeer } from "./soap-peer.ts";

const SCENARIO = `version: 1
name: Every step
chargePoint: { id: CP-ALL-STEPS, connectors: 2, config: { MeterValueSampleInterval: 1 } }
steps:
  - boot
  - heartbeat
  - expectCall: { action: ChangeConfiguration, within: 10s, expect: { key: HeartbeatInterval } }
  - status: { connector: 2, status: Unavailable }
  - authorize: { idTag: TAG-1, expect: { idTagInfo.status: Accepted } }
  - plugIn
  - startTransaction: { idTag: TAG-1, power: 7kW }
  - charge: { duration: 2s }
  - setPower: { power: 3kW }
  - meterValues
  - fault: { errorCode: GroundFailure }
  - clearFault
  - waitForStatus: { status: Charging, within: 5s }
  # A periodic sample (every simulated second) while charging.
  - waitForMessage: { action: MeterValues, within: 5s }
  - stopTransaction
  - unplug
  - dataTransfer: { vendorId: com.example }
  - send: { action: Heartbeat, payload: {} }
  - disconnect
  - reconnect
  - wait: 1s
`;

const STEP_TYPES = [...SCENARIO.matchAll(/^ {2}- (\w+)/gm)].map((m) => m[1]);

async function runAgainst(url: string, version: OcppVersion, sendCall: () => Promise<unknown>) {
  const scenario = parseScenario(SCENARIO, "every-step.yaml");
  const [report] = await Promise.all([runScenario(scenario, { url, version, timeScale: 10 }), sendCall()]);
  const failed = report.steps.filter((s) => s.status !== "passed");
  expect(failed, JSON.stringify(failed)).toEqual([]);
  expect(report.problems).toEqual([]);
  expect(report.steps.map((s) => s.type).filter((t) => t !== "connect")).toEqual(STEP_TYPES);
  return report;
}

describe("every step against independent central systems", () => {
  it("ocpp-rpc in strict mode (OCPP 1.6-J)", async () => {
    const csms = await startOcppRpcCsms();
    try {
      await runAgainst(csms.url, "1.6", async () => {
        const client = await csms.nextClient();
        await csms.log.waitForCount("Heartbeat", 1);
        await client.call("ChangeConfiguration", { key: "HeartbeatInterval", value: "600" });
      });
      expect(csms.strictFailures).toEqual([]);
      expect(csms.badMessages).toEqual([]);
    } finally {
      await csms.close();
    }
  }, 30_000);

  for (const version of ["1.6", "1.5"] as const) {
    it(`the soap package's server (OCPP ${version} SOAP)`, async () => {
      const peer = await startSoapPeer(version);
      try {
        await runAgainst(peer.url, version, async () => {
          await peer.log.waitForCount("Heartbeat", 1);
          await peer.command("ChangeConfiguration", { key: "HeartbeatInterval", value: "600" });
        });
        expect(peer.log.actions).toContain("DataTransfer");
      } finally {
        await peer.close();
      }
    }, 30_000);
  }
});
