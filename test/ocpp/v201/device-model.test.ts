// The 2.0.1 device model: GetVariables/SetVariables statuses (Part 2 §B05/§B06), reports in
// NotifyReport parts (§B07/§B08), and what one station costs beyond the shared catalog. Every
// payload produced is checked against the official schemas.
import { describe, expect, it } from "vitest";
import { OcppError } from "../../../src/ocpp/errors.ts";
import { catalogOf } from "../../../src/ocpp/v201/device-model/catalog.ts";
import { DeviceModel } from "../../../src/ocpp/v201/device-model/model.ts";
import { baseReport, report } from "../../../src/ocpp/v201/device-model/report.ts";
import { schemasV201 } from "../../../src/ocpp/v201/schemas.ts";

const schemas = schemasV201();
const valid = (action: string, kind: "request" | "response", payload: unknown) =>
  expect(schemas.validate(action, kind, payload), JSON.stringify(payload).slice(0, 300)).toBeUndefined();
const station = () => new DeviceModel(catalogOf([1, 2]));
const AT = "2026-01-01T00:00:00.000Z";

describe("GetVariables", () => {
  it("answers each item with the status the spec gives it", () => {
    const dm = station();
    const res = dm.getVariables({
      getVariableData: [
        { component: { name: "OCPPCommCtrlr" }, variable: { name: "HeartbeatInterval" } },
        { component: { name: "TxCtrlr" }, variable: { name: "TxStartPoint" }, attributeType: "Actual" },
        { component: { name: "NoSuchCtrlr" }, variable: { name: "Enabled" } },
        { component: { name: "TxCtrlr" }, variable: { name: "NoSuchVariable" } },
        { component: { name: "TxCtrlr" }, variable: { name: "TxStopPoint" }, attributeType: "MaxSet" },
        { component: { name: "SecurityCtrlr" }, variable: { name: "BasicAuthPassword" } },
        {
          component: { name: "EVSE", evse: { id: 2 } },
          variable: { name: "Power" },
          attributeType: "MaxSet",
        },
        { component: { name: "EVSE", evse: { id: 3 } }, variable: { name: "Power" } },
        {
          component: { name: "Connector", evse: { id: 2, connectorId: 2 } },
          variable: { name: "ConnectorType" },
        },
        {
          component: { name: "DeviceDataCtrlr" },
          variable: { name: "ItemsPerMessage", instance: "GetReport" },
        },
      ],
    });
    valid("GetVariables", "response", res);
    expect(res.getVariableResult.map((r) => [r.attributeStatus, r.attributeValue])).toEqual([
      ["Accepted", "300"],
      ["Accepted", "PowerPathClosed"],
      ["UnknownComponent", undefined],
      ["UnknownVariable", undefined],
      ["NotSupportedAttributeType", undefined],
      ["Rejected", undefined],
      ["Accepted", "22000"],
      ["UnknownComponent", undefined],
      ["Accepted", "cType2"],
      ["Accepted", "20"],
    ]);
    // The result names what was asked, attributeType included when it was given.
    expect(res.getVariableResult[6]).toMatchObject({
      component: { name: "EVSE", evse: { id: 2 } },
      variable: { name: "Power" },
      attributeType: "MaxSet",
    });
    expect(res.getVariableResult[0]!.attributeType).toBeUndefined();
  });

  it("refuses more items than ItemsPerMessageGetVariables with OccurrenceConstraintViolation", () => {
    const item = { component: { name: "TxCtrlr" }, variable: { name: "TxStartPoint" } };
    const call = () => station().getVariables({ getVariableData: Array(51).fill(item) });
    expect(call).toThrow(OcppError);
    expect(call).toThrow(/51 items exceed ItemsPerMessageGetVariables \(50\)/);
    expect(station().getVariables({ getVariableData: Array(50).fill(item) }).getVariableResult).toHaveLength(
      50,
    );
  });
});

describe("SetVariables", () => {
  const set = (dm: DeviceModel, component: string, variable: string, value: string, instance?: string) =>
    dm.setVariables({
      setVariableData: [
        { component: { name: component }, variable: { name: variable, instance }, attributeValue: value },
      ],
    }).setVariableResult[0]!;

  it("accepts a valid value, stores only what differs from the default, and reads it back", () => {
    const dm = station();
    const changes: string[] = [];
    dm.onChange = (slot, value) => changes.push(`${slot.def.variable}=${value}`);
    expect(set(dm, "OCPPCommCtrlr", "HeartbeatInterval", "60").attributeStatus).toBe("Accepted");
    expect(set(dm, "TxCtrlr", "TxStartPoint", "EVConnected,Authorized").attributeStatus).toBe("Accepted");
    expect(set(dm, "TxCtrlr", "TxStopPoint", "").attributeStatus).toBe("Accepted");
    expect(dm.int({ component: "OCPPCommCtrlr", variable: "HeartbeatInterval" })).toBe(60);
    expect(dm.list({ component: "TxCtrlr", variable: "TxStartPoint" })).toEqual([
      "EVConnected",
      "Authorized",
    ]);
    expect(dm.list({ component: "TxCtrlr", variable: "TxStopPoint" })).toEqual([]);
    expect(changes).toEqual(["HeartbeatInterval=60", "TxStartPoint=EVConnected,Authorized", "TxStopPoint="]);
    expect(dm.storedValues).toBe(3);
    // Setting the default back frees the entry.
    set(dm, "OCPPCommCtrlr", "HeartbeatInterval", "300");
    expect(dm.storedValues).toBe(2);
  });

  it("rejects read-only variables and values that do not fit the variable's type", () => {
    const dm = station();
    const cases: [string, string, string, string][] = [
      ["DeviceDataCtrlr", "ValueSize", "5", "ReadOnly"],
      ["SmartChargingCtrlr", "ProfileStackLevel", "3", "ReadOnly"],
      ["OCPPCommCtrlr", "HeartbeatInterval", "ten", "InvalidValue"],
      ["OCPPCommCtrlr", "HeartbeatInterval", "1.5", "InvalidValue"],
      ["OCPPCommCtrlr", "HeartbeatInterval", "0", "InvalidValue"],
      ["TxCtrlr", "StopTxOnInvalidId", "yes", "InvalidValue"],
      ["TxCtrlr", "TxStartPoint", "EVConnected,Plugged", "InvalidValue"],
      ["TxCtrlr", "TxStartPoint", "EVConnected,EVConnected", "InvalidValue"],
      ["AuthCacheCtrlr", "Policy", "MRU", "InvalidValue"],
      ["SampledDataCtrlr", "TxUpdatedMeasurands", "Energy.Active.Import.Register,Frequency", "InvalidValue"],
      ["AuthCtrlr", "MasterPassGroupId", "x".repeat(1001), "InvalidValue"],
    ];
    for (const [component, variable, value, reason] of cases) {
      const r = set(dm, component, variable, value);
      expect(
        [r.attributeStatus, r.attributeStatusInfo?.reasonCode],
        `${component}.${variable}=${value}`,
      ).toEqual(["Rejected", reason]);
    }
    expect(set(dm, "TxCtrlr", "Nope", "1").attributeStatus).toBe("UnknownVariable");
    expect(set(dm, "Nope", "Enabled", "true").attributeStatus).toBe("UnknownComponent");
    expect(dm.storedValues).toBe(0);
  });

  it("answers RebootRequired and applies the value only at the reboot", () => {
    const dm = station();
    const ref = { component: "OCPPCommCtrlr", variable: "NetworkConfigurationPriority" };
    expect(set(dm, ref.component, ref.variable, "2,1").attributeStatus).toBe("RebootRequired");
    expect(dm.list(ref)).toEqual(["1"]);
    dm.reboot();
    expect(dm.list(ref)).toEqual(["2", "1"]);
  });

  it("takes a WriteOnly password and never returns it", () => {
    const dm = station();
    const response = dm.setVariables({
      setVariableData: [
        {
          component: { name: "SecurityCtrlr" },
          variable: { name: "BasicAuthPassword" },
          attributeValue: "s3cret-s3cret-s3",
        },
        {
          component: { name: "TxCtrlr" },
          variable: { name: "TxStartPoint" },
          attributeValue: "x",
          attributeType: "Target",
        },
      ],
    });
    valid("SetVariables", "response", response);
    expect(response.setVariableResult.map((r) => r.attributeStatus)).toEqual([
      "Accepted",
      "NotSupportedAttributeType",
    ]);
    const parts = baseReport(dm, { requestId: 1, reportBase: "FullInventory" }, AT).parts;
    expect(JSON.stringify(parts)).not.toContain("s3cret");
  });
});

describe("reports", () => {
  it("FullInventory comes in NotifyReport parts of ItemsPerMessageGetReport, seqNo from 0, tbc until the last", () => {
    const dm = station();
    const { status, parts } = baseReport(dm, { requestId: 7, reportBase: "FullInventory" }, AT);
    expect(status).toBe("Accepted");
    const items = parts.flatMap((p) => p.reportData ?? []);
    // station-level variables + 1 connector-less EVSE set per EVSE + one connector set per connector
    expect(items).toHaveLength(dm.catalog.slots.length);
    expect(parts.length).toBe(Math.ceil(items.length / 20));
    parts.forEach((p, i) => {
      valid("NotifyReport", "request", p);
      expect(p).toMatchObject({ requestId: 7, generatedAt: AT, seqNo: i, tbc: i < parts.length - 1 });
      expect(p.reportData!.length).toBeLessThanOrEqual(20);
    });
    expect(items.find((d) => d.variable.name === "TxStartPoint")).toEqual({
      component: { name: "TxCtrlr" },
      variable: { name: "TxStartPoint" },
      variableAttribute: [
        {
          type: "Actual",
          value: "PowerPathClosed",
          mutability: "ReadWrite",
          persistent: true,
          constant: false,
        },
      ],
      variableCharacteristics: {
        dataType: "MemberList",
        supportsMonitoring: false,
        valuesList: "ParkingBayOccupancy,EVConnected,Authorized,DataSigned,PowerPathClosed,EnergyTransfer",
      },
    });
  });

  it("splits by BytesPerMessageGetReport too", () => {
    const dm = station();
    dm.write(
      dm.slot({ component: "DeviceDataCtrlr", variable: "BytesPerMessage", instance: "GetReport" }),
      "2000",
    );
    const { parts } = baseReport(dm, { requestId: 1, reportBase: "FullInventory" }, AT);
    for (const p of parts) {
      const frame = JSON.stringify([2, "0123456789abcdef0123456789abcdef01234567", "NotifyReport", p]);
      expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(2000);
    }
    expect(parts.length).toBeGreaterThan(Math.ceil(dm.catalog.slots.length / 20));
  });

  it("ConfigurationInventory lists what can be set; SummaryInventory availability and problems", () => {
    const dm = station();
    const config = baseReport(dm, { requestId: 1, reportBase: "ConfigurationInventory" }, AT).parts.flatMap(
      (p) => p.reportData!,
    );
    expect(config.every((d) => d.variableAttribute.some((a) => a.mutability !== "ReadOnly"))).toBe(true);
    expect(config.map((d) => d.variable.name)).toContain("HeartbeatInterval");
    expect(config.map((d) => d.variable.name)).not.toContain("ValueSize");
    const summary = baseReport(dm, { requestId: 1, reportBase: "SummaryInventory" }, AT).parts.flatMap(
      (p) => p.reportData!,
    );
    expect(new Set(summary.map((d) => d.variable.name))).toEqual(
      new Set(["AvailabilityState", "Available", "Problem"]),
    );
    // ChargingStation + 2 EVSEs + 3 connectors have an AvailabilityState.
    expect(summary.filter((d) => d.variable.name === "AvailabilityState")).toHaveLength(6);
  });

  it("GetReport filters by component/variable and by criteria; nothing matching is EmptyResultSet", () => {
    const dm = station();
    const data = (r: ReturnType<typeof report>) => r.parts.flatMap((p) => p.reportData!);
    const one = report(
      dm,
      {
        requestId: 2,
        componentVariable: [{ component: { name: "TxCtrlr" }, variable: { name: "TxStopPoint" } }],
      },
      AT,
    );
    expect(data(one).map((d) => d.variable.name)).toEqual(["TxStopPoint"]);
    // No evse: every EVSE; no variable: every variable of it.
    const evses = data(
      report(dm, { requestId: 2, componentVariable: [{ component: { name: "EVSE" } }] }, AT),
    );
    expect(evses.map((d) => `${d.component.evse?.id}.${d.variable.name}`)).toEqual([
      "1.AvailabilityState",
      "1.Available",
      "1.Power",
      "1.SupplyPhases",
      "2.AvailabilityState",
      "2.Available",
      "2.Power",
      "2.SupplyPhases",
    ]);
    const connector = data(
      report(
        dm,
        {
          requestId: 2,
          componentVariable: [{ component: { name: "Connector", evse: { id: 2, connectorId: 2 } } }],
        },
        AT,
      ),
    );
    expect(new Set(connector.map((d) => JSON.stringify(d.component)))).toEqual(
      new Set([JSON.stringify({ name: "Connector", evse: { id: 2, connectorId: 2 } })]),
    );
    const enabled = data(report(dm, { requestId: 3, componentCriteria: ["Enabled"] }, AT));
    expect(new Set(enabled.map((d) => d.component.name))).toEqual(
      new Set([
        "SampledDataCtrlr",
        "AuthCtrlr",
        "AuthCacheCtrlr",
        "LocalAuthListCtrlr",
        "ReservationCtrlr",
        "SmartChargingCtrlr",
      ]),
    );
    expect(report(dm, { requestId: 4, componentCriteria: ["Problem"] }, AT)).toEqual({
      status: "EmptyResultSet",
      parts: [],
    });
    dm.write(dm.slot({ component: "ChargingStation", variable: "Problem" }), "true");
    expect(
      data(report(dm, { requestId: 4, componentCriteria: ["Problem"] }, AT)).every(
        (d) => d.component.name === "ChargingStation",
      ),
    ).toBe(true);
    expect(
      report(dm, { requestId: 5, componentVariable: [{ component: { name: "Nope" } }] }, AT).status,
    ).toBe("EmptyResultSet");
  });
});

describe("sharing", () => {
  it("stations of one layout share one catalog and keep nothing until a value changes", () => {
    expect(catalogOf([1, 2])).toBe(catalogOf([1, 2]));
    expect(catalogOf([1])).not.toBe(catalogOf([1, 2]));
    const fleet = Array.from({ length: 1000 }, station);
    expect(fleet.every((dm) => dm.storedValues === 0 && dm.catalog === fleet[0]!.catalog)).toBe(true);
  });
});
