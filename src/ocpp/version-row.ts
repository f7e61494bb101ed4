// One row of the version table: everything cpsim needs to speak one OCPP version, picked by
// `--ocpp` the way ocpp-rpc picks its validators by subprotocol. Each row is defined in its own
// folder (src/ocpp/v16/version.ts, src/ocpp/v15/version.ts, …) and listed once in
// src/ocpp/versions.ts; nothing outside those folders and that registry names a version.
// Adding a version is adding a folder with a `version.ts` exporting one of these, and a line in
// the registry.

import type { SettingNames } from "../chargepoint/settings.ts";
import type { CentralSystemState } from "../csms/state.ts";
import type { ConnectRefusal } from "../transport/errors.ts";
import type { RpcCaller } from "./caller.ts";
import type { CentralCommandTable } from "./central-commands.ts";
import type { EventReader } from "./charge-point-events.ts";
import type { ChargePointMapping } from "./mapping.ts";
import type { IdTagInfo } from "./neutral.ts";
import type { ChargePointCommands } from "./neutral-commands.ts";
import type { SchemaSet } from "./schemas.ts";
import type { VersionTerms } from "./terms.ts";

export type TransportKind = "json" | "soap";

/** Answers one central-system call: a wire payload of this version, or a thrown OcppError. */
export type IncomingHandler = (action: string, payload: unknown, signal: AbortSignal) => unknown;

/**
 * How the embedded central system (src/csms/) answers a charge point of this version: a wire
 * payload of the version for an action its charge points send. One per central system, over the
 * state it shares with the other versions (open transactions, its answer policy).
 */
export type CentralSystemAnswer = (cp: string, action: string, payload: unknown) => unknown;

/** SOAP binding of a version: where its WSDLs are and the namespace that tells it apart. */
export interface SoapBinding {
  /** Folder URL holding CentralSystemService.wsdl and ChargePointService.wsdl, unmodified. */
  wsdlDir: URL;
  /** The central system service's target namespace, e.g. "urn://Ocpp/Cs/2015/10/". */
  namespace: string;
  /**
   * Scenario overrides, --respond and answers by hand speak the payloads of `payloadsOf` (the
   * 1.6 ones for 1.5): the central system's request is translated before they see it, and
   * whatever answers is translated back. Absent when the version speaks its own payloads.
   */
  requestIn?(action: string, payload: unknown): unknown;
  /** An answer the version gives by itself, before any override (1.5: configuration keys it lacks). */
  answerOwn?(action: string, request: unknown): unknown;
  answerOut?(action: string, answer: unknown, request: unknown): unknown;
  /** The embedded central system's answer in this version, from its answer in `payloadsOf` terms. */
  centralSystemAnswerOut?(action: string, answer: unknown): unknown;
}

export interface OcppVersionRow {
  /** What `--ocpp` and a scenario's `ocpp:` take, e.g. "1.6". */
  readonly id: string;
  /** The transports it has a binding for, the default first. */
  readonly transports: readonly TransportKind[];
  /** OCPP-J subprotocol, e.g. "ocpp1.6"; only with the json transport. */
  readonly subprotocol?: string;
  readonly soap?: SoapBinding;
  /**
   * The version whose payloads scenarios, overrides and the interactive menu use for this one
   * (itself, or for 1.5 "1.6": 1.5 is driven in 1.6 terms and translated on the wire).
   */
  readonly payloadsOf: string;
  /** The official JSON schemas of those payloads, compiled once per process on first use. */
  schemas(): SchemaSet;
  /** Actions a charge point sends (in `payloadsOf` terms). */
  readonly chargePointActions: readonly string[];
  /** Actions a central system sends (in `payloadsOf` terms), each with a handler below. */
  readonly centralSystemActions: readonly string[];
  /**
   * Actions of `payloadsOf` this version does not have (1.5: TriggerMessage, Smart Charging):
   * a scenario step or an override that uses one is refused before anything is sent.
   */
  readonly lacking: readonly string[];
  /** The incoming-command handlers over a charge point's neutral answers; one closure per connection. */
  handlers(commands: ChargePointCommands): IncomingHandler;
  /**
   * The per-connection mapping of the model's events onto this version's messages. `commands` is
   * the charge point's side: a mapping that needs a setting to decide (2.0.1 TxStartPoint) reads
   * it there with getConfiguration, at the rare events that need it.
   */
  mapping(caller: RpcCaller, commands: ChargePointCommands): ChargePointMapping;
  /**
   * A connection attempt of this charge point was refused on security grounds (the central
   * system's certificate or TLS version failed our checks, or it refused our credentials). Nothing
   * can be said to it then; a version that reports it later (2.0.1 security events) records it here.
   */
  connectRefused?(commands: ChargePointCommands, refusal: ConnectRefusal): void;
  /**
   * The embedded central system's answers in `payloadsOf` terms (SOAP translates them with
   * `soap.centralSystemAnswerOut`); a version that is only driven in another's terms has none.
   */
  centralSystem?(state: CentralSystemState): CentralSystemAnswer;
  /**
   * The neutral central-system commands (src/ocpp/central-commands.ts) as this version's calls,
   * with their answers as neutral fields; a command left out is one the version lacks.
   */
  readonly centralSystemCommands: CentralCommandTable;
  /** Its charge point's messages, as they go out on the wire, read as neutral events. */
  readonly readEvent: EventReader;
  /** How this version names each setting of the model (configuration key, component/variable). */
  readonly settings: SettingNames;
  /** The words the interactive menu and its log use for this version (./terms.ts). */
  readonly terms: VersionTerms;
  /**
   * A token verdict as this version's Authorize answer carries it (in `payloadsOf` terms): the
   * authorize step's `payload`, whether the verdict came from the central system or from the
   * local list, the cache or the offline rules.
   */
  authorizeAnswer(info: IdTagInfo): unknown;
}
