import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpsimInProcess } from "../cli/helpers.ts";
import { connectionCounter } from "./helpers.ts";

describe("cpsim load: bad input", () => {
  let target: Awaited<ReturnType<typeof connectionCounter>>;
  beforeAll(async () => {
    target = await connectionCounter();
  });
  afterAll(() => target.close());

  const cases: [string, string[], RegExp][] = [
    [
      "a malformed threshold",
      ["--threshold", "BootNotification.p95<fast"],
      /fast is not a duration \(e\.g\. 500ms or 1\.5s\)\./,
    ],
    [
      "an unknown action",
      ["--threshold", "BootNotifcation.p95<500ms"],
      /BootNotifcation is not an OCPP 1\.6 action\./,
    ],
    [
      "an action the run's version does not have (2.0.1 has no RemoteStartTransaction)",
      ["--ocpp", "2.0.1", "--threshold", "RemoteStartTransaction.count>=0"],
      /RemoteStartTransaction is not an OCPP 2\.0\.1 action, so a run on 2\.0\.1 never measures it\./,
    ],
    [
      "--count 0",
      ["--count", "0"],
      /'-n, --count <n>' argument '0' is invalid\. expected a whole number of at least 1\./,
    ],
    ["a ramp of abc/s", ["--ramp", "abc/s"], /--ramp abc\/s: expected charge points per second or minute/],
    ["stages that do not parse", ["--stages", "1m:20,soon:0"], /"soon:0" is not <duration>:<count>/],
    [
      "stages beyond the count",
      ["--stages", "1m:20"],
      /--stages go up to 20 charge points, more than --count 10\./,
    ],
    ["an id template without {index}", ["--id-template", "CP"], /--id-template CP needs \{index\}/],
  ];
  for (const [what, args, message] of cases) {
    it(`${what}: exit 2, one sentence, nothing connects`, async () => {
      const r = await cpsimInProcess(["load", "--count", "10", "--url", target.url, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
      expect(r.stdout).toBe("");
      expect(target.count()).toBe(0);
    });
  }

  it("documents itself under --help with examples", async () => {
    const r = await cpsimInProcess(["load", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--id-template <template>");
    expect(r.stdout).toContain('(default: "CP-{index:05}")');
    expect(r.stdout).toContain("Exit codes:");
  });
});
