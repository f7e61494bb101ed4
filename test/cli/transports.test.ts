// The same scenario file over every transport cpsim speaks: OCPP 1.6-J, 1.6 SOAP and 1.5 SOAP,
// each against the embedded central system, each a full session with the same steps.
import { describe, expect, it } from "vitest";
import { BASIC_SCENARIO } from "../integration/helpers.ts";
import { cpsimInProcess } from "./helpers.ts";

interface Report {
  passed: boolean;
  scenarios: {
    target: { url: string; ocpp: string };
    steps: { status: string }[];
    messages: { dir: string; kind: string; action: string }[];
  }[];
}

async function run(args: string[]): Promise<Report["scenarios"][number]> {
  const r = await cpsimInProcess([
    "run",
    BASIC_SCENARIO,
    "--reporter",
    "json",
    "--time-scale",
    "20",
    ...args,
  ]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as Report;
  expect(report.passed).toBe(true);
  return report.scenarios[0]!;
}

// What the charge point asked, without the status notifications 1.5 folds into Occupied.
const sent = (s: Report["scenarios"][number]) =>
  s.messages
    .filter((m) => m.dir === "out" && m.kind === "call" && m.action !== "StatusNotification")
    .map((m) => m.action);

describe("one scenario, three transports", () => {
  it("runs the basic session over 1.6-J, 1.6 SOAP and 1.5 SOAP with the same messages", async () => {
    const json = await run([]);
    const soap16 = await run(["--transport", "soap"]);
    const soap15 = await run(["--ocpp", "1.5"]);
    expect(json.target.ocpp).toBe("1.6-J");
    expect(soap16.target.ocpp).toBe("1.6-S");
    expect(soap15.target.ocpp).toBe("1.5-S");
    expect(json.target.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(soap16.target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ocpp1\.6$/);
    expect(soap15.target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ocpp1\.5$/);
    for (const s of [json, soap16, soap15])
      expect(s.steps.every((step) => step.status === "passed")).toBe(true);
    expect(sent(soap16)).toEqual(sent(json));
    expect(sent(soap15)).toEqual(sent(json));
    expect(sent(json)).toEqual(
      expect.arrayContaining(["BootNotification", "StartTransaction", "MeterValues", "StopTransaction"]),
    );
  }, 60_000);
});
