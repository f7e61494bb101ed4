// Every fault step in one scenario, run against ocpp-rpc in strict mode: what a correct central
// system answers to each is asserted from both ends.
import { afterEach, describe, expect, it } from "vitest";
import { parseScenario } from "../../src/scenario/load.ts";
import { runScenario } from "../../src/scenario/runner.ts";
import { startOcppRpcCsms } from "../integration/helpers.ts";

const SCENARIO = `version: 1
name: Faults
chargePoint: { id: CP-FAULTS }
timeScale: 1000
steps:
  - boot
  - sendMalformed: { frame: '[2, "m1", "Heartbeat"', expect: { errorCode: RpcFrameworkError } }
  - sendInvalid: { action: StatusNotification, payload: { connectorId: one, errorCode: NoError, status: Available }, expect: { errorCode: TypeConstraintViolation } }
  - duplicateMessage: { action: Heartbeat, expect: { repeat.result.currentTime: { exists: true } } }
  - duplicateMessage: { action: Authorize, payload: { idTag: DUP }, newId: true }
  - skewClock: { by: -1h }
  - status: { connector: 1, status: Unavailable }
  - skewClock: { by: 0 }
  - delayMessage: { action: StatusNotification, by: 200s }
  - status: { connector: 1, status: Available }
  - stopReading: { for: 100s }
  - dropMidMessage: { action: DataTransfer, payload: { vendorId: cpsim } }
  - reconnect
  - heartbeat
`;

let csms: Awaited<ReturnType<typeof startOcppRpcCsms>> | undefined;
afterEach(async () => {
  await csms?.close();
  csms = undefined;
});

describe("fault steps against ocpp-rpc strict", () => {
  it("runs every fault and records the central system's answers", async () => {
    csms = await startOcppRpcCsms();
    const report = await runScenario(parseScenario(SCENARIO, "faults.yaml"), {
      url: csms.url,
      version: "1.6",
    });
    const failed = report.steps.filter((s) => s.status !== "passed");
    expect(failed, JSON.stringify(failed)).toEqual([]);
    expect(report.problems).toEqual([]);
    const byLabel = (l: string) => report.steps.filter((s) => s.label === l);
    expect(byLabel("sendMalformed")[0]!.response).toMatchObject({ errorCode: "RpcFrameworkError" });
    expect(byLabel("sendInvalid")[0]!.response).toMatchObject({ errorCode: "TypeConstraintViolation" });
    expect(byLabel("duplicateMessage")[1]!.response).toMatchObject({
      repeat: { result: { idTagInfo: { status: "Accepted" } } },
    });
    // Both copies of each duplicate reached the server; the clock skew shows in the timestamp.
    expect(csms!.log.of("Authorize")).toHaveLength(2);
    const [skewed, right] = csms!.log
      .of("StatusNotification")
      .slice(-2)
      .map((c) => Date.parse(String(c.params.timestamp)));
    expect(right! - skewed!).toBeGreaterThan(3_500_000);
    expect(csms!.log.of("DataTransfer")).toHaveLength(0);
  });
});
