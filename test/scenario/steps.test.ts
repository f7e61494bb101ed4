import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/scenario/load.ts";
import { runScenario } from "../../src/scenario/runner.ts";

async function run(steps: string, config = "MeterValueSampleInterval: 0") {
  const scenario = parseScenario(
    `version: 1\nname: T\nchargePoint:\n  id: CP-STEPS\n  config: { ${config} }\nsteps:\n${steps}`,
    "t.yaml",
  );
  return runScenario(scenario, { version: "1.6" });
}

const sent = (report: Awaited<ReturnType<typeof run>>) =>
  report.messages.filter((m) => m.dir === "out" && m.kind === "call").map((m) => m.action);
const payloads = (report: Awaited<ReturnType<typeof run>>, action: string) =>
  report.messages
    .filter((m) => m.dir === "out" && m.kind === "call" && m.action === action)
    .map((m) => m.payload);

describe("steps against the embedded central system", () => {
  it("fault and clearFault report Faulted with the error code, then resume charging", async () => {
    const report = await run(
      [
        "  - boot",
        "  - startTransaction: { idTag: T1 }",
        "  - fault: { errorCode: GroundFailure, info: RCD tripped }",
        "  - clearFault",
        "  - stopTransaction",
      ].join("\n"),
    );
    expect(report.passed).toBe(true);
    const statuses = payloads(report, "StatusNotification").map((p) => {
      const s = p as { connectorId: number; status: string; errorCode: string; info?: string };
      return `${s.connectorId}:${s.status}:${s.errorCode}${s.info ? `:${s.info}` : ""}`;
    });
    expect(statuses).toEqual([
      "0:Available:NoError",
      "1:Available:NoError",
      "1:Preparing:NoError",
      "1:Charging:NoError",
      "1:Faulted:GroundFailure:RCD tripped",
      "1:Charging:NoError",
      "1:Finishing:NoError",
    ]);
  });

  it("refuses to clear a fault that is not there", async () => {
    const report = await run("  - boot\n  - clearFault\n");
    expect(report.passed).toBe(false);
    expect(report.steps.at(-1)).toMatchObject({
      label: "clearFault",
      status: "failed",
      error: "connector 1 is not Faulted",
    });
  });

  it("dataTransfer returns the central system's answer for expect", async () => {
    const report = await run(
      "  - boot\n  - dataTransfer: { vendorId: com.example, messageId: Ping, data: hi, expect: { status: UnknownVendorId } }\n",
    );
    expect(report.passed).toBe(true);
    expect(payloads(report, "DataTransfer")).toEqual([
      { vendorId: "com.example", messageId: "Ping", data: "hi" },
    ]);
  });

  it("send passes any action with a raw payload, and refuses what the schema forbids before sending", async () => {
    const heartbeat = await run(
      '  - boot\n  - send: { action: Heartbeat, payload: {}, expect: { currentTime: "" } }\n',
    );
    expect(heartbeat.steps.at(-1)?.status).toBe("failed");
    expect(heartbeat.steps.at(-1)?.error).toMatch(/^expected currentTime to be "", got "\d{4}-/);

    const bad = await run("  - boot\n  - send: { action: Authorize, payload: { idTag: 42 } }\n");
    expect(bad.steps.at(-1)?.error).toBe(
      "Authorize was not sent because its payload is invalid: /idTag must be string (got 42)",
    );
    expect(sent(bad)).not.toContain("Authorize");

    // An action the charge point cannot send is refused before anything connects.
    await expect(run("  - boot\n  - send: { action: FlyToTheMoon }\n")).rejects.toThrow(
      "t.yaml:8:21: steps[1].send.action: FlyToTheMoon is not a call a charge point sends in OCPP",
    );
  });

  it("disconnect and reconnect keep the transaction and resume heartbeats and meter values", async () => {
    const report = await run(
      [
        "  - boot",
        "  - startTransaction: { idTag: T1 }",
        "  - disconnect",
        "  - reconnect",
        "  - meterValues",
        "  - stopTransaction",
      ].join("\n"),
    );
    expect(report.passed).toBe(true);
    expect(sent(report).slice(-3)).toEqual(["MeterValues", "StopTransaction", "StatusNotification"]);
    const start = report.messages.find((m) => m.action === "StartTransaction" && m.kind === "result")!
      .payload as { transactionId: number };
    expect((payloads(report, "StopTransaction")[0] as { transactionId: number }).transactionId).toBe(
      start.transactionId,
    );
  });

  it("a step after disconnect fails in one sentence", async () => {
    const report = await run("  - boot\n  - disconnect\n  - heartbeat\n");
    expect(report.steps.at(-1)).toMatchObject({
      status: "failed",
      error: "charge point CP-STEPS is not connected to a central system",
    });
  });

  it("setPower changes what the meter counts", async () => {
    const report = await run(
      "  - boot\n  - startTransaction: { idTag: T1, power: 3600W }\n  - setPower: { power: 0 }\n  - wait: 300ms\n  - meterValues\n  - stopTransaction\n",
      "MeterValueSampleInterval: 0, MeterValuesSampledData: Power.Active.Import",
    );
    expect(report.passed).toBe(true);
    const mv = payloads(report, "MeterValues")[0] as { meterValue: { sampledValue: { value: string }[] }[] };
    expect(mv.meterValue[0]!.sampledValue[0]!.value).toBe("0");
  });
});
