// The settings the charge point model reads, as typed constants: `config.bool(Setting.X)` where X
// is not a boolean setting, or is misspelt, does not compile (a string literal used to read a typo
// as false, silently).
//
// A setting's value is its store key, which is also the name scenarios' `config:`, `--config` and
// --state-dir files use: the OCPP 1.6 configuration key, kept for them. How a version names a
// setting on the wire is the version's own table (SettingNames): 1.6 and 1.5 use the key itself;
// 2.0.1 maps it to a component/variable of its device model (src/ocpp/v201/, to be written).

export const Setting = {
  allowOfflineTxForUnknownId: "AllowOfflineTxForUnknownId",
  authorizationCacheEnabled: "AuthorizationCacheEnabled",
  authorizeRemoteTxRequests: "AuthorizeRemoteTxRequests",
  chargeProfileMaxStackLevel: "ChargeProfileMaxStackLevel",
  chargingScheduleAllowedChargingRateUnit: "ChargingScheduleAllowedChargingRateUnit",
  chargingScheduleMaxPeriods: "ChargingScheduleMaxPeriods",
  connectionTimeOut: "ConnectionTimeOut",
  heartbeatInterval: "HeartbeatInterval",
  localAuthListEnabled: "LocalAuthListEnabled",
  localAuthListMaxLength: "LocalAuthListMaxLength",
  localAuthorizeOffline: "LocalAuthorizeOffline",
  localPreAuthorize: "LocalPreAuthorize",
  maxChargingProfilesInstalled: "MaxChargingProfilesInstalled",
  maxEnergyOnInvalidId: "MaxEnergyOnInvalidId",
  meterValueSampleInterval: "MeterValueSampleInterval",
  meterValuesSampledData: "MeterValuesSampledData",
  reserveConnectorZeroSupported: "ReserveConnectorZeroSupported",
  retryBackOffRandomRange: "RetryBackOffRandomRange",
  retryBackOffRepeatTimes: "RetryBackOffRepeatTimes",
  retryBackOffWaitMinimum: "RetryBackOffWaitMinimum",
  sendLocalListMaxLength: "SendLocalListMaxLength",
  stopTransactionOnEVSideDisconnect: "StopTransactionOnEVSideDisconnect",
  stopTransactionOnInvalidId: "StopTransactionOnInvalidId",
  stopTxnSampledData: "StopTxnSampledData",
  transactionMessageAttempts: "TransactionMessageAttempts",
  transactionMessageRetryInterval: "TransactionMessageRetryInterval",
  txStartPoint: "TxStartPoint",
  txStopPoint: "TxStopPoint",
} as const;

/** Settings read as booleans ("true"/"false"). */
export type BoolSetting =
  | typeof Setting.allowOfflineTxForUnknownId
  | typeof Setting.authorizationCacheEnabled
  | typeof Setting.authorizeRemoteTxRequests
  | typeof Setting.localAuthListEnabled
  | typeof Setting.localAuthorizeOffline
  | typeof Setting.localPreAuthorize
  | typeof Setting.reserveConnectorZeroSupported
  | typeof Setting.stopTransactionOnEVSideDisconnect
  | typeof Setting.stopTransactionOnInvalidId;

/** Settings read as comma-separated lists. */
export type ListSetting =
  | typeof Setting.chargingScheduleAllowedChargingRateUnit
  | typeof Setting.meterValuesSampledData
  | typeof Setting.stopTxnSampledData
  | typeof Setting.txStartPoint
  | typeof Setting.txStopPoint;

/** Settings read as integers. */
export type IntSetting = Exclude<(typeof Setting)[keyof typeof Setting], BoolSetting | ListSetting>;

export type SettingKey = (typeof Setting)[keyof typeof Setting];

/** A 2.0.1-style address of a setting in a device model. */
export interface DeviceVariable {
  component: string;
  variable: string;
  instance?: string;
}

/**
 * How one version names the model's settings on the wire. 1.6/1.5: the key itself (GetConfiguration
 * and ChangeConfiguration use the store key). 2.0.1: `variables` maps each setting to the
 * component/variable GetVariables/SetVariables address (OCPPCommCtrlr.HeartbeatInterval,
 * TxCtrlr.StopTxOnInvalidId, SampledDataCtrlr.TxUpdatedMeasurands, …); a setting it leaves out
 * is not reachable from that version's central system.
 */
export type SettingNames =
  | { kind: "keys" }
  | { kind: "variables"; variables: ReadonlyMap<SettingKey, DeviceVariable> };
