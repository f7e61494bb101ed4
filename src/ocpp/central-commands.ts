// The calls a central system sends, named neutrally: a scenario's `centralSystemCall: { command:
// remoteStart, … }` runs unchanged on every version, because each version row maps the command
// onto its own action and payload, and its answer back onto neutral fields (`status`, and a few
// more per command). The version's own answer stays beside them under `payload`.
//
// Adding a command: its arguments here (CentralCommandArgs, COMMAND_ARGUMENTS, ANSWER_FIELDS),
// the argument properties in src/scenario/scenario.schema.json, and one entry in the table of
// each version that has the call (src/ocpp/<version>/central-commands.ts). A version without an
// entry lacks the command, and `cpsim validate --ocpp` says so at the step.

import type { ChargePointEventName } from "./charge-point-events.ts";
import type { ClearProfileArgs, ProfileArgs } from "./charging-commands.ts";
import type { TransactionId } from "./neutral.ts";
import type { Availability } from "./neutral-commands.ts";
import type { ChargingRateUnit } from "./neutral-smart-charging.ts";

/** The events a central system can ask for on every version that has TriggerMessage. */
export const TRIGGERABLE_EVENTS = [
  "boot",
  "heartbeat",
  "status",
  "meterValues",
  "firmwareStatus",
  "diagnosticsStatus",
] as const satisfies readonly ChargePointEventName[];
export type TriggerableEvent = (typeof TRIGGERABLE_EVENTS)[number];

/** Resets by their neutral names: hard stops at once (Immediate), soft lets transactions end (OnIdle). */
export type NeutralReset = "hard" | "soft" | "immediate" | "onIdle";

export const isHardReset = (type: NeutralReset) => type === "hard" || type === "immediate";

/** What each command takes, as a scenario writes it. */
export interface CentralCommandArgs {
  /** `profile`: a TxProfile for the transaction it starts (not in 1.5). */
  remoteStart: { idTag: string; connector?: number; profile?: ProfileArgs };
  remoteStop: { transactionId: TransactionId };
  reserve: {
    idTag: string;
    reservationId: number;
    expiry: string;
    connector?: number;
    parentIdTag?: string;
  };
  cancelReservation: { reservationId: number };
  updateFirmware: { location: string; retrieveDate: string; retries?: number; retryInterval?: number };
  uploadDiagnostics: {
    location: string;
    retries?: number;
    retryInterval?: number;
    startTime?: string;
    stopTime?: string;
  };
  /** `message` is a neutral event name (charge-point-events.ts): what the charge point is to send. */
  triggerMessage: { message: TriggerableEvent; connector?: number };
  reset: { type: NeutralReset; connector?: number };
  /** Connector 0 (the default) is the whole charge point. */
  changeAvailability: { availability: Availability; connector?: number };
  /** `key` is the setting's store name (src/chargepoint/settings.ts), as in `config:`. */
  setConfiguration: { key: string; value: string | number | boolean };
  getConfiguration: { key: string };
  unlockConnector: { connector?: number };
  clearCache: Record<string, never>;
  dataTransfer: { vendorId: string; messageId?: string; data?: string };
  /** Connector 0 (the default) holds the station-wide profiles. */
  setChargingProfile: { profile: ProfileArgs; connector?: number };
  clearChargingProfile: ClearProfileArgs;
  /** Connector 0 (the default) is the charge point as a whole; `duration` in seconds. */
  getCompositeSchedule: { duration: number; connector?: number; unit?: ChargingRateUnit };
}

export type CentralCommandName = keyof CentralCommandArgs;

type ArgNames<C extends CentralCommandName> = readonly (keyof CentralCommandArgs[C] & string)[];

/** The arguments each command requires and allows, for the scenario checks. */
export const COMMAND_ARGUMENTS: {
  readonly [C in keyof CentralCommandArgs]: { required: ArgNames<C>; optional: ArgNames<C> };
} = {
  remoteStart: { required: ["idTag"], optional: ["connector", "profile"] },
  remoteStop: { required: ["transactionId"], optional: [] },
  reserve: { required: ["idTag", "reservationId", "expiry"], optional: ["connector", "parentIdTag"] },
  cancelReservation: { required: ["reservationId"], optional: [] },
  updateFirmware: { required: ["location", "retrieveDate"], optional: ["retries", "retryInterval"] },
  uploadDiagnostics: {
    required: ["location"],
    optional: ["retries", "retryInterval", "startTime", "stopTime"],
  },
  triggerMessage: { required: ["message"], optional: ["connector"] },
  reset: { required: ["type"], optional: ["connector"] },
  changeAvailability: { required: ["availability"], optional: ["connector"] },
  setConfiguration: { required: ["key", "value"], optional: [] },
  getConfiguration: { required: ["key"], optional: [] },
  unlockConnector: { required: [], optional: ["connector"] },
  clearCache: { required: [], optional: [] },
  dataTransfer: { required: ["vendorId"], optional: ["messageId", "data"] },
  setChargingProfile: { required: ["profile"], optional: ["connector"] },
  clearChargingProfile: { required: [], optional: ["profileId", "connector", "purpose", "stackLevel"] },
  getCompositeSchedule: { required: ["duration"], optional: ["connector", "unit"] },
};

export const CENTRAL_COMMANDS = Object.keys(COMMAND_ARGUMENTS) as CentralCommandName[];

/** The neutral fields of each command's answer, beside `payload`. */
export const ANSWER_FIELDS: { readonly [C in keyof CentralCommandArgs]: readonly string[] } = {
  remoteStart: ["status"],
  remoteStop: ["status"],
  reserve: ["status"],
  cancelReservation: ["status"],
  updateFirmware: ["status"],
  uploadDiagnostics: ["status", "fileName"],
  triggerMessage: ["status"],
  reset: ["status"],
  changeAvailability: ["status"],
  setConfiguration: ["status"],
  getConfiguration: ["status", "value", "readonly"],
  unlockConnector: ["status"],
  clearCache: ["status"],
  dataTransfer: ["status", "data"],
  setChargingProfile: ["status"],
  clearChargingProfile: ["status"],
  // No profile limiting: 1.x sends no schedule (no unit, periods…), 2.0.1 the station's maximum.
  getCompositeSchedule: ["status", "scheduleStart", "duration", "unit", "periods"],
};

/** A call in the version's own terms. */
export interface VersionCall {
  action: string;
  payload: unknown;
}

/** How one version sends one neutral command and reads its answer. */
export interface CentralCommand<C extends CentralCommandName> {
  request(args: CentralCommandArgs[C]): VersionCall;
  /** The neutral fields of the version's answer (the transport validated it against its schema). */
  answer(payload: unknown, args: CentralCommandArgs[C]): Record<string, unknown>;
  /** Why this version cannot send these arguments (a setting it has no name for); none when it can. */
  refuse?(args: CentralCommandArgs[C]): string | undefined;
}

/** A version's commands; one it leaves out is a command the version lacks. */
export type CentralCommandTable = { readonly [C in keyof CentralCommandArgs]?: CentralCommand<C> };

type RequestOf<M, A extends keyof M> = M[A] extends [infer Q, unknown] ? Q : never;
type ResponseOf<M, A extends keyof M> = M[A] extends [unknown, infer R] ? R : never;

/**
 * The maker of a version's command entries over its typed action map M (action → [request,
 * response]): each entry names the action, builds its request from the neutral arguments and
 * reads the answer, all type-checked against the version's own types.
 */
export function commandMaker<M>() {
  return <A extends keyof M & string, C extends CentralCommandName>(
    action: A,
    request: (args: CentralCommandArgs[C]) => RequestOf<M, A>,
    answer: (res: ResponseOf<M, A>, args: CentralCommandArgs[C]) => Record<string, unknown>,
    refuse?: (args: CentralCommandArgs[C]) => string | undefined,
  ): CentralCommand<C> => ({
    request: (args) => ({ action, payload: request(args) }),
    // The transport validated the answer against the official schema of the action.
    answer: (payload, args) => answer(payload as ResponseOf<M, A>, args),
    ...(refuse && { refuse }),
  });
}

/** The neutral answer of a call whose answer is its status, as most of them are in every version. */
export const statusAnswer = (res: { status: string }) => ({ status: res.status });

export function isCentralCommand(name: unknown): name is CentralCommandName {
  return typeof name === "string" && Object.hasOwn(COMMAND_ARGUMENTS, name);
}

/** A command's call in a version's terms, and how to read its answer; none when the version lacks it. */
export function versionCommand<C extends CentralCommandName>(
  commands: CentralCommandTable,
  name: C,
  args: CentralCommandArgs[C],
): { call: VersionCall; answer(payload: unknown): Record<string, unknown> } | undefined {
  // `name` is typed: a scenario's text became one through isCentralCommand (Object.hasOwn).
  const command: CentralCommand<C> | undefined = commands[name];
  return command && { call: command.request(args), answer: (p) => command.answer(p, args) };
}

/** Why a version cannot send a command with these arguments; none when it can (or lacks the command). */
export function versionRefusal<C extends CentralCommandName>(
  commands: CentralCommandTable,
  name: C,
  args: CentralCommandArgs[C],
): string | undefined {
  const command: CentralCommand<C> | undefined = commands[name];
  return command?.refuse?.(args);
}
