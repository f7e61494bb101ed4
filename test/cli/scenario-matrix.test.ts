// Issue 12's matrix: every shipped scenario, unchanged, run by `cpsim run` (in-process, the CLI
// path a user takes) over 1.6-J, 1.6 SOAP, 1.5 SOAP and 2.0.1-J against the embedded central
// system. A combination is left out only when the scenario says so: its `ocpp:` leaves the version
// out, or it has fault steps SOAP cannot do. Either way the run must be refused with exit 2 and
// the reason, not passed silently.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NOT_OVER_SOAP } from "../../src/scenario/fault-steps.ts";
import { loadScenario } from "../../src/scenario/load.ts";
import { cpsimInProcess, ROOT } from "./helpers.ts";

const COMBINATIONS = [
  { name: "1.6-J", version: "1.6", transport: "json" },
  { name: "1.6-S", version: "1.6", transport: "soap" },
  { name: "1.5-S", version: "1.5", transport: "soap" },
  { name: "2.0.1-J", version: "2.0.1", transport: "json" },
] as const;

const DIR = join(ROOT, "scenarios");
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

/** What each combination must come to: the run passes, or it is refused for the scenario's reason. */
function expected(file: string): Record<string, string> {
  const scenario = loadScenario(join(DIR, file));
  const soapless = scenario.steps.some((s) => NOT_OVER_SOAP.has(s.type));
  return Object.fromEntries(
    COMBINATIONS.map((c) => {
      if (scenario.ocpp && !scenario.ocpp.versions.includes(c.version)) return [c.name, "refused: ocpp"];
      if (soapless && c.transport === "soap") return [c.name, "refused: soap"];
      return [c.name, "passed"];
    }),
  );
}

interface Report {
  passed: boolean;
  target: { ocpp: string; embedded: boolean };
  steps: { label: string; status: string; error?: string }[];
}

async function outcome(file: string, c: (typeof COMBINATIONS)[number]): Promise<string> {
  const path = join(DIR, file);
  // Real time would make the matrix minutes long; a scenario that sets its own scale keeps it.
  const scale = loadScenario(path).timeScale === undefined ? ["--time-scale", "10"] : [];
  const args = ["run", path, "--ocpp", c.version, "--transport", c.transport, "--reporter", "json", ...scale];
  const r = await cpsimInProcess(args);
  if (r.code === 2) {
    // Refused before anything connected: one sentence naming the file, no report.
    expect(r.stdout).toBe("");
    if (r.stderr.includes("(its ocpp:), not on")) return "refused: ocpp";
    if (r.stderr.includes("cannot run over SOAP")) return "refused: soap";
    return `refused: ${r.stderr.trim()}`;
  }
  const report = (JSON.parse(r.stdout) as { scenarios: Report[] }).scenarios[0]!;
  expect(report.target).toMatchObject({ ocpp: c.name, embedded: true });
  if (r.code === 0 && report.passed) return "passed";
  const failed = report.steps.find((s) => s.status === "failed");
  return `failed (exit ${r.code}): ${failed ? `${failed.label}: ${failed.error}` : r.stderr.trim()}`;
}

describe("every shipped scenario on every OCPP version and transport, unchanged", () => {
  it("ships scenarios to run", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of FILES) {
    it(file, async () => {
      const results = await Promise.all(COMBINATIONS.map(async (c) => [c.name, await outcome(file, c)]));
      expect(Object.fromEntries(results)).toEqual(expected(file));
    });
  }

  it("runs all but the JSON-only fault injection and smart charging on every version", () => {
    // Guards the rewrite: a scenario that declares versions again says why in its file.
    const declared = FILES.filter((f) => loadScenario(join(DIR, f)).ocpp !== undefined);
    expect(declared).toEqual(["fault-injection.yaml", "firmware-update.yaml", "smart-charging.yaml"]);
  });
});
