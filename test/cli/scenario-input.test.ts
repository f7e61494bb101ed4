// Scenario files a careless or hostile author might write: each ends in exit 2 with file:line
// before anything connects (or runs as written), never in an internal error.
import { describe, expect, it } from "vitest";
import { cpsim, cpsimInProcess, tempFile } from "./helpers.ts";

const NOT_INTERNAL = /internal error|at .*\.ts:\d+/;

describe("the $${ escape", () => {
  it("sends a literal ${ in a run, beside a captured variable that is filled in", async () => {
    const file = tempFile(
      "escape.yaml",
      [
        "version: 1",
        "vars: { idTag: TAG-1 }",
        "steps:",
        '  - authorize: { idTag: "$${vars.idTag}" }',
        "  - startTransaction: { idTag: TAG-1, capture: { txId: transactionId } }",
        '  - dataTransfer: { vendorId: cpsim, data: "$${vars.txId} is ${vars.txId}, $${env.X} stays" }',
      ].join("\n"),
    );
    const r = await cpsimInProcess(["run", file, "--reporter", "json"]);
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout).scenarios[0];
    expect(report.steps.map((s: { error?: string; status: string }) => s.error ?? s.status)).toEqual(
      Array(report.steps.length).fill("passed"),
    );
    const sent = (action: string) =>
      report.messages.find((m: { action: string; dir: string }) => m.action === action && m.dir === "out")
        .payload;
    expect(sent("Authorize")).toEqual({ idTag: "${vars.idTag}" });
    const txId = report.messages.find(
      (m: { action: string; kind: string }) => m.action === "StartTransaction" && m.kind === "result",
    ).payload.transactionId;
    expect(sent("DataTransfer").data).toBe(`\${vars.txId} is ${txId}, \${env.X} stays`);
    expect(r.code).toBe(0);
  });
});

describe("YAML aliases", () => {
  it("an anchored step reused 120 times runs", async () => {
    const file = tempFile(
      "reuse.yaml",
      `version: 1\nsteps:\n  - boot\n  - &hb { heartbeat: { name: beat } }\n${"  - *hb\n".repeat(119)}`,
    );
    const r = await cpsimInProcess(["validate", file]);
    expect(r.stdout).toContain("reuse, 121 steps");
    expect(r.code).toBe(0);
  });

  it.each([
    [
      "an alias with no anchor",
      "version: 1\nsteps: [*nope]\n",
      "2:9: the alias *nope has no anchor &nope before it",
    ],
    [
      "a billion laughs",
      `version: 1\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${["b", "c", "d", "e", "f", "g", "h"]
        .map((x, i) => `${x}: &${x} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`)
        .join("\n")}\nsteps: [boot]\n`,
      "7:12: aliases expand the file to more than 100,000 values; reuse fewer or write them out",
    ],
    [
      "an alias inside its own anchor",
      "version: 1\nvars: &v { a: *v }\nsteps: [boot]\n",
      "2:15: the alias *v is inside the value &v names",
    ],
    [
      "nesting past any need",
      `version: 1\nname: ${"[".repeat(70)}${"]".repeat(70)}\nsteps: [boot]\n`,
      "values are nested more than 64 levels deep",
    ],
  ])("%s: exit 2 with file:line", async (_name, yaml, message) => {
    const file = tempFile("a.yaml", yaml);
    const r = await cpsimInProcess(["run", file]);
    expect(r.stderr).toContain(`cpsim: ${file}:`);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(NOT_INTERNAL);
    expect(r.code).toBe(2);
  });
});

describe("numbers that are not finite, or past what a timer holds", () => {
  it.each([
    [
      "charge: { duration: .inf }",
      "steps[0].charge.duration: expected a duration: 30s, 15m, 1h30m, 250ms, or a number of seconds, up to 24d, found .inf (infinity)",
    ],
    ["wait: .inf", "steps[0].wait: expected a duration"],
    ["wait: .nan", "found .nan (not a number)"],
    ["wait: 1e308", "found 1e+308"],
    ["wait: 25d", 'found "25d"'],
    ["expectCall: { action: Reset, within: .inf }", "steps[0].expectCall.within: expected a duration"],
    ["waitForStatus: { status: Charging, within: 99999999999999999999d }", "steps[0].waitForStatus.within"],
  ])("%s is refused", async (step, message) => {
    const file = tempFile("n.yaml", `version: 1\nsteps:\n  - ${step}\n`);
    const r = await cpsimInProcess(["validate", file]);
    expect(r.stdout).toContain(`${file}:3:`);
    expect(r.stdout).toContain(message);
    expect(r.code).toBe(2);
  });

  it("24d is the longest duration; a time scale runs up to a million", async () => {
    const ok = tempFile(
      "ok.yaml",
      "version: 1\ntimeScale: 1000000\nsteps:\n  - wait: 24d\n  - wait: 2073600\n",
    );
    expect((await cpsimInProcess(["validate", ok])).code).toBe(0);
    for (const scale of [".inf", "1e308", "1000001"]) {
      const file = tempFile("t.yaml", `version: 1\ntimeScale: ${scale}\nsteps: [boot]\n`);
      const r = await cpsimInProcess(["run", file]);
      expect(r.stderr).toMatch(new RegExp(`^cpsim: ${file}:2:12: timeScale: expected a number`));
      expect(r.code).toBe(2);
    }
  });

  it.each([
    [["--call-timeout", "30d"], "expected a duration such as 30s, 2m or 1500ms, up to 24d."],
    [["--time-scale", "1e308"], "expected a positive number up to 1000000."],
    [["--time-scale", "Infinity"], "expected a positive number up to 1000000."],
  ])("%s is a usage error, exit 2", async (option, message) => {
    const r = await cpsimInProcess(["run", "scenarios/basic-charging-session.yaml", ...option]);
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(2);
  });
});

describe("cpsim validate", () => {
  it("refuses a send of an action the charge point does not have, with a suggestion", async () => {
    const file = tempFile(
      "s.yaml",
      "version: 1\nsteps:\n  - boot\n  - send: { action: FooBar }\n  - send: { action: Heartbeet }\n  - send: { action: Reset }\n",
    );
    const r = await cpsimInProcess(["validate", file]);
    expect(r.stdout.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(
        /^✘ .*s\.yaml:4:21: steps\[1\]\.send\.action: FooBar is not a call a charge point sends in OCPP 1\.6 \(actions: Authorize, /,
      ),
      expect.stringMatching(
        /s\.yaml:5:21: steps\[2\]\.send\.action: Heartbeet is not a call a charge point sends in OCPP 1\.6; did you mean "Heartbeat"\?$/,
      ),
      expect.stringMatching(
        /s\.yaml:6:21: steps\[3\]\.send\.action: Reset is a call the central system sends, not the charge point/,
      ),
    ]);
    expect(r.code).toBe(2);
  });

  it("checks a step written with nothing after the colon as one without arguments (found by the fuzz tests)", async () => {
    const file = tempFile("e.yaml", "version: 1\nsteps:\n  - centralSystemCall:\n  - wait:\n  - boot:\n");
    const r = await cpsimInProcess(["validate", file]);
    expect(r.stdout.split("\n").filter(Boolean)).toEqual([
      `✘ ${file}:3:5: steps[0].centralSystemCall: give command (the same on every OCPP version) or action (the version's own)`,
      `✘ ${file}:4:5: steps[1].wait: expected a duration: 30s, 15m, 1h30m, 250ms, or a number of seconds, up to 24d, found nothing`,
    ]);
    expect(r.code).toBe(2);
  });

  it("shows control characters of a name escaped, one mistake a line, and reports tags it does not know (found by the fuzz tests)", async () => {
    const file = tempFile("u.yaml", 'version: 1\nname: !!js/function "x"\nsteps:\n  - "bo\\nt\\u001b[31m"\n');
    const r = await cpsim(["validate", file]);
    expect(r.stdout.split("\n").filter(Boolean)).toEqual([
      `✘ ${file}:2:7: YAML: Unresolved tag: tag:yaml.org,2002:js/function`,
      expect.stringMatching(/^✘ .*:4:5: steps\[0\]: unknown step "bo\\u000at\\u001b\[31m" \(steps: /),
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(2);
  });

  it("shows the first 100 of thousands of mistakes, found in linear time", async () => {
    const file = tempFile("many.yaml", `version: 1\nsteps:\n${"  - bootx\n".repeat(5000)}`);
    const started = performance.now();
    const r = await cpsimInProcess(["validate", file]);
    const lines = r.stdout.split("\n").filter(Boolean);
    expect(lines).toHaveLength(101);
    expect(lines[99]).toBe(`✘ ${file}:102:5: steps[99]: unknown step "bootx"; did you mean "boot"?`);
    expect(lines[100]).toBe(`✘ ${file}: and 4900 more mistakes; fix these first`);
    // Quadratic bookkeeping took seconds here; generous for a busy machine.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("suggests a configuration key that differs in case", async () => {
    const file = tempFile(
      "c.yaml",
      "version: 1\nchargePoint:\n  config: { HeartBeatInterval: 30 }\nsteps: [boot]\n",
    );
    const r = await cpsimInProcess(["validate", file]);
    expect(r.stdout).toContain(
      'c.yaml:3:13: chargePoint.config.HeartBeatInterval: unknown configuration key HeartBeatInterval; did you mean "HeartbeatInterval"?',
    );
  });

  it("reports every mistake of a file in one pass, in the order of the file, each with file:line:col", async () => {
    const file = tempFile(
      "m.yaml",
      [
        "version: 1",
        "onFailur: stop",
        "chargePoint:",
        "  config: { HeartBeatInterval: 30, MeterValueSampleInterval: x }",
        "respond: { Reset: Maybe }",
        "steps:",
        "  - bootx",
        "  - authorize: { idTag: 5 }",
        "  - wait: soon",
        '  - heartbeat: { name: "${vars.nope}" }',
        "  - startTransaction: { idTag: T, conector: 1 }",
        "  - send: { action: FooBar }",
      ].join("\n"),
    );
    const r = await cpsim(["validate", file]);
    const lines = r.stdout.split("\n").filter(Boolean);
    expect(lines.map((l) => /:(\d+):\d+: /.exec(l)?.[1])).toEqual(["2", "7", "8", "9", "10", "11"]);
    expect(lines.every((l) => l.startsWith(`✘ ${file}:`))).toBe(true);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(2);
    // With the format right, the checks of meaning report every mistake too.
    const semantic = tempFile(
      "s.yaml",
      [
        "version: 1",
        "chargePoint:",
        "  config: { HeartBeatInterval: 30, MeterValueSampleInterval: x }",
        "respond: { Reset: Maybe }",
        "steps:",
        "  - plugIn: { connector: 3 }",
        "  - send: { action: FooBar }",
      ].join("\n"),
    );
    const s = await cpsimInProcess(["validate", semantic]);
    expect(
      s.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => /:(\d+:\d+): (\S+)/.exec(l)?.slice(1).join(" ")),
    ).toEqual([
      "3:13 chargePoint.config.HeartBeatInterval:",
      "3:62 chargePoint.config.MeterValueSampleInterval:",
      "4:19 respond.Reset:",
      "6:26 steps[0].plugIn.connector:",
      "7:21 steps[1].send.action:",
    ]);
  });
});
