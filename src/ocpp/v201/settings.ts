// How 2.0.1 names the charge point model's settings: each store key (the OCPP 1.6 configuration
// key, src/chargepoint/settings.ts) ↔ the component/variable of the 2.0.1 device model that holds
// the same setting (Part 2 Appendices §3). This is the row's `settings: { kind: "variables" }`.
// Settings with no 2.0.1 variable of the same meaning are left out on purpose:
// LocalAuthListMaxLength and MaxChargingProfilesInstalled are the maxLimit of
// LocalAuthListCtrlr.Entries and SmartChargingCtrlr.Entries (counts, not settings).
import type { VarRef } from "./device-model/model.ts";

const v = (component: string, variable: string, instance?: string): VarRef =>
  instance === undefined ? { component, variable } : { component, variable, instance };

export const SETTING_VARIABLES_201: ReadonlyMap<string, VarRef> = new Map([
  ["AllowOfflineTxForUnknownId", v("AuthCtrlr", "OfflineTxForUnknownIdEnabled")],
  ["AuthorizationCacheEnabled", v("AuthCacheCtrlr", "Enabled")],
  ["AuthorizeRemoteTxRequests", v("AuthCtrlr", "AuthorizeRemoteStart")],
  ["ChargeProfileMaxStackLevel", v("SmartChargingCtrlr", "ProfileStackLevel")],
  ["ChargingScheduleAllowedChargingRateUnit", v("SmartChargingCtrlr", "RateUnit")],
  ["ChargingScheduleMaxPeriods", v("SmartChargingCtrlr", "PeriodsPerSchedule")],
  ["ConnectionTimeOut", v("TxCtrlr", "EVConnectionTimeOut")],
  ["HeartbeatInterval", v("OCPPCommCtrlr", "HeartbeatInterval")],
  ["LocalAuthListEnabled", v("LocalAuthListCtrlr", "Enabled")],
  ["LocalAuthorizeOffline", v("AuthCtrlr", "LocalAuthorizeOffline")],
  ["LocalPreAuthorize", v("AuthCtrlr", "LocalPreAuthorize")],
  ["MaxEnergyOnInvalidId", v("TxCtrlr", "MaxEnergyOnInvalidId")],
  ["MeterValueSampleInterval", v("SampledDataCtrlr", "TxUpdatedInterval")],
  ["MeterValuesSampledData", v("SampledDataCtrlr", "TxUpdatedMeasurands")],
  ["ReserveConnectorZeroSupported", v("ReservationCtrlr", "NonEvseSpecific")],
  ["RetryBackOffRandomRange", v("OCPPCommCtrlr", "RetryBackOffRandomRange")],
  ["RetryBackOffRepeatTimes", v("OCPPCommCtrlr", "RetryBackOffRepeatTimes")],
  ["RetryBackOffWaitMinimum", v("OCPPCommCtrlr", "RetryBackOffWaitMinimum")],
  ["SendLocalListMaxLength", v("LocalAuthListCtrlr", "ItemsPerMessage")],
  ["StopTransactionOnEVSideDisconnect", v("TxCtrlr", "StopTxOnEVSideDisconnect")],
  ["StopTransactionOnInvalidId", v("TxCtrlr", "StopTxOnInvalidId")],
  ["StopTxnSampledData", v("SampledDataCtrlr", "TxEndedMeasurands")],
  ["TransactionMessageAttempts", v("OCPPCommCtrlr", "MessageAttempts", "TransactionEvent")],
  ["TransactionMessageRetryInterval", v("OCPPCommCtrlr", "MessageAttemptInterval", "TransactionEvent")],
  ["TxStartPoint", v("TxCtrlr", "TxStartPoint")],
  ["TxStopPoint", v("TxCtrlr", "TxStopPoint")],
]);

// The one setting whose values differ: 1.6 lists rate units as Current/Power, 2.0.1 as A/W.
const RATE_UNIT_TO_201: ReadonlyMap<string, string> = new Map([
  ["Current", "A"],
  ["Power", "W"],
]);
const RATE_UNIT_FROM_201: ReadonlyMap<string, string> = new Map(
  [...RATE_UNIT_TO_201].map(([a, b]) => [b, a]),
);

/** A store value as the 2.0.1 variable holds it. */
export function settingTo201(key: string, value: string): string {
  if (key !== "ChargingScheduleAllowedChargingRateUnit") return value;
  return value
    .split(",")
    .map((u) => RATE_UNIT_TO_201.get(u.trim()) ?? u.trim())
    .join(",");
}

/** A 2.0.1 variable's value as the store holds it. */
export function settingFrom201(key: string, value: string): string {
  if (key !== "ChargingScheduleAllowedChargingRateUnit") return value;
  return value
    .split(",")
    .map((u) => RATE_UNIT_FROM_201.get(u) ?? u)
    .join(",");
}
