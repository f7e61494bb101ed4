import type { OcppVersionRow } from "../ocpp/version-row.ts";
import { lackingDetail } from "./action-versions.ts";
import { type Answer, toPayload } from "./inbox.ts";
import { didYouMean } from "./suggest.ts";

export interface RespondProblem {
  action: string;
  /** Whether the action's name or its answer is to blame, for the error's position. */
  at: "key" | "value";
  detail: string;
}

/**
 * Checks overrides of the charge point's answers before anything connects: the action must be
 * one the central system can send, and the answer must pass the official schema, since the
 * charge point would otherwise send an invalid CALLRESULT that the central system rejects.
 */
export function checkAnswer(action: string, answer: Answer, row: OcppVersionRow): RespondProblem | undefined {
  const unknown = checkAction(action, row);
  if (unknown) return { action, at: "key", detail: unknown };
  const issue = row.schemas().validate(action, "response", toPayload(answer));
  if (!issue) return undefined;
  const shown = typeof answer === "string" ? answer : JSON.stringify(answer);
  return {
    action,
    at: "value",
    detail: `${shown} is not a valid answer to ${action}: ${issue.message}`,
  };
}

/**
 * A sentence when `action` is not a call a central system can send, else undefined. Actions are
 * named as the row's scenarios speak (`payloadsOf`: 1.6 for 1.5).
 */
export function checkAction(action: string, row: OcppVersionRow): string | undefined {
  const cs = row.centralSystemActions;
  if (cs.includes(action)) return undefined;
  if (row.chargePointActions.includes(action))
    return `${action} is a call the charge point sends, not the central system`;
  const elsewhere = lackingDetail(row, action);
  if (elsewhere) return elsewhere;
  const hint = didYouMean(action, cs) || ` (actions: ${cs.join(", ")})`;
  return `${action} is not a call the central system sends in OCPP ${row.payloadsOf}${hint}`;
}

export function checkRespond(respond: Record<string, Answer>, row: OcppVersionRow): RespondProblem[] {
  return Object.entries(respond).flatMap(([action, answer]) => checkAnswer(action, answer, row) ?? []);
}

/** A sentence when `action` is not a call a charge point sends (in the row's scenario terms), else undefined. */
export function checkSendAction(action: string, row: OcppVersionRow): string | undefined {
  const cp = row.chargePointActions;
  if (cp.includes(action)) return undefined;
  if (row.centralSystemActions.includes(action))
    return `${action} is a call the central system sends, not the charge point (centralSystemCall sends it from the embedded central system)`;
  const elsewhere = lackingDetail(row, action);
  if (elsewhere) return elsewhere;
  const hint = didYouMean(action, cp) || ` (actions: ${cp.join(", ")})`;
  return `${action} is not a call a charge point sends in OCPP ${row.payloadsOf}${hint}`;
}

/**
 * `--respond Action=Status` or `--respond 'Action={"json":"payload"}'`, the command-line form of a
 * scenario's `respond:`. Throws a one-sentence Error; the CLI turns it into a usage error. Only
 * its form is checked here; its answer is checked once the run's version is known
 * (checkRespondFlag in src/cli/run-checks.ts): --ocpp may come after it.
 */
export function parseRespondArg(value: string): { action: string; answer: Answer } {
  const eq = value.indexOf("=");
  if (eq < 1 || eq === value.length - 1)
    throw new Error("expected Action=Status or Action={json}, e.g. RemoteStartTransaction=Rejected.");
  const action = value.slice(0, eq).trim();
  const text = value.slice(eq + 1).trim();
  let answer: Answer = text;
  if (text.startsWith("{")) {
    try {
      answer = JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`the answer to ${action} is not valid JSON: ${(err as Error).message}.`);
    }
  }
  return { action, answer };
}
