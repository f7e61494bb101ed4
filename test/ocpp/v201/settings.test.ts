// The model's settings as 2.0.1 names them: every mapped variable exists in the device model
// with a data type that reads as the setting does, and the one value translation round-trips.
import { describe, expect, it } from "vitest";
import { catalogOf } from "../../../src/ocpp/v201/device-model/catalog.ts";
import { DeviceModel } from "../../../src/ocpp/v201/device-model/model.ts";
import { SETTING_VARIABLES_201, settingFrom201, settingTo201 } from "../../../src/ocpp/v201/settings.ts";

// The model's lists and booleans (src/chargepoint/settings.ts BoolSetting/ListSetting); the rest are integers.
const LISTS = new Set([
  "ChargingScheduleAllowedChargingRateUnit",
  "MeterValuesSampledData",
  "StopTxnSampledData",
  "TxStartPoint",
  "TxStopPoint",
]);
const BOOLS = new Set([
  "AllowOfflineTxForUnknownId",
  "AuthorizationCacheEnabled",
  "AuthorizeRemoteTxRequests",
  "LocalAuthListEnabled",
  "LocalAuthorizeOffline",
  "LocalPreAuthorize",
  "ReserveConnectorZeroSupported",
  "StopTransactionOnEVSideDisconnect",
  "StopTransactionOnInvalidId",
]);

describe("2.0.1 names of the model's settings", () => {
  it("each maps to a device-model variable of a matching data type", () => {
    const dm = new DeviceModel(catalogOf([1]));
    for (const [key, ref] of SETTING_VARIABLES_201) {
      const { dataType } = dm.slot(ref).def;
      const expected = LISTS.has(key) ? "MemberList" : BOOLS.has(key) ? "boolean" : "integer";
      expect(dataType, key).toBe(expected);
    }
    expect(SETTING_VARIABLES_201.size).toBe(26);
  });

  it("translates the charging rate units both ways", () => {
    expect(settingTo201("ChargingScheduleAllowedChargingRateUnit", "Current,Power")).toBe("A,W");
    expect(settingFrom201("ChargingScheduleAllowedChargingRateUnit", "W")).toBe("Power");
    expect(settingTo201("HeartbeatInterval", "60")).toBe("60");
  });
});
