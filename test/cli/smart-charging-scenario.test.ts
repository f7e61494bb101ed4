// The shipped smart charging scenario, run as a user would against the embedded central system.
import { describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/cli/run.ts";
import { cpsimInProcess } from "./helpers.ts";

describe("scenarios/smart-charging.yaml", () => {
  it("passes, and the power in the meter values steps from the profile's limits to the EV's 11 kW", async () => {
    const r = await cpsimInProcess(["run", "scenarios/smart-charging.yaml", "--reporter", "json"]);
    expect(r.stderr).toBe("");
    const report = (JSON.parse(r.stdout) as JsonReport).scenarios[0]!;
    expect(report.steps.filter((s) => s.status !== "passed")).toEqual([]);
    expect(report.passed).toBe(true);
    const powers = report.messages
      .filter((m) => m.action === "MeterValues" && m.kind === "call")
      .map((m) => {
        const [reading] = (
          m.payload as { meterValue: { sampledValue: { measurand?: string; value: string }[] }[] }
        ).meterValue;
        return Number(reading!.sampledValue.find((v) => v.measurand === "Power.Active.Import")!.value);
      });
    // Consecutive duplicates collapse: the readings go 3.68 kW, 7.36 kW, then 11 kW once cleared.
    expect(powers.filter((p, i) => p !== powers[i - 1])).toEqual([3680, 7360, 11_000]);
  });
});
