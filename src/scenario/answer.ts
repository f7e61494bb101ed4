// A step's answer as `expect:` and `capture:` read it: neutral fields that every OCPP version
// fills from what the model knows (`status`, `transactionId`, …), and the version's own payload
// under `payload`, for the checks that need it. The shipped scenarios read only neutral fields,
// so they run unchanged on every version; a path that is no neutral field (`idTagInfo.status`,
// written before the fields existed) is still read from the payload, and `cpsim validate` notes
// that it is version-specific.
import { ANSWER_FIELDS, isCentralCommand } from "../ocpp/central-commands.ts";
import { EVENT_FIELDS, isChargePointEvent } from "../ocpp/charge-point-events.ts";
import type { Step, StepType } from "./model.ts";

/** Where the version's own payload sits in a step's answer. */
export const PAYLOAD = "payload";

/**
 * The neutral fields of each step's answer. Steps that name an OCPP action (send, expectCall,
 * centralSystemCall, waitForMessage, the fault steps) answer with that action's payload itself:
 * the action is the version's, and so are its fields. A centralSystemCall `command:` and a
 * waitForMessage `event:` answer with the neutral fields of the command or event (fieldsOf).
 */
export const NEUTRAL_FIELDS: Partial<Record<StepType, readonly string[]>> = {
  boot: ["status", "interval", "currentTime"],
  heartbeat: ["currentTime"],
  authorize: ["status", "expiryDate", "parentIdTag", "source"],
  startTransaction: ["status", "transactionId", "expiryDate", "parentIdTag", "queued", "resumed"],
  stopTransaction: ["status", "transactionId", "energyWh", "queued"],
  charge: ["energyWh", "powerW"],
  meterValues: ["values"],
  dataTransfer: ["status", "data"],
  reconnect: ["delivered", "events", "pending"],
  waitForStatus: ["status", "transactionId"],
  expectDisconnect: ["code", "reason", "attempts", "offlineMs"],
};

/** Answers made by `stepAnswer`: only they read a non-neutral path from their payload. */
const ANSWERS = new WeakSet<object>();

/** A step's answer: its neutral fields (undefined ones left out) and the version's payload, if any. */
export function stepAnswer(fields: Record<string, unknown>, payload?: unknown): Record<string, unknown> {
  const answer: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) answer[k] = v;
  if (payload !== undefined) answer[PAYLOAD] = payload;
  ANSWERS.add(answer);
  return answer;
}

/** The value a path names: a neutral field, `payload.…`, or else the same path in the payload. */
export function resolveAnswer(
  answer: unknown,
  path: string,
  pick: (v: unknown, p: string) => unknown,
): unknown {
  if (answer === null || typeof answer !== "object" || !ANSWERS.has(answer)) return pick(answer, path);
  const first = path.split(".", 1)[0]!;
  if (Object.hasOwn(answer, first)) return pick(answer, path);
  return pick((answer as Record<string, unknown>)[PAYLOAD], path);
}

/** The neutral fields of a step's answer; none when it answers with a payload of the version's. */
export function fieldsOf(step: Pick<Step, "type" | "args">): readonly string[] | undefined {
  const { command, event } = step.args;
  if (step.type === "centralSystemCall" && isCentralCommand(command)) return ANSWER_FIELDS[command];
  if (step.type === "waitForMessage" && isChargePointEvent(event)) return EVENT_FIELDS[event];
  return NEUTRAL_FIELDS[step.type];
}

/**
 * Why an `expect:` or `capture:` path of a step is version-specific, with the neutral field to
 * use instead; undefined when it is neutral or the step has no neutral fields.
 */
export function versionSpecificPath(step: Pick<Step, "type" | "args">, path: string): string | undefined {
  const fields = fieldsOf(step);
  if (!fields) return undefined;
  const first = path.split(".", 1)[0]!;
  if (fields.includes(first) || first === PAYLOAD) return undefined;
  const last = path.split(".").at(-1)!;
  const instead = fields.includes(last) ? `the neutral field ${last}` : `${PAYLOAD}.${path}`;
  return `reads the version's own payload, so it is version-specific; use ${instead}`;
}
