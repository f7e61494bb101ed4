import Ajv2020Module from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/cli/run.ts";
import schema from "../../src/report/report.schema.json" with { type: "json" };
import { cpsimInProcess, tempFile } from "../cli/helpers.ts";

// ajv is CommonJS; under NodeNext its default export is the module object.
const Ajv2020 = Ajv2020Module.default;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv, ["date-time"]);
const validate = ajv.compile(schema);

const problems = (value: unknown) =>
  validate(value) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);

// A failed step, skipped steps, a wait (on no charge point) and an answer overridden from the CLI.
const FAILING = `version: 1
name: Refused remote start
chargePoint: { id: CP-SCHEMA, config: { MeterValueSampleInterval: 0 } }
steps:
  - boot
  - wait: 10ms
  - centralSystemCall: { action: RemoteStartTransaction, payload: { idTag: T1 }, expect: { status: Accepted } }
  - heartbeat
`;

async function jsonRun(args: string[]): Promise<JsonReport> {
  const r = await cpsimInProcess(["run", ...args, "--reporter", "json", "--time-scale", "10"]);
  expect(r.stderr).not.toContain("internal error");
  return JSON.parse(r.stdout) as JsonReport;
}

describe("the JSON report follows its published schema", () => {
  it("for passing runs with one and with several charge points, and a failing run", async () => {
    const report = await jsonRun([
      "scenarios/two-charge-points-one-idtag.yaml",
      "scenarios/authorization-rejected.yaml",
      tempFile("failing.yaml", FAILING),
      "--respond",
      "RemoteStartTransaction=Rejected",
    ]);
    expect(report.counts).toEqual({ scenarios: 3, passed: 2, failed: 1 });
    const failing = report.scenarios[2]!;
    expect(failing.steps.map((s) => [s.type, s.status, s.chargePoint])).toEqual([
      ["connect", "passed", "CP-SCHEMA"],
      ["boot", "passed", "CP-SCHEMA"],
      ["wait", "passed", undefined],
      ["centralSystemCall", "failed", "CP-SCHEMA"],
      ["heartbeat", "skipped", "CP-SCHEMA"],
    ]);
    expect(problems(report)).toEqual([]);
  }, 30_000);

  it("and the schema refuses what the report never holds", async () => {
    const report = await jsonRun(["scenarios/authorization-rejected.yaml"]);
    expect(problems(report)).toEqual([]);
    const run = report.scenarios[0]!;
    const broken = (change: (r: Record<string, unknown>) => void) => {
      const copy = structuredClone(report) as unknown as { scenarios: Record<string, unknown>[] };
      change(copy.scenarios[0]!);
      return problems(copy);
    };
    expect(broken((r) => ((r.steps as { status: string }[])[0]!.status = "ok"))).toEqual([
      "/scenarios/0/steps/0/status must be equal to one of the allowed values",
    ]);
    expect(broken((r) => delete r.chargePoints)).toEqual([
      "/scenarios/0 must have required property 'chargePoints'",
    ]);
    expect(broken((r) => ((r.messages as { at: string }[])[0]!.at = "yesterday"))).toEqual([
      '/scenarios/0/messages/0/at must match format "date-time"',
    ]);
    expect(broken((r) => (r.surprise = 1))).toEqual(["/scenarios/0 must NOT have additional properties"]);
    expect(run.messages.length).toBeGreaterThan(0);
  }, 30_000);
});
