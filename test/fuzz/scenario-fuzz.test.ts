// Mutated and generated scenario files through the loader and validator: whatever the file, the
// answer is a scenario or a list of mistakes each naming file:line:col, never an internal error.
// Seeded, so a failure reproduces: CPSIM_FUZZ_SEED=<seed shown> npx vitest run test/fuzz/scenario-fuzz.test.ts
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenario, ScenarioError } from "../../src/scenario/load.ts";
import { cpsim } from "../cli/helpers.ts";
import { SEED } from "./harness.ts";
import { anyScenarioText, fragmentFile, mutatedText, mutatedValue } from "./scenario-inputs.ts";

const RUNS = Number(process.env.CPSIM_FUZZ_RUNS ?? 500);
// A few seconds on an idle machine; the limit is for a busy CI runner.
const FILE = "fuzz.yaml";

/** Undefined when the loader answered properly: a scenario, or mistakes each with file:line:col. */
function problemWith(text: string): string | undefined {
  let scenario: unknown;
  try {
    scenario = parseScenario(text, FILE, { env: {} });
  } catch (err) {
    if (!(err instanceof ScenarioError)) return `threw ${(err as Error)?.stack ?? err}`;
    const lines = text.split("\n").length;
    for (const line of err.message.split("\n")) {
      const m = /^fuzz\.yaml:(\d+):(\d+): \S/.exec(line);
      if (!m) return `a mistake without file:line:col: ${line}`;
      if (Number(m[1]) < 1 || Number(m[1]) > lines + 1) return `a line outside the file: ${line}`;
    }
    return undefined;
  }
  return scenario && typeof scenario === "object" ? undefined : "no scenario and no error";
}

describe("scenario files mutated and generated (fast-check, seeded)", () => {
  it.each([
    ["shipped scenarios with a value replaced or a key renamed", mutatedValue],
    ["shipped scenarios with lines cut, repeated, re-indented or spliced", mutatedText],
    [
      "generated files: wrong types, huge numbers, .inf/.nan, prototype names, aliases, nesting, unicode",
      fragmentFile,
    ],
  ])(
    "%s: a scenario or mistakes with file:line:col",
    (_name, files) => {
      fc.assert(
        fc.property(files, (text) => {
          const problem = problemWith(text);
          if (problem) throw new Error(problem);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    },
    60_000,
  );

  it("the real cpsim validate process: exit 0 or 2, no internal error, no stack trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cpsim-fuzz-"));
    const files = fc.sample(anyScenarioText, { seed: SEED, numRuns: 40 }).map((text, i) => {
      const file = join(dir, `f${i}.yaml`);
      writeFileSync(file, text);
      return file;
    });
    const r = await cpsim(["validate", ...files]);
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toMatch(/internal error|\n\s+at .+:\d+:\d+\)?\n/);
    for (const line of r.stdout.trimEnd().split("\n").slice(0, -1))
      expect(line).toMatch(/^(✔ \S+: .+, \d+ steps?|✘ \S+\.yaml:\d+:\d+: .+)$/);
    expect(r.stdout).toMatch(/\d+ of 40 scenarios are valid\n$/);
    expect([0, 2]).toContain(r.code);
  }, 60_000);
});
