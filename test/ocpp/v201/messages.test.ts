// 2.0.1 payloads built from the model's neutral values: schema-valid, and the status splits and
// renames that 2.0.1 makes (connectorStatus vs chargingState, UploadFailure, token verdicts).
import { describe, expect, it } from "vitest";
import { CONNECTOR_STATUSES } from "../../../src/ocpp/neutral.ts";
import {
  bootNotification,
  chargingStateOf,
  firmwareStatusNotification,
  idTagInfoOf,
  logStatusNotification,
  meterValues,
  statusNotification,
} from "../../../src/ocpp/v201/messages.ts";
import { schemasV201 } from "../../../src/ocpp/v201/schemas.ts";

const valid = (action: string, payload: unknown) =>
  expect(schemasV201().validate(action, "request", payload), JSON.stringify(payload)).toBeUndefined();
const T = Date.UTC(2026, 0, 1);

describe("2.0.1 messages from neutral values", () => {
  it("BootNotification carries the identity and the reason", () => {
    const boot = bootNotification(
      {
        vendor: "cpsim",
        model: "sim-22",
        chargeBoxSerialNumber: "SN1",
        firmwareVersion: "1.2",
        iccid: "8931",
      },
      "PowerUp",
    );
    valid("BootNotification", boot);
    expect(boot).toEqual({
      reason: "PowerUp",
      chargingStation: {
        model: "sim-22",
        vendorName: "cpsim",
        serialNumber: "SN1",
        firmwareVersion: "1.2",
        modem: { iccid: "8931" },
      },
    });
    valid("BootNotification", bootNotification({ vendor: "v", model: "m" }, "RemoteReset"));
  });

  it("StatusNotification says Occupied where 1.6 said Preparing/Charging/…; chargingState keeps the detail", () => {
    for (const status of CONNECTOR_STATUSES) valid("StatusNotification", statusNotification(1, 1, status, T));
    expect(statusNotification(2, 1, "SuspendedEV", T)).toEqual({
      timestamp: "2026-01-01T00:00:00.000Z",
      connectorStatus: "Occupied",
      evseId: 2,
      connectorId: 1,
    });
    expect(CONNECTOR_STATUSES.map(chargingStateOf)).toEqual([
      "Idle",
      "EVConnected",
      "Charging",
      "SuspendedEVSE",
      "SuspendedEV",
      "EVConnected",
      "Idle",
      "Idle",
      "Idle",
    ]);
  });

  it("MeterValues, firmware and log status", () => {
    const mv = meterValues(1, [
      {
        timestamp: T,
        values: [
          { measurand: "Energy.Active.Import.Register", value: 12, unit: "Wh", context: "Sample.Clock" },
        ],
      },
      { timestamp: T, values: [] },
    ]);
    valid("MeterValues", mv);
    expect(mv.meterValue).toHaveLength(1);
    valid("FirmwareStatusNotification", firmwareStatusNotification("Installed", 3));
    valid("LogStatusNotification", logStatusNotification("UploadFailed", 4));
    expect(logStatusNotification("UploadFailed").status).toBe("UploadFailure");
  });

  it("a 2.0.1 token verdict reads as the model's", () => {
    expect(idTagInfoOf({ status: "NotAtThisTime" })).toEqual({ status: "Invalid" });
    expect(
      idTagInfoOf({
        status: "Accepted",
        cacheExpiryDateTime: "2026-02-01T00:00:00Z",
        groupIdToken: { idToken: "G", type: "Central" },
      }),
    ).toEqual({ status: "Accepted", expiryDate: "2026-02-01T00:00:00Z", parentIdTag: "G" });
  });
});
