// The standard components and variables a 2.0.1 charging station exposes to a CSMS, with the
// names, data types, units and mutability of OCPP 2.0.1 Part 2 Appendices §3 ("Standardized
// components and variables"). Only standard names: a CSMS that knows 2.0.1 reads these without
// configuration. Values here are the simulator's defaults; a charging station keeps only the
// values that differ (see store.ts), so thousands of stations share this one table.
import { TRANSACTION_POINTS } from "../../../chargepoint/config-keys.ts";
import type { AttributeEnumType, DataEnumType, MutabilityEnumType } from "../types.ts";

/** Where a component lives: once per station, once per EVSE, or once per connector of an EVSE. */
export type Scope = "station" | "evse" | "connector";

export interface AttributeDef {
  type: AttributeEnumType;
  mutability: MutabilityEnumType;
  /** Default value, as sent on the wire; undefined for a WriteOnly secret with no default. */
  value?: string;
  /** A value the station cannot change, e.g. its hardware's limits (VariableAttribute.constant). */
  constant?: boolean;
}

export interface VariableDef {
  component: string;
  scope: Scope;
  variable: string;
  variableInstance?: string;
  dataType: DataEnumType;
  unit?: string;
  minLimit?: number;
  maxLimit?: number;
  /** Allowed members of an OptionList/MemberList/SequenceList. */
  valuesList?: readonly string[];
  attributes: readonly AttributeDef[];
  /** A change takes effect only after a reboot: SetVariables answers RebootRequired. */
  rebootRequired?: boolean;
}

// The measurands the simulator's meter produces (OCPP 2.0.1 MeasurandEnumType names).
export const METER_MEASURANDS = [
  "Energy.Active.Import.Register",
  "Power.Active.Import",
  "Current.Import",
  "Voltage",
  "SoC",
] as const;

// The model's own list: a scenario's config: sets TxStartPoint/TxStopPoint with these members.
export type TxPoint = (typeof TRANSACTION_POINTS)[number];

interface Options {
  unit?: string;
  min?: number;
  max?: number;
  values?: readonly string[];
  instance?: string;
  reboot?: boolean;
  constant?: boolean;
}

function def(
  component: string,
  scope: Scope,
  variable: string,
  dataType: DataEnumType,
  mutability: MutabilityEnumType,
  value: string | undefined,
  o: Options = {},
): VariableDef {
  return {
    component,
    scope,
    variable,
    dataType,
    attributes: [{ type: "Actual", mutability, value, constant: o.constant }],
    ...(o.instance !== undefined && { variableInstance: o.instance }),
    ...(o.unit !== undefined && { unit: o.unit }),
    ...(o.min !== undefined && { minLimit: o.min }),
    ...(o.max !== undefined && { maxLimit: o.max }),
    ...(o.values !== undefined && { valuesList: o.values }),
    ...(o.reboot && { rebootRequired: true }),
  };
}

// Short names keep the tables below one line a variable.
const RW = "ReadWrite";
const RO = "ReadOnly";
const S = "s";
const station = (c: string) => ({
  bool: (v: string, m: MutabilityEnumType, d: boolean, o?: Options) =>
    def(c, "station", v, "boolean", m, String(d), o),
  int: (v: string, m: MutabilityEnumType, d: number, o?: Options) =>
    def(c, "station", v, "integer", m, String(d), o),
  decimal: (v: string, m: MutabilityEnumType, d: number, o?: Options) =>
    def(c, "station", v, "decimal", m, String(d), o),
  str: (v: string, m: MutabilityEnumType, d: string | undefined, o?: Options) =>
    def(c, "station", v, "string", m, d, o),
  list: (
    v: string,
    dt: DataEnumType,
    m: MutabilityEnumType,
    d: string,
    values: readonly string[],
    o?: Options,
  ) => def(c, "station", v, dt, m, d, { ...o, values }),
});

const comm = station("OCPPCommCtrlr");
const tx = station("TxCtrlr");
const sampled = station("SampledDataCtrlr");
const aligned = station("AlignedDataCtrlr");
const auth = station("AuthCtrlr");
const cache = station("AuthCacheCtrlr");
const local = station("LocalAuthListCtrlr");
const reservation = station("ReservationCtrlr");
const smart = station("SmartChargingCtrlr");
const device = station("DeviceDataCtrlr");
const security = station("SecurityCtrlr");
const cs = station("ChargingStation");

const AVAILABILITY = ["Available", "Occupied", "Reserved", "Unavailable", "Faulted"] as const;

/** Every standard variable the simulated station has, in report order. */
export const VARIABLES: readonly VariableDef[] = [
  cs.list("AvailabilityState", "OptionList", RO, "Available", AVAILABILITY),
  cs.bool("Available", RO, true),
  cs.str("Model", RO, "cpsim"),
  cs.str("VendorName", RO, "cpsim"),
  cs.bool("Problem", RO, false),
  cs.int("SupplyPhases", RO, 3, { constant: true }),

  comm.int("ActiveNetworkProfile", RO, 1),
  comm.list("FileTransferProtocols", "MemberList", RO, "HTTP,HTTPS", [
    "FTP",
    "FTPS",
    "HTTP",
    "HTTPS",
    "SFTP",
  ]),
  comm.int("HeartbeatInterval", RW, 300, { unit: S, min: 1 }),
  comm.int("MessageTimeout", RO, 30, { unit: S, instance: "Default" }),
  comm.int("MessageAttemptInterval", RW, 10, { unit: S, instance: "TransactionEvent" }),
  comm.int("MessageAttempts", RW, 3, { instance: "TransactionEvent" }),
  comm.list("NetworkConfigurationPriority", "SequenceList", RW, "1", ["1", "2", "3"], { reboot: true }),
  comm.int("NetworkProfileConnectionAttempts", RW, 3),
  comm.int("OfflineThreshold", RW, 60, { unit: S }),
  comm.bool("QueueAllMessages", RW, false),
  comm.int("ResetRetries", RW, 2),
  comm.int("RetryBackOffRandomRange", RW, 10, { unit: S }),
  comm.int("RetryBackOffRepeatTimes", RW, 3),
  comm.int("RetryBackOffWaitMinimum", RW, 5, { unit: S }),
  comm.bool("UnlockOnEVSideDisconnect", RW, true),
  comm.int("WebSocketPingInterval", RW, 0, { unit: S, reboot: true }),

  tx.int("EVConnectionTimeOut", RW, 60, { unit: S }),
  tx.int("MaxEnergyOnInvalidId", RW, 0, { unit: "Wh", min: 0 }),
  tx.bool("StopTxOnEVSideDisconnect", RW, true),
  tx.bool("StopTxOnInvalidId", RW, true),
  tx.bool("TxBeforeAcceptedEnabled", RW, false),
  tx.list("TxStartPoint", "MemberList", RW, "PowerPathClosed", TRANSACTION_POINTS),
  tx.list("TxStopPoint", "MemberList", RW, "EVConnected,Authorized", TRANSACTION_POINTS),

  sampled.bool("Enabled", RW, true),
  sampled.bool("Available", RO, true),
  sampled.bool("SignReadings", RW, false),
  sampled.list("TxEndedMeasurands", "MemberList", RW, "Energy.Active.Import.Register", METER_MEASURANDS),
  sampled.int("TxEndedInterval", RW, 0, { unit: S, min: 0 }),
  sampled.list("TxStartedMeasurands", "MemberList", RW, "Energy.Active.Import.Register", METER_MEASURANDS),
  sampled.list("TxUpdatedMeasurands", "MemberList", RW, "Energy.Active.Import.Register", METER_MEASURANDS),
  sampled.int("TxUpdatedInterval", RW, 60, { unit: S, min: 0 }),

  aligned.bool("Enabled", RW, false),
  aligned.bool("Available", RO, true),
  aligned.int("Interval", RW, 900, { unit: S, min: 0 }),
  aligned.list("Measurands", "MemberList", RW, "Energy.Active.Import.Register", METER_MEASURANDS),
  aligned.bool("SendDuringIdle", RW, false),
  aligned.bool("SignReadings", RW, false),
  aligned.int("TxEndedInterval", RW, 0, { unit: S, min: 0 }),
  aligned.list("TxEndedMeasurands", "MemberList", RW, "Energy.Active.Import.Register", METER_MEASURANDS),

  auth.bool("Enabled", RW, true),
  auth.bool("AuthorizeRemoteStart", RW, false),
  auth.bool("DisableRemoteAuthorization", RW, false),
  auth.bool("LocalAuthorizeOffline", RW, true),
  auth.bool("LocalPreAuthorize", RW, false),
  auth.str("MasterPassGroupId", RW, ""),
  auth.bool("OfflineTxForUnknownIdEnabled", RW, false),

  cache.bool("Enabled", RW, true),
  cache.bool("Available", RO, true),
  cache.bool("DisablePostAuthorize", RW, false),
  cache.int("LifeTime", RW, 86_400, { unit: S }),
  cache.list("Policy", "OptionList", RW, "LRU", ["LRU", "LFU", "FIFO", "CUSTOM"]),
  cache.int("Storage", RO, 65_536, { unit: "B", constant: true }),

  local.bool("Enabled", RW, true),
  local.bool("Available", RO, true),
  local.int("BytesPerMessage", RO, 65_536, { constant: true }),
  local.bool("DisablePostAuthorize", RW, false),
  local.int("Entries", RO, 0),
  local.int("ItemsPerMessage", RO, 100, { constant: true }),
  local.int("Storage", RO, 1_048_576, { unit: "B", constant: true }),

  reservation.bool("Enabled", RW, true),
  reservation.bool("Available", RO, true),
  reservation.bool("NonEvseSpecific", RO, true),

  smart.bool("Enabled", RW, true),
  smart.bool("Available", RO, true),
  smart.bool("ACPhaseSwitchingSupported", RO, false, { constant: true }),
  smart.int("Entries", RO, 0, { instance: "ChargingProfiles" }),
  smart.bool("ExternalControlSignalsEnabled", RW, false),
  smart.decimal("LimitChangeSignificance", RW, 10, { unit: "Percent", min: 0, max: 100 }),
  smart.bool("NotifyChargingLimitWithSchedules", RW, false),
  smart.int("PeriodsPerSchedule", RO, 24, { constant: true }),
  smart.bool("Phases3to1", RO, false, { constant: true }),
  smart.int("ProfileStackLevel", RO, 10, { constant: true }),
  smart.list("RateUnit", "MemberList", RO, "A,W", ["A", "W"], { constant: true }),

  device.int("BytesPerMessage", RO, 65_536, { instance: "GetReport" }),
  device.int("BytesPerMessage", RO, 65_536, { instance: "GetVariables" }),
  device.int("BytesPerMessage", RO, 65_536, { instance: "SetVariables" }),
  device.int("ConfigurationValueSize", RO, 1000, { constant: true }),
  device.int("ItemsPerMessage", RO, 20, { instance: "GetReport" }),
  device.int("ItemsPerMessage", RO, 50, { instance: "GetVariables" }),
  device.int("ItemsPerMessage", RO, 50, { instance: "SetVariables" }),
  device.int("ReportingValueSize", RO, 2500, { constant: true }),
  device.int("ValueSize", RO, 1000, { constant: true }),

  // A new password takes effect on the next connection (A01), which the link opens; no reboot.
  security.str("BasicAuthPassword", "WriteOnly", undefined),
  security.int("CertificateEntries", RO, 0),
  security.int("CertSigningRepeatTimes", RW, 3),
  security.int("CertSigningWaitMinimum", RW, 30, { unit: S }),
  security.str("Identity", RW, ""),
  security.int("MaxCertificateChainSize", RO, 5600, { constant: true }),
  security.str("OrganizationName", RW, "cpsim"),
  security.int("SecurityProfile", RO, 1),

  def("EVSE", "evse", "AvailabilityState", "OptionList", RO, "Available", { values: AVAILABILITY }),
  def("EVSE", "evse", "Available", "boolean", RO, "true"),
  {
    ...def("EVSE", "evse", "Power", "decimal", RO, "0", { unit: "W" }),
    // The EVSE's rated power is its MaxSet attribute (Part 2 Appendices, EVSE component).
    attributes: [
      { type: "Actual", mutability: RO, value: "0" },
      { type: "MaxSet", mutability: RO, value: "22000", constant: true },
    ],
  },
  def("EVSE", "evse", "SupplyPhases", "integer", RO, "3", { constant: true }),
  def("Connector", "connector", "AvailabilityState", "OptionList", RO, "Available", { values: AVAILABILITY }),
  def("Connector", "connector", "Available", "boolean", RO, "true"),
  def("Connector", "connector", "ConnectorType", "string", RO, "cType2", { constant: true }),
  def("Connector", "connector", "SupplyPhases", "integer", RO, "3", { constant: true }),
];
