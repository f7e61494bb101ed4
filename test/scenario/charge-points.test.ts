import { describe, expect, it } from "vitest";
import type { MessageReport } from "../../src/report/model.ts";
import { parseScenario } from "../../src/scenario/load.ts";
import { runScenario } from "../../src/scenario/runner.ts";
import schema from "../../src/scenario/scenario.schema.json" with { type: "json" };

const TWO = `version: 1
name: Two
chargePoints:
  left: { id: CP-L, config: { MeterValueSampleInterval: 0 } }
  right: { config: { MeterValueSampleInterval: 0 }, connectors: 2 }
centralSystem: { oneTransactionPerIdTag: true }
steps:
`;

const run = (steps: string, opts: { id?: string } = {}) =>
  runScenario(parseScenario(TWO + steps, "two.yaml"), { version: "1.6", ...opts });

const calls = (messages: MessageReport[], cp: string) =>
  messages.filter((m) => m.cp === cp && m.dir === "out" && m.kind === "call").map((m) => m.action);

describe("several charge points in one scenario", () => {
  it("connects each with its own identity and runs each step on the one it names, the first by default", async () => {
    const r = await run(
      [
        "  - boot",
        "  - boot: { chargePoint: right }",
        "  - heartbeat: { chargePoint: right }",
        "  - wait: 10ms",
        "  - plugIn: { chargePoint: right, connector: 2 }",
      ].join("\n"),
    );
    expect(r.passed).toBe(true);
    expect(r.chargePoints).toEqual(["CP-L", "right"]);
    expect(r.steps.map((s) => [s.label, s.chargePoint])).toEqual([
      ["connect", "CP-L"],
      ["connect", "right"],
      ["boot", "CP-L"],
      ["boot", "right"],
      ["heartbeat", "right"],
      ["wait", undefined],
      ["plugIn", "right"],
    ]);
    expect(calls(r.messages, "CP-L")).toEqual([
      "BootNotification",
      "StatusNotification",
      "StatusNotification",
    ]);
    expect(calls(r.messages, "right")).toEqual([
      "BootNotification",
      "StatusNotification",
      "StatusNotification",
      "StatusNotification",
      "Heartbeat",
      "StatusNotification",
    ]);
  });

  it("refuses a second transaction for one idTag on another charge point, and shares captures", async () => {
    const r = await run(
      [
        "  - boot",
        "  - boot: { chargePoint: right }",
        "  - startTransaction: { idTag: SHARED, capture: { first: transactionId } }",
        "  - startTransaction: { chargePoint: right, idTag: SHARED, expect: { idTagInfo.status: ConcurrentTx } }",
        '  - centralSystemCall: { chargePoint: left, action: RemoteStopTransaction, payload: { transactionId: "${vars.first}" }, expect: { status: Accepted } }',
        "  - waitForStatus: { status: Finishing }",
        "  - unplug",
      ].join("\n"),
    );
    const right = r.messages.filter(
      (m) => m.cp === "right" && m.action === "StopTransaction" && m.kind === "call",
    );
    // The charge point itself stops a transaction the central system did not accept (StopTransactionOnInvalidId).
    expect(right.map((m) => m.payload)).toMatchObject([{ reason: "DeAuthorized", idTag: "SHARED" }]);
    expect(r.passed).toBe(true);
    const stopLeft = r.messages.find(
      (m) => m.cp === "CP-L" && m.action === "StopTransaction" && m.kind === "call",
    );
    expect(stopLeft?.payload).toMatchObject({ reason: "Remote" });
  });

  it("gives each charge point the calls sent to it alone", async () => {
    const r = await run(
      [
        "  - boot",
        "  - boot: { chargePoint: right }",
        "  - centralSystemCall: { chargePoint: right, action: ChangeConfiguration, payload: { key: HeartbeatInterval, value: '60' } }",
        "  - expectCall: { action: ChangeConfiguration, within: 200ms, onFailure: continue }",
        "  - expectCall: { chargePoint: right, action: ChangeConfiguration, expect: { value: '60' } }",
      ].join("\n"),
    );
    expect(r.steps.slice(-2).map((s) => [s.status, s.error])).toEqual([
      ["failed", "no ChangeConfiguration came from the central system within 0.2s"],
      ["passed", undefined],
    ]);
  });

  it("refuses --id, which can only name one charge point, before anything starts", async () => {
    await expect(run("  - boot", { id: "CP-X" })).rejects.toThrow(
      "--id sets the identity of a single charge point, but two.yaml has 2 (left, right); set their ids in the file.",
    );
  });

  it("keeps the file's order of charge points, even for names that look like numbers", () => {
    const scenario = parseScenario(
      "version: 1\nname: N\nchargePoints:\n  b: { id: B }\n  1: { id: A }\nsteps:\n  - boot\n",
      "n.yaml",
    );
    expect(scenario.chargePoints.map((c) => c.name)).toEqual(["b", "1"]);
    expect(scenario.steps[0]!.chargePoint).toBe("b");
  });

  it("every step that acts on a charge point can choose one in the published schema", () => {
    const defs = schema.$defs as Record<string, { properties?: Record<string, unknown> }>;
    const steps = (schema.$defs.step.oneOf[1] as { properties: Record<string, { $ref?: string }> })
      .properties;
    const lacking = Object.entries(steps)
      .filter(([type]) => type !== "wait")
      .filter(([, p]) => !("chargePoint" in defs[p.$ref!.replace("#/$defs/", "")]!.properties!))
      .map(([type]) => type);
    expect(Object.keys(steps).length).toBeGreaterThan(15);
    expect(lacking).toEqual([]);
  });
});
