import { ConfigKeys } from "../chargepoint/config-keys.ts";
import type { OcppVersionRow } from "../ocpp/version-row.ts";
import { versionRows } from "../ocpp/versions.ts";
import { parseDuration } from "../util/duration.ts";
import { acrossVersions, payloadRows, versionsToCheck } from "./action-versions.ts";
import { chargePointOfStep, checkChargePoints, isSeveral, specPath } from "./charge-points.ts";
import { checkFaultStep, faultActionProblem } from "./fault-steps.ts";
import type { Scenario } from "./model.ts";
import { checkCommandStep, checkEventStep } from "./neutral-checks.ts";
import { checkProfile, powerProfile } from "./power-profile.ts";
import { checkAction, checkAnswer, checkSendAction } from "./respond.ts";
import { didYouMean } from "./suggest.ts";
import { checkDeclaredVersions, noteVersionSpecificPaths } from "./version-checks.ts";

type Path = (string | number)[];

/**
 * Checks what the schema cannot: that configuration keys exist and take their values, that every
 * step names a charge point and a connector the scenario has, that power profiles run forward,
 * and that overridden answers are valid. Calls `fail` with the path to blame. The actions steps
 * name and their payloads are checked against `rows`, the versions the scenario can run on
 * (./action-versions.ts).
 */
export function checkSemantics(
  scenario: Omit<Scenario, "file">,
  fail: (path: Path, detail: string, at?: "key" | "value") => void,
  hasBothChargePointForms = false,
  note: (path: Path, detail: string, at?: "key") => void = () => {},
  rows: readonly OcppVersionRow[] = payloadRows(versionsToCheck(scenario.ocpp?.versions)),
): void {
  checkChargePoints(scenario, hasBothChargePointForms, fail);
  checkDeclaredVersions(scenario.ocpp?.versions, fail);
  for (const { name, spec } of scenario.chargePoints) {
    const at = specPath(scenario, name);
    for (const [key, value] of Object.entries(spec.config ?? {})) {
      try {
        new ConfigKeys(spec.connectors ?? 1, { [key]: String(value) });
      } catch (err) {
        const message = (err as Error).message;
        const unknown = message.startsWith("unknown");
        // Keys are case-sensitive; a key that differs only in case is the likeliest typo.
        const hint = unknown ? didYouMean(key, new ConfigKeys(1).names()) : "";
        fail(
          [...at, "config", key],
          `${at.join(".")}.config.${key}: ${message.replace(/^configuration key \S+: /, "")}${hint}`,
          unknown ? "key" : "value",
        );
      }
    }
  }
  for (const [action, answer] of Object.entries(scenario.respond ?? {}))
    for (const problem of acrossVersions(rows, (row) => checkAnswer(action, answer, row)))
      fail(["respond", action], `respond.${action}: ${problem.detail}`, problem.at);
  for (const step of scenario.steps) {
    const where = `steps[${step.index}].${step.type}`;
    noteVersionSpecificPaths(step, note);
    for (const [path, op] of Object.entries((step.args.expect as Record<string, unknown>) ?? {})) {
      const pattern = (op as { match?: unknown } | null)?.match;
      if (typeof pattern !== "string") continue;
      try {
        new RegExp(pattern);
      } catch (err) {
        fail(
          ["steps", step.index, step.type, "expect", path, "match"],
          `${where}.expect.${path}.match: ${(err as Error).message}`,
        );
      }
    }
    // An empty key is the step itself (a form it gives no key of).
    const failAt = (key: string, detail: string, at?: "key") =>
      key
        ? fail(["steps", step.index, step.type, key], `${where}.${key}: ${detail}`, at)
        : fail(["steps", step.index], `${where}: ${detail}`);
    const action = step.args.action as string;
    if (step.type === "send")
      for (const p of acrossVersions(rows, (row) => detailOf(checkSendAction(action, row))))
        failAt("action", p.detail);
    const { type } = step;
    if (
      type === "expectCall" ||
      (type === "centralSystemCall" && checkCommandStep(step.args, failAt) === "action")
    )
      for (const p of acrossVersions(rows, (row) => callProblem(type, step.args, row)))
        failAt(p.key, p.detail);
    checkFaultStep(step.type, step.args, failAt);
    for (const p of acrossVersions(rows, (row) => faultActionProblem(step.type, step.args, row)))
      failAt(p.key, p.detail);
    const failExpect = (path: string, detail: string) =>
      fail(["steps", step.index, step.type, "expect", path], `${where}.expect.${path}: ${detail}`, "key");
    if (step.type === "waitForMessage" && checkEventStep(step.args, failAt, failExpect) === "action") {
      const sends = (r: OcppVersionRow) => r.chargePointActions.includes(action);
      const having = rows.filter(sends);
      // An action none of them sends is refused by the version checks; its fields are still read,
      // in the first version that has it.
      const readIn = having.length > 0 ? having : versionRows().filter(sends).slice(0, 1);
      for (const p of acrossVersions(readIn, (row) => fieldProblem(row, action, step.args.expect)))
        failExpect(p.path, p.detail);
    }
    const cp = chargePointOfStep(scenario, step);
    const connectors = cp?.spec.connectors ?? 1;
    const connector = step.args.connector;
    if (cp && typeof connector === "number" && connector > connectors) {
      const owner = isSeveral(scenario) ? `charge point ${cp.name}` : "the charge point";
      fail(
        ["steps", step.index, step.type, "connector"],
        `${where}.connector: connector ${connector} does not exist (${owner} has ${connectors}; set ${specPath(scenario, cp.name).join(".")}.connectors)`,
      );
    }
    if (step.type === "charge" && Array.isArray(step.args.power)) {
      const problem = checkProfile(
        powerProfile(step.args.power)!,
        parseDuration(step.args.duration as string | number)!,
      );
      if (problem)
        fail(
          ["steps", step.index, step.type, "power", problem.index, "at"],
          `${where}.power[${problem.index}].at: ${problem.detail}`,
        );
    }
  }
}

const detailOf = (detail: string | undefined) => (detail === undefined ? undefined : { detail });

/**
 * A call of the central system: expectCall waits for one and may answer it; centralSystemCall has
 * the embedded central system send one. Either way it must be a call a central system of the
 * row's version sends, and the answer or the payload must pass that version's official schema. A
 * payload that uses captures is checked when it is sent instead.
 */
function callProblem(
  type: "expectCall" | "centralSystemCall",
  args: Record<string, unknown>,
  row: OcppVersionRow,
): { key: string; detail: string } | undefined {
  const action = args.action as string;
  const unknown = checkAction(action, row);
  if (unknown) return { key: "action", detail: unknown };
  if (type === "expectCall") {
    const respond = args.respond as string | Record<string, unknown> | undefined;
    const problem = respond === undefined ? undefined : checkAnswer(action, respond, row);
    return problem && { key: "respond", detail: problem.detail };
  }
  const payload = args.payload ?? {};
  if (JSON.stringify(payload).includes("${")) return undefined;
  const issue = row.schemas().validate(action, "request", payload);
  return issue && { key: "payload", detail: `not a valid ${action} request: ${issue.message}` };
}

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  type?: string;
  $ref?: string;
  definitions?: Record<string, JsonSchema>;
};

/** A node's own schema: some versions' schemas name their types once, under definitions. */
function deref(root: JsonSchema, node: JsonSchema | undefined): JsonSchema | undefined {
  const name = node?.$ref?.replace(/^#\/definitions\//, "");
  if (name === undefined) return node;
  return root.definitions && Object.hasOwn(root.definitions, name) ? root.definitions[name] : undefined;
}

/**
 * waitForMessage waits for a payload the official schema describes, so a field it does not have
 * (a typo) would only wait in vain until the time limit: it is refused before anything connects.
 */
function fieldProblem(
  row: OcppVersionRow,
  action: string,
  expect: unknown,
): { path: string; detail: string } | undefined {
  const root = row.schemas().schema(action, "request") as JsonSchema | undefined;
  if (!root || !expect || typeof expect !== "object") return undefined;
  for (const path of Object.keys(expect)) {
    let node: JsonSchema | undefined = root;
    for (const part of path.split(".")) {
      node = deref(root, node);
      if (/^\d+$/.test(part) && node?.items) {
        node = node.items;
        continue;
      }
      const fields = Object.keys(node?.properties ?? {});
      if (!node?.properties || !Object.hasOwn(node.properties, part)) {
        const hint = didYouMean(part, fields) || (fields.length ? ` (fields: ${fields.join(", ")})` : "");
        return { path, detail: `${action} has no field "${part}"${hint}` };
      }
      node = node.properties[part];
    }
  }
  return undefined;
}
