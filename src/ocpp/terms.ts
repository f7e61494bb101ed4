// How a person is told about one OCPP version's things: `cpsim interactive` asks and logs in the
// words of the version it speaks (1.6: "connector 2", an idTag, StartTransaction; 2.0.1: "EVSE 2 /
// connector 1", an idToken with its type, TransactionEvent). Each version folder has its terms
// (src/ocpp/<version>/terms.ts) and its row carries them, so the menu asks the row, never the
// version's name.
import type { EvseAddress, IdTokenType } from "./mapping.ts";
import type { ConnectorStatus, StopReason } from "./neutral.ts";
import type { ChargePointCommands } from "./neutral-commands.ts";

/** One setting as the version's central system reads it, for the settings view. */
export interface SettingLine {
  name: string;
  value: string;
  readonly: boolean;
}

export interface VersionTerms {
  /** Where something happens at the charge point, e.g. "connector 2" or "EVSE 2 / connector 1". */
  place(at: EvseAddress): string;
  /** What one place is called when asking which: "connector", "EVSE". */
  readonly placeKind: string;
  /**
   * What the whole charge point is called where a status can be reported for it (1.6 connector 0);
   * undefined when the version has no such status, so the menu does not offer it.
   */
  readonly wholeStatus?: string;
  /** What an identifier presented to the charge point is called: "idTag", "idToken". */
  readonly token: string;
  /** The token types to choose from, the default first; empty when the version sends the value alone. */
  readonly tokenTypes: readonly IdTokenType[];
  /** A status as the version reports it: "Preparing", "Occupied (EVConnected)". */
  status(status: ConnectorStatus): string;
  /** A stop reason as the version reports it, where it differs from the model's word. */
  stopReason(reason: StopReason): string;
  /** The messages that say what happens, for the menu's items. */
  readonly messages: {
    readonly start: string;
    readonly stop: string;
    /** Meter values while a transaction runs. */
    readonly meter: string;
    readonly status: string;
  };
  /** What the settings view lists: "configuration keys", "variables (component.variable)". */
  readonly settingsTitle: string;
  /** A setting of the model (its store key) as the version names it: "OCPPCommCtrlr.HeartbeatInterval". */
  settingName(key: string): string;
  /** The charge point's settings as the version's central system reads and writes them. */
  settings(commands: ChargePointCommands): SettingLine[];
}
