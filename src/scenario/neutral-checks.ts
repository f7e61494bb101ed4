// The scenario checks of the neutral step forms, before anything connects: a centralSystemCall
// gives a `command:` with its arguments or an `action:` with its payload, a waitForMessage an
// `event:` or an `action:`; a command's arguments and an event's expected fields are known.
import { ConfigKeys } from "../chargepoint/config-keys.ts";
import { COMMAND_ARGUMENTS, isCentralCommand } from "../ocpp/central-commands.ts";
import { EVENT_FIELDS, isChargePointEvent } from "../ocpp/charge-point-events.ts";
import { PAYLOAD } from "./answer.ts";
import { commandArgs } from "./neutral-steps.ts";
import { didYouMean } from "./suggest.ts";

type Fail = (key: string, detail: string, at?: "key") => void;

/** Which form a step takes; "neither" has been reported. */
type Form = "neutral" | "action" | "neither";

function formOf(args: Record<string, unknown>, neutral: string, fail: Fail): Form {
  const hasNeutral = args[neutral] !== undefined;
  const hasAction = args.action !== undefined;
  if (hasNeutral && hasAction) {
    fail("action", `give ${neutral} or action, not both`, "key");
    return "neither";
  }
  if (hasNeutral) return "neutral";
  if (hasAction) return "action";
  fail("", `give ${neutral} (the same on every OCPP version) or action (the version's own)`);
  return "neither";
}

/** Checks a centralSystemCall in its command form; "action" leaves the action form to the caller. */
export function checkCommandStep(args: Record<string, unknown>, fail: Fail): Form {
  const form = formOf(args, "command", fail);
  if (form !== "neutral" || !isCentralCommand(args.command)) return form;
  const command = args.command;
  const { required, optional } = COMMAND_ARGUMENTS[command];
  const allowed: readonly string[] = [...required, ...optional];
  const given = commandArgs(args);
  for (const key of Object.keys(given)) {
    if (allowed.includes(key)) continue;
    const takes = allowed.length ? `it takes ${allowed.join(", ")}` : "it takes no arguments";
    const why = key === "payload" ? "a command has arguments beside it, not a payload" : takes;
    fail(key, `${command} has no argument ${key}${didYouMean(key, allowed)} (${why})`, "key");
  }
  for (const key of required) if (given[key] === undefined) fail("command", `${command} needs ${key}`);
  const key = given.key;
  if (typeof key === "string" && !key.includes("${")) {
    const names = new ConfigKeys(1).names();
    if (!names.includes(key)) fail("key", `no setting is named ${key}${didYouMean(key, names)}`);
  }
  return form;
}

/** Checks a waitForMessage in its event form; "action" leaves the action form to the caller. */
export function checkEventStep(
  args: Record<string, unknown>,
  fail: Fail,
  failExpect: (path: string, detail: string) => void,
): Form {
  const form = formOf(args, "event", fail);
  if (form !== "neutral" || !isChargePointEvent(args.event)) return form;
  const fields: readonly string[] = EVENT_FIELDS[args.event];
  const expect = args.expect;
  if (!expect || typeof expect !== "object") return form;
  // A field the event does not have would wait in vain until the time limit.
  for (const path of Object.keys(expect)) {
    const first = path.split(".", 1)[0]!;
    if (first === PAYLOAD || fields.includes(first)) continue;
    const list = fields.length
      ? ` (fields: ${fields.join(", ")}; the message itself is under ${PAYLOAD})`
      : "";
    failExpect(path, `${args.event} has no field "${first}"${didYouMean(first, [...fields])}${list}`);
  }
  return form;
}
