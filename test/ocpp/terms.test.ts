// Each version's words for the interactive menu come from its row: 1.6 and 1.5 speak of
// connectors, idTags and configuration keys; 2.0.1 of EVSE/connector, typed idTokens, its
// connectorStatus with chargingState, its stoppedReasons and component.variable names.
import { describe, expect, it } from "vitest";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import { versionRow } from "../../src/ocpp/versions.ts";

const at = { evse: 2, connector: 1 };

describe("the terms of each version", () => {
  it("1.6 and 1.5 speak of connectors and idTags, with the model's own words", () => {
    for (const version of ["1.6", "1.5"] as const) {
      const t = versionRow(version).terms;
      expect([t.place(at), t.placeKind, t.token, t.tokenTypes]).toEqual([
        "connector 2",
        "connector",
        "idTag",
        [],
      ]);
      expect([t.status("Preparing"), t.stopReason("HardReset"), t.settingName("HeartbeatInterval")]).toEqual([
        "Preparing",
        "HardReset",
        "HeartbeatInterval",
      ]);
      expect(t.wholeStatus).toBeDefined();
      expect(t.messages.start).toBe("StartTransaction");
    }
  });

  it("2.0.1 speaks of EVSEs, typed idTokens, its statuses, stop reasons and variables", () => {
    const t = versionRow("2.0.1").terms;
    expect([t.place(at), t.placeKind, t.token]).toEqual(["EVSE 2 / connector 1", "EVSE", "idToken"]);
    expect(t.tokenTypes[0]).toBe("ISO14443");
    expect(t.tokenTypes).toEqual(expect.arrayContaining(["eMAID", "Central", "KeyCode", "NoAuthorization"]));
    // No station-wide status in 2.0.1: the menu offers none.
    expect(t.wholeStatus).toBeUndefined();
    expect(t.status("Preparing")).toBe("Occupied (EVConnected)");
    expect(t.status("Available")).toBe("Available (Idle)");
    expect(t.stopReason("HardReset")).toBe("ImmediateReset");
    expect(t.stopReason("Local")).toBe("Local");
    expect(t.settingName("HeartbeatInterval")).toBe("OCPPCommCtrlr.HeartbeatInterval");
    expect(t.settingName("TransactionMessageAttempts")).toBe(
      "OCPPCommCtrlr.MessageAttempts[TransactionEvent]",
    );
    expect(t.messages.start).toBe("TransactionEvent Started");
  });

  it("lists the settings as each version's central system reads them", () => {
    const cp = new ChargePoint({ id: "CP-TERMS", connectors: 2, statusOnBoot: false });
    try {
      cp.changeConfiguration("HeartbeatInterval", "77");
      const keys = versionRow("1.6").terms.settings(cp.commands);
      expect(keys).toContainEqual({ name: "HeartbeatInterval", value: "77", readonly: false });
      const variables = versionRow("2.0.1").terms.settings(cp.commands);
      expect(variables).toContainEqual({
        name: "OCPPCommCtrlr.HeartbeatInterval",
        value: "77",
        readonly: false,
      });
      expect(variables).toContainEqual({
        name: "EVSE(2).AvailabilityState",
        value: "Available",
        readonly: true,
      });
      // A WriteOnly value (a password) is never listed, as GetVariables never reads it back.
      expect(variables.some((v) => /BasicAuthPassword/.test(v.name))).toBe(false);
    } finally {
      cp.shutdown();
    }
  });
});
