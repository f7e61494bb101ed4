import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/scenario/load.ts";

const ok = (steps: string) => `version: 1\nsteps:\n${steps}\n`;
const TWO = "version: 1\nchargePoints:\n  left: {}\n  right: {}\nsteps:\n";

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
    `s.yaml:3:5: steps[0]: unknown step "fly" (steps: boot, heartbeat, status, authorize, plugIn, unplug, startTransaction, charge, meterValues, stopTransaction, setPower, fault, clearFault, dataTransfer, send, disconnect, reconnect, expectCall, centralSystemCall, waitForStatus, waitForMessage, expectDisconnect, wait, dropMidMessage, delayMessage, duplicateMessage, sendMalformed, sendInvalid, skewClock, stopReading)`,
  ],
  [
    "misspelt field",
    ok("  - startTransaction:\n      conector: 1\n      idTag: A"),
    `s.yaml:4:7: steps[0].startTransaction: unknown field "conector"; did you mean "connector"? (fields: name, chargePoint, connector, idTag, tokenType, power, expect, maxLatency, onFailure, capture)`,
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
    `s.yaml:3:25: steps[0].charge.duration: expected a duration: 30s, 15m, 1h30m, 250ms, or a number of seconds, up to 24d, found "5 minutes"`,
  ],
  [
    "bad wait",
    ok("  - wait: soon"),
    `s.yaml:3:11: steps[0].wait: expected a duration: 30s, 15m, 1h30m, 250ms, or a number of seconds, up to 24d, found "soon"`,
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
    `s.yaml:2:1: top level: unknown field "stepz"; did you mean "steps"? (fields: version, name, description, ocpp, chargePoint, chargePoints, thresholds, vars, onFailure, onDisconnect, respond, timeScale, centralSystem, steps)`,
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
    `s.yaml:2:16: chargePoint: unknown field "vendr"; did you mean "vendor"? (fields: id, vendor, model, serialNumber, firmwareVersion, connectors, power, meterStart, config, firmware, diagnostics, onDisconnect)`,
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
    's.yaml:3:13: chargePoint.config.HeartbeatIntervall: unknown configuration key HeartbeatIntervall; did you mean "HeartbeatInterval"?',
  ],
  [
    "configuration value of the wrong type",
    "version: 1\nchargePoint:\n  config: { MeterValueSampleInterval: often }\nsteps: [boot]\n",
    `s.yaml:3:39: chargePoint.config.MeterValueSampleInterval: expected an integer, got "often"`,
  ],
  [
    "both charge point forms",
    "version: 1\nchargePoint: { id: A }\nchargePoints: { b: {} }\nsteps: [boot]\n",
    "s.yaml:3:1: chargePoints: give either chargePoint (one charge point) or chargePoints (several, by name), not both",
  ],
  [
    "a step names a charge point that does not exist",
    TWO + "  - boot: { chargePoint: rigth }\n",
    `s.yaml:6:26: steps[0].boot.chargePoint: no charge point is named "rigth"; did you mean "right"? (chargePoints: left, right)`,
  ],
  [
    "a step names a charge point when there is one",
    ok("  - boot: { chargePoint: main }"),
    "s.yaml:3:26: steps[0].boot.chargePoint: the scenario has one charge point; name several under chargePoints to choose one",
  ],
  [
    "two charge points with one identity",
    "version: 1\nchargePoints:\n  left: { id: CP-1 }\n  right: { id: CP-1 }\nsteps: [boot]\n",
    "s.yaml:4:16: chargePoints.right: the identity CP-1 is already that of chargePoints.left; each charge point needs its own",
  ],
  [
    "a charge point's unknown field",
    "version: 1\nchargePoints:\n  left: { conectors: 2 }\nsteps: [boot]\n",
    `s.yaml:3:11: chargePoints.left: unknown field "conectors"; did you mean "connectors"? (fields: id, vendor, model, serialNumber, firmwareVersion, connectors, power, meterStart, config, firmware, diagnostics, onDisconnect)`,
  ],
  [
    "a connector the chosen charge point lacks",
    TWO + "  - plugIn: { chargePoint: left, connector: 2 }\n",
    "s.yaml:6:45: steps[0].plugIn.connector: connector 2 does not exist (charge point left has 1; set chargePoints.left.connectors)",
  ],
  [
    "a configuration key of one of several charge points",
    "version: 1\nchargePoints:\n  left: { config: { HeartbeatIntervall: 10 } }\nsteps: [boot]\n",
    's.yaml:3:21: chargePoints.left.config.HeartbeatIntervall: unknown configuration key HeartbeatIntervall; did you mean "HeartbeatInterval"?',
  ],
  [
    "no charge point under chargePoints",
    "version: 1\nchargePoints: {}\nsteps: [boot]\n",
    "s.yaml:2:15: chargePoints: expected at least 1 entry, found none",
  ],
  [
    "a power profile that does not start at 0",
    ok("  - charge: { duration: 20m, power: [{ at: 1m, power: 11kW }] }"),
    "s.yaml:3:44: steps[0].charge.power[0].at: a power profile starts at 0s, found 1m",
  ],
  [
    "a power profile that goes back in time",
    ok(
      "  - charge: { duration: 20m, power: [{ at: 0s, power: 11kW }, { at: 10m, power: 7kW }, { at: 5m, power: 3.7kW }] }",
    ),
    "s.yaml:3:94: steps[0].charge.power[2].at: expected a time after 10m (the entry before), found 5m",
  ],
  [
    "a power change after the charge ends",
    ok("  - charge: { duration: 20m, power: [{ at: 0s, power: 11kW }, { at: 1200s, power: 3.7kW }] }"),
    "s.yaml:3:69: steps[0].charge.power[1].at: 20m is not before the end of the charge (20m)",
  ],
  [
    "a bad power in a profile",
    ok("  - charge: { duration: 20m, power: [{ at: 0s, power: 11 kWh }] }"),
    `s.yaml:3:55: steps[0].charge.power[0].power: expected a power: 11kW, 7400W, or a number of watts, found "11 kWh"`,
  ],
  [
    "a profile entry without its time",
    ok("  - charge: { duration: 20m, power: [{ power: 11kW }] }"),
    `s.yaml:3:38: steps[0].charge.power[0]: missing required field "at"`,
  ],
  [
    "respond to a call the central system does not send",
    "version: 1\nrespond: { RemoteStartTransation: Rejected }\nsteps: [boot]\n",
    `s.yaml:2:12: respond.RemoteStartTransation: RemoteStartTransation is not a call the central system sends in OCPP 1.6; did you mean "RemoteStartTransaction"?`,
  ],
  [
    "respond with an answer the schema forbids",
    "version: 1\nrespond: { RemoteStartTransaction: Rejectd }\nsteps: [boot]\n",
    `s.yaml:2:36: respond.RemoteStartTransaction: Rejectd is not a valid answer to RemoteStartTransaction: /status must be one of Accepted, Rejected (got "Rejectd")`,
  ],
  [
    "respond with a status where the answer has none",
    "version: 1\nrespond: { GetConfiguration: Rejected }\nsteps: [boot]\n",
    `s.yaml:2:30: respond.GetConfiguration: Rejected is not a valid answer to GetConfiguration: (payload) has unexpected property "status"`,
  ],
  [
    "waitForMessage expecting a field the message does not have",
    ok("  - waitForMessage: { action: FirmwareStatusNotification, expect: { stauts: Downloaded } }"),
    `s.yaml:3:69: steps[0].waitForMessage.expect.stauts: FirmwareStatusNotification has no field "stauts"; did you mean "status"?`,
  ],
  [
    "a charge point named twice",
    "version: 1\nchargePoints:\n  left: {}\n  left: {}\nsteps:\n  - boot\n",
    `s.yaml:4:3: the key "left" appears twice in the same mapping; each key may appear once`,
  ],
  [
    "a time scale of zero",
    "version: 1\ntimeScale: 0\nsteps:\n  - boot\n",
    "s.yaml:2:12: timeScale: expected a number > 0, found 0",
  ],
  [
    "centralSystemCall of a misspelt action",
    ok("  - centralSystemCall: { action: Resett, payload: { type: Soft } }"),
    `s.yaml:3:34: steps[0].centralSystemCall.action: Resett is not a call the central system sends in OCPP 1.6; did you mean "Reset"?`,
  ],
  [
    "centralSystemCall with a payload the schema refuses",
    ok("  - centralSystemCall: { action: Reset, payload: { type: Sofft } }"),
    `s.yaml:3:50: steps[0].centralSystemCall.payload: not a valid Reset request: /type must be one of Hard, Soft (got "Sofft")`,
  ],
  [
    "expectCall of a call the central system does not send",
    ok("  - expectCall: { action: StartTransaction }"),
    `s.yaml:3:27: steps[0].expectCall.action: StartTransaction is a call the charge point sends, not the central system`,
  ],
  [
    "expectCall answering with an invalid answer",
    ok("  - expectCall: { action: Reset, respond: { status: Maybe } }"),
    `s.yaml:3:43: steps[0].expectCall.respond: {"status":"Maybe"} is not a valid answer to Reset: /status must be one of Accepted, Rejected (got "Maybe")`,
  ],
  [
    "duplicate key",
    "version: 1\nversion: 1\nsteps: [boot]\n",
    `s.yaml:2:1: the key "version" appears twice in the same mapping; each key may appear once`,
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
