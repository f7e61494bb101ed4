import type { ConfigurationChangeResult, ConfigurationEntry } from "../ocpp/neutral-commands.ts";
import type { BoolSetting, IntSetting, ListSetting } from "./settings.ts";

type KeyType = "int" | "bool" | "string" | "csl";

interface KeyDef {
  type: KeyType;
  readonly: boolean;
  value: string;
  /** For int keys: the smallest accepted value. */
  min?: number;
  /** For csl keys: the members a list may hold. */
  members?: readonly string[];
  /** For csl keys: how many members a list may hold. */
  maxLength?: number;
}

/**
 * The points of a session where a charge point that numbers its own transactions may start and
 * end them (TxStartPoint/TxStopPoint): the EV in the parking bay, the cable in, the token
 * authorised, signed meter data, the power path closed, energy flowing.
 */
export const TRANSACTION_POINTS = [
  "ParkingBayOccupancy",
  "EVConnected",
  "Authorized",
  "DataSigned",
  "PowerPathClosed",
  "EnergyTransfer",
] as const;

/** Measurands the simulated meter can produce. */
export const SAMPLED_MEASURANDS = [
  "Energy.Active.Import.Register",
  "Power.Active.Import",
  "Current.Import",
  "Voltage",
] as const;

// OCPP 1.6 §9.1 Core profile keys and §9.2 Local Auth List Management keys. Keys of other profiles
// come with the features they configure.
// Defaults are those of a typical AC charge point; read-only flags follow the spec's "Accessibility".
function standardKeys(connectors: number): Record<string, KeyDef> {
  const rw = (type: KeyType, value: string, extra: Partial<KeyDef> = {}): KeyDef => ({
    type,
    readonly: false,
    value,
    ...extra,
  });
  const ro = (type: KeyType, value: string, extra: Partial<KeyDef> = {}): KeyDef => ({
    type,
    readonly: true,
    value,
    ...extra,
  });
  const measurands = { members: SAMPLED_MEASURANDS, maxLength: SAMPLED_MEASURANDS.length };
  const points = { members: TRANSACTION_POINTS, maxLength: TRANSACTION_POINTS.length };
  return {
    AllowOfflineTxForUnknownId: rw("bool", "false"),
    AuthorizationCacheEnabled: rw("bool", "true"),
    AuthorizeRemoteTxRequests: rw("bool", "true"),
    // Clock-aligned readings and WebSocket pings are not simulated yet: read-only, so no change is acknowledged in vain.
    ClockAlignedDataInterval: ro("int", "0"),
    ConnectionTimeOut: rw("int", "60", { min: 0 }),
    ConnectorPhaseRotation: rw("csl", Array.from({ length: connectors + 1 }, (_, i) => `${i}.RST`).join(",")),
    GetConfigurationMaxKeys: ro("int", "50"),
    HeartbeatInterval: rw("int", "300", { min: 0 }),
    LocalAuthListEnabled: rw("bool", "true"),
    LocalAuthListMaxLength: ro("int", "1000"),
    LocalAuthorizeOffline: rw("bool", "true"),
    LocalPreAuthorize: rw("bool", "false"),
    // Wh a transaction may still draw once the central system refuses its token and
    // StopTransactionOnInvalidId is false; 0 lets none through (energy-allowance.ts).
    MaxEnergyOnInvalidId: rw("int", "0", { min: 0 }),
    MeterValuesAlignedData: rw("csl", "Energy.Active.Import.Register", measurands),
    MeterValuesAlignedDataMaxLength: ro("int", String(SAMPLED_MEASURANDS.length)),
    MeterValuesSampledData: rw("csl", "Energy.Active.Import.Register", measurands),
    MeterValuesSampledDataMaxLength: ro("int", String(SAMPLED_MEASURANDS.length)),
    MeterValueSampleInterval: rw("int", "60", { min: 0 }),
    NumberOfConnectors: ro("int", String(connectors)),
    ResetRetries: rw("int", "3", { min: 0 }),
    // Reconnection back-off: OCPP 2.0.1's OCPPCommCtrlr variables (Part 4 §5.3); 1.6 leaves the
    // schedule to the charge point, so the same names serve here as vendor keys (see reconnect.ts).
    RetryBackOffRandomRange: rw("int", "10", { min: 0 }),
    RetryBackOffRepeatTimes: rw("int", "3", { min: 0 }),
    RetryBackOffWaitMinimum: rw("int", "10", { min: 0 }),
    SendLocalListMaxLength: ro("int", "100"),
    StopTransactionOnEVSideDisconnect: rw("bool", "true"),
    StopTransactionOnInvalidId: rw("bool", "true"),
    StopTxnAlignedData: rw("csl", "", measurands),
    StopTxnAlignedDataMaxLength: ro("int", String(SAMPLED_MEASURANDS.length)),
    StopTxnSampledData: rw("csl", "", measurands),
    StopTxnSampledDataMaxLength: ro("int", String(SAMPLED_MEASURANDS.length)),
    // Reservation (§9.4): connector 0 reservations are supported; a scenario may preset false.
    ReserveConnectorZeroSupported: ro("bool", "true"),
    // Each profile listed is implemented in full; FirmwareManagement has no keys of its own.
    SupportedFeatureProfiles: ro(
      "csl",
      "Core,FirmwareManagement,LocalAuthListManagement,Reservation,RemoteTrigger,SmartCharging",
    ),
    // Where a transaction starts and ends, for a version whose charge point numbers its own
    // transactions (TxCtrlr's variables); where the central system numbers them, the transaction
    // is the authorised session whatever these say.
    TxStartPoint: rw("csl", "PowerPathClosed", points),
    TxStopPoint: rw("csl", "EVConnected,Authorized", points),
    TransactionMessageAttempts: rw("int", "3", { min: 0 }),
    TransactionMessageRetryInterval: rw("int", "60", { min: 0 }),
    UnlockConnectorOnEVSideDisconnect: rw("bool", "true"),
    WebSocketPingInterval: ro("int", "0"),
    // §9.4 SmartCharging. Limits in A convert with the simulated phases, which never switch.
    ChargeProfileMaxStackLevel: ro("int", "10", { min: 0 }),
    ChargingScheduleAllowedChargingRateUnit: ro("csl", "Current,Power", { members: ["Current", "Power"] }),
    ChargingScheduleMaxPeriods: ro("int", "24", { min: 1 }),
    ConnectorSwitch3to1PhaseSupported: ro("bool", "false"),
    MaxChargingProfilesInstalled: ro("int", "16", { min: 1 }),
  };
}

const SHARED = new Map<number, ReadonlyMap<string, Readonly<KeyDef>>>();

/** The charge point's configuration keys, with the type and access rules of OCPP 1.6 §9. */
export class ConfigKeys {
  /** Key definitions and defaults, shared by every charge point with this many connectors. */
  private readonly keys: ReadonlyMap<string, Readonly<KeyDef>>;
  /** This charge point's values that differ from the defaults. */
  private changed: Map<string, string> | undefined;

  constructor(connectors: number, overrides: Record<string, string> = {}) {
    let keys = SHARED.get(connectors);
    if (!keys) {
      // A Map, not an object: a key named by a central system or a scenario (constructor,
      // __proto__) must not find JavaScript's own properties.
      keys = new Map(Object.entries(standardKeys(connectors)));
      SHARED.set(connectors, keys);
    }
    this.keys = keys;
    // Overrides come from the scenario or CLI, so read-only keys may be preset too.
    for (const [key, value] of Object.entries(overrides)) {
      const def = this.keys.get(key);
      if (!def) throw new RangeError(`unknown configuration key ${key}`);
      const problem = checkValue(def, value);
      if (problem) throw new RangeError(`configuration key ${key}: ${problem}`);
      this.set(key, value);
    }
  }

  /** Every key this charge point has. */
  names(): string[] {
    return [...this.keys.keys()];
  }

  private set(key: string, value: string): void {
    this.changed ??= new Map();
    this.changed.set(key, value);
  }

  /** The values that differ from the defaults (presets included), for --state-dir. */
  changes(): Record<string, string> {
    return Object.fromEntries(this.changed ?? []);
  }

  get(key: string): string | undefined {
    return this.changed?.get(key) ?? this.keys.get(key)?.value;
  }

  /** Typed keys only (see settings.ts): a misspelt or mistyped setting is a compile error. */
  int(key: IntSetting): number {
    return Number(this.get(key) ?? 0);
  }

  bool(key: BoolSetting): boolean {
    return this.get(key) === "true";
  }

  list(key: ListSetting): string[] {
    const v = this.get(key) ?? "";
    return v === "" ? [] : v.split(",").map((s) => s.trim());
  }

  entries(keys?: string[]): { entries: ConfigurationEntry[]; unknownKeys: string[] } {
    const names = keys && keys.length > 0 ? keys : this.keys.keys();
    const entries: ConfigurationEntry[] = [];
    const unknownKeys: string[] = [];
    for (const key of names) {
      const def = this.keys.get(key);
      if (def) entries.push({ key, readonly: def.readonly, value: this.get(key)! });
      else unknownKeys.push(key);
    }
    return { entries, unknownKeys };
  }

  /** Applies a change as a central system would ask it (read-only keys refused, values type-checked). */
  change(key: string, value: string): ConfigurationChangeResult {
    const def = this.keys.get(key);
    if (!def) return "NotSupported";
    if (def.readonly || checkValue(def, value)) return "Rejected";
    this.set(key, def.type === "bool" ? value.toLowerCase() : value);
    return "Accepted";
  }
}

function checkValue(def: KeyDef, value: string): string | undefined {
  switch (def.type) {
    case "int":
      if (!/^-?\d+$/.test(value)) return `expected an integer, got "${value}"`;
      if (def.min !== undefined && Number(value) < def.min)
        return `expected at least ${def.min}, got ${value}`;
      return undefined;
    case "bool":
      return /^(true|false)$/i.test(value) ? undefined : `expected true or false, got "${value}"`;
    case "csl": {
      if (!def.members) return undefined;
      const items = value === "" ? [] : value.split(",").map((s) => s.trim());
      const bad = items.find((i) => !def.members!.includes(i));
      if (bad) return `"${bad}" is not one of ${def.members.join(", ")}`;
      if (def.maxLength !== undefined && items.length > def.maxLength)
        return `at most ${def.maxLength} items`;
      return undefined;
    }
    default:
      return undefined;
  }
}
