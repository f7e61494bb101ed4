// The neutral forms of centralSystemCall (`command:`) and waitForMessage (`event:`), translated by
// the version the run speaks (its row's centralSystemCommands and readEvent).
import {
  type CentralCommandArgs,
  type CentralCommandName,
  type VersionCall,
  versionCommand,
  versionRefusal,
} from "../ocpp/central-commands.ts";
import type { ChargePointEventName } from "../ocpp/charge-point-events.ts";
import type { OcppVersionRow } from "../ocpp/versions.ts";
import { stepAnswer } from "./answer.ts";
import type { MessageReader } from "./message-watch.ts";

/** The keys of centralSystemCall that are the step's, not the command's arguments. */
export const STEP_KEYS = new Set([
  "name",
  "chargePoint",
  "command",
  "expect",
  "maxLatency",
  "onFailure",
  "capture",
]);

/** A centralSystemCall's command arguments: the step's keys other than its own. */
export function commandArgs(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([k]) => !STEP_KEYS.has(k)));
}

/** The version's call for a `command:` step, and how to read its answer into neutral fields. */
export function commandCall(
  version: OcppVersionRow,
  args: Record<string, unknown>,
): { call: VersionCall; answer(payload: unknown): Record<string, unknown> } {
  const name = args.command as CentralCommandName;
  // The scenario checks matched the arguments to the command before the run.
  const given = commandArgs(args) as CentralCommandArgs[CentralCommandName];
  // Arguments captured as the run went (${vars.key}) are checked only now.
  const refused = versionRefusal(version.centralSystemCommands, name, given);
  if (refused) throw new Error(`OCPP ${version.id}: ${refused}`);
  const command = versionCommand(version.centralSystemCommands, name, given);
  // validate and run refuse the step before anything connects (version-checks.ts): never reached.
  if (!command) throw new Error(`OCPP ${version.id} has no ${name} command`);
  return command;
}

/** For an `event:` step, what a sent message is as that event (its step answer); none for an `action:` step. */
export function eventReader(
  version: OcppVersionRow,
  args: Record<string, unknown>,
): MessageReader | undefined {
  if (args.event === undefined) return undefined;
  const event = args.event as ChargePointEventName;
  return (m) => {
    const read = version.readEvent(m.action, m.payload);
    return read?.event === event ? stepAnswer(read.fields, m.payload) : undefined;
  };
}
