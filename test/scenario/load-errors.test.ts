import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/scenario/load.ts";

const ok = (steps: string) => `version: 1\nsteps:\n${steps}\n`;

// Each broken scenario and the exact message a user sees: file:line:col, the field, expected vs found.
const CASES: [string, string, string][] = [
  [
    "unknown step with a suggestion",
    ok("  - boot\n  - stopTransation"),
    `s.yaml:4:5: steps[1]: unknown step "stopTransation"; did you mean "stopTransaction"?`,
  ],
  [
    "unknown step far from any",
    ok("  - fly"),
    `s.yaml:3:5: steps[0]: unknown step "fly" (steps: boot, heartbeat, status, authorize, plugIn, unplug, startTransaction, charge, meterValues, stopTransaction, setPower, fault, clearFault, dataTransfer, send, disconnect, reconnect, expectCall, centralSystemCall, waitForStatus, waitForMessage, wait)`,
  ],
  [
    "misspelt field",
    ok("  - startTransaction:\n      conector: 1\n      idTag: A"),
    `s.yaml:4:7: steps[0].startTransaction: unknown field "conector"; did you mean "connector"? (fields: name, connector, idTag, power, expect, maxLatency, onFailure, capture)`,
  ],
  [
    "wrong type",
    ok("  - authorize: { idTag: 5 }"),
    "s.yaml:3:25: steps[0].authorize.idTag: expected a string, found 5",
  ],
  [
    "connector as text",
    ok('  - plugIn: { connector: "1" }'),
    `s.yaml:3:26: steps[0].plugIn.connector: expected an integer, found "1"`,
  ],
  [
    "connector zero",
    ok("  - plugIn: { connector: 0 }"),
    "s.yaml:3:26: steps[0].plugIn.connector: expected a number >= 1, found 0",
  ],
  [
    "missing required field",
    ok("  - authorize: {}"),
    `s.yaml:3:16: steps[0].authorize: missing required field "idTag"`,
  ],
  [
    "status enum typo",
    ok("  - status: { connector: 1, status: Availble }"),
    `s.yaml:3:37: steps[0].status.status: expected one of Available, Preparing, Charging, SuspendedEVSE, SuspendedEV, Finishing, Reserved, Unavailable, Faulted, found "Availble"; did you mean "Available"?`,
  ],
  [
    "bad duration",
    ok("  - charge: { duration: 5 minutes }"),
    `s.yaml:3:25: steps[0].charge.duration: expected a duration: 30s, 15m, 1h30m, 250ms, or a number of seconds, found "5 minutes"`,
  ],
  [
    "bad wait",
    ok("  - wait: soon"),
    `s.yaml:3:11: steps[0].wait: expected a duration: 30s, 15m, 1h30m, 250ms, or a number of seconds, found "soon"`,
  ],
  [
    "bad power",
    ok("  - charge: { duration: 10s, power: 11 kWh }"),
    `s.yaml:3:37: steps[0].charge.power: expected a power: 11kW, 7400W, or a number of watts, found "11 kWh"`,
  ],
  [
    "idTag too long",
    ok("  - authorize: { idTag: AAAAAAAAAAAAAAAAAAAAAAAAA }"),
    `s.yaml:3:25: steps[0].authorize.idTag: expected a text of at most 20 characters, found "AAAAAAAAAAAAAAAAAAAAAAAAA" (25)`,
  ],
  [
    "two keys in one step",
    ok("  - { boot: {}, wait: 2s }"),
    's.yaml:3:5: steps[0]: expected a step such as "boot" or { authorize: { idTag: ABC } }, found a mapping with 2 keys (boot, wait); a step has exactly one',
  ],
  [
    "a number as a step",
    ok("  - 42"),
    `s.yaml:3:5: steps[0]: expected a step such as "boot" or { authorize: { idTag: ABC } }, found 42`,
  ],
  ["wrong version", "version: 2\nsteps: [boot]\n", "s.yaml:1:10: version: expected 1, found 2"],
  ["missing version", "steps: [boot]\n", `s.yaml:1:1: top level: missing required field "version"`],
  [
    "misspelt top-level field",
    "version: 1\nstepz: [boot]\n",
    `s.yaml:2:1: top level: unknown field "stepz"; did you mean "steps"? (fields: version, name, description, chargePoint, vars, onFailure, respond, timeScale, centralSystem, steps)`,
  ],
  ["no steps", "version: 1\nsteps: []\n", "s.yaml:2:8: steps: expected at least 1 item, found none"],
  [
    "undefined variable",
    'version: 1\nvars: { idTag: A }\nsteps:\n  - authorize: { idTag: "${vars.idtag}" }\n',
    `s.yaml:4:25: \${vars.idtag} is not defined; did you mean "idTag"? (define it under vars: or pass --var)`,
  ],
  [
    "template expression",
    'version: 1\nsteps:\n  - authorize: { idTag: "${1+1}" }\n',
    "s.yaml:3:25: invalid template ${1+1}: expected ${vars.name} or ${env.NAME}",
  ],
  [
    "YAML syntax",
    "version: 1\nsteps:\n  - boot\n - wait: 5s\n",
    "s.yaml:4:1: YAML syntax error: A block sequence may not be used as an implicit map key",
  ],
  [
    "not a mapping",
    "- boot\n",
    "s.yaml:1:1: expected a mapping with version and steps at the top of the file",
  ],
  [
    "charge point field type",
    'version: 1\nchargePoint: { connectors: "two" }\nsteps: [boot]\n',
    `s.yaml:2:28: chargePoint.connectors: expected an integer, found "two"`,
  ],
  [
    "charge point unknown field",
    "version: 1\nchargePoint: { vendr: X }\nsteps: [boot]\n",
    `s.yaml:2:16: chargePoint: unknown field "vendr"; did you mean "vendor"? (fields: id, vendor, model, serialNumber, firmwareVersion, connectors, power, meterStart, config, firmware, diagnostics)`,
  ],
  [
    "stop reason",
    ok("  - stopTransaction: { reason: Remot }"),
    `s.yaml:3:32: steps[0].stopTransaction.reason: expected one of EmergencyStop, EVDisconnected, HardReset, Local, Other, PowerLoss, Reboot, Remote, SoftReset, UnlockCommand, DeAuthorized, found "Remot"; did you mean "Remote"?`,
  ],
  [
    "connector the charge point lacks",
    ok("  - plugIn: { connector: 2 }"),
    "s.yaml:3:26: steps[0].plugIn.connector: connector 2 does not exist (the charge point has 1; set chargePoint.connectors)",
  ],
  [
    "unknown configuration key",
    "version: 1\nchargePoint:\n  config: { HeartbeatIntervall: 10 }\nsteps: [boot]\n",
    "s.yaml:3:13: chargePoint.config.HeartbeatIntervall: unknown configuration key HeartbeatIntervall",
  ],
  [
    "configuration value of the wrong type",
    "version: 1\nchargePoint:\n  config: { MeterValueSampleInterval: often }\nsteps: [boot]\n",
    `s.yaml:3:39: chargePoint.config.MeterValueSampleInterval: expected an integer, got "often"`,
  ],
  [
    "duplicate key",
    "version: 1\nversion: 1\nsteps: [boot]\n",
    "s.yaml:2:1: YAML syntax error: Map keys must be unique",
  ],
];

describe("scenario errors name file, line, column, field, expected and found", () => {
  it.each(CASES)("%s", (_name, yaml, message) => {
    expect(() => parseScenario(yaml, "s.yaml")).toThrow(message);
    try {
      parseScenario(yaml, "s.yaml");
    } catch (err) {
      expect((err as Error).message).toBe(message);
    }
  });
});

describe("valid scenarios", () => {
  it("normalizes steps with their positions and interpolates variables", () => {
    const s = parseScenario(
      'version: 1\nname: N\nvars: { tag: T1 }\nsteps:\n  - boot\n  - authorize: { idTag: "${vars.tag}" }\n  - wait: 2s\n  - charge: { duration: 1h, power: 7.4kW, name: long charge }\n',
      "s.yaml",
      { vars: { tag: "FROM-CLI" } },
    );
    expect(s.name).toBe("N");
    expect(s.steps.map((x) => [x.type, x.label, x.line, x.column])).toEqual([
      ["boot", "boot", 5, 5],
      ["authorize", "authorize", 6, 5],
      ["wait", "wait", 7, 5],
      ["charge", "long charge", 8, 5],
    ]);
    expect(s.steps[1]!.args).toEqual({ idTag: "FROM-CLI" });
    expect(s.steps[2]!.args).toEqual({ duration: "2s" });
  });

  it("reads ${env.X} and keeps $${ as a literal", () => {
    const s = parseScenario('version: 1\nsteps:\n  - authorize: { idTag: "${env.TAG}-$${x}" }\n', "s.yaml", {
      env: { TAG: "E1" },
    });
    expect(s.steps[0]!.args.idTag).toBe("E1-${x}");
  });
});
