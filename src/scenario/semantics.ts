import { ConfigKeys } from "../chargepoint/config-keys.ts";
import { DEFAULT_VERSION, versionRow, versionRows } from "../ocpp/versions.ts";
import { parseDuration } from "../util/duration.ts";
import { chargePointOfStep, checkChargePoints, isSeveral, specPath } from "./charge-points.ts";
import { checkFaultStep } from "./fault-steps.ts";
import type { Scenario } from "./model.ts";
import { checkCommandStep, checkEventStep } from "./neutral-checks.ts";
import { checkProfile, powerProfile } from "./power-profile.ts";
import { checkAction, checkAnswer, checkRespond, checkSendAction } from "./respond.ts";
import { didYouMean } from "./suggest.ts";
import { checkDeclaredVersions, noteVersionSpecificPaths } from "./version-checks.ts";

type Path = (string | number)[];

/**
 * Checks what the schema cannot: that configuration keys exist and take their values, that every
 * step names a charge point and a connector the scenario has, that power profiles run forward,
 * and that overridden answers are valid. Calls `fail` with the path to blame.
 */
export function checkSemantics(
  scenario: Omit<Scenario, "file">,
  fail: (path: Path, detail: string, at?: "key" | "value") => void,
  hasBothChargePointForms = false,
  note: (path: Path, detail: string, at?: "key") => void = () => {},
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
  for (const problem of checkRespond(scenario.respond ?? {}))
    fail(["respond", problem.action], `respond.${problem.action}: ${problem.detail}`, problem.at);
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
    if (step.type === "send") {
      const problem = checkSendAction(step.args.action as string);
      if (problem) fail(["steps", step.index, step.type, "action"], `${where}.action: ${problem}`);
    }
    // An empty key is the step itself (a form it gives no key of).
    const failAt = (key: string, detail: string, at?: "key") =>
      key
        ? fail(["steps", step.index, step.type, key], `${where}.${key}: ${detail}`, at)
        : fail(["steps", step.index], `${where}: ${detail}`);
    if (
      step.type === "expectCall" ||
      (step.type === "centralSystemCall" && checkCommandStep(step.args, failAt) === "action")
    )
      checkCall(step.type, step.args, failAt);
    checkFaultStep(step.type, step.args, (key, detail) =>
      fail(["steps", step.index, step.type, key], `${where}.${key}: ${detail}`),
    );
    const failExpect = (path: string, detail: string) =>
      fail(["steps", step.index, step.type, "expect", path], `${where}.expect.${path}: ${detail}`, "key");
    if (step.type === "waitForMessage" && checkEventStep(step.args, failAt, failExpect) === "action") {
      const problem = fieldProblem(step.args.action as string, step.args.expect);
      if (problem)
        fail(
          ["steps", step.index, step.type, "expect", problem.path],
          `${where}.expect.${problem.path}: ${problem.detail}`,
          "key",
        );
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

/**
 * A call of the central system: expectCall waits for one and may answer it; centralSystemCall has
 * the embedded central system send one. Either way it must be a call a central system sends, and
 * the answer or the payload must pass the official schema. A payload that uses captures is
 * checked when it is sent instead.
 */
function checkCall(
  type: "expectCall" | "centralSystemCall",
  args: Record<string, unknown>,
  fail: (key: string, detail: string) => void,
): void {
  const action = args.action as string;
  const unknown = checkAction(action);
  if (unknown) {
    fail("action", unknown);
    return;
  }
  if (type === "expectCall") {
    const respond = args.respond as string | Record<string, unknown> | undefined;
    const problem = respond === undefined ? undefined : checkAnswer(action, respond);
    if (problem) fail("respond", problem.detail);
    return;
  }
  const payload = args.payload ?? {};
  if (JSON.stringify(payload).includes("${")) return;
  const issue = versionRow(DEFAULT_VERSION).schemas().validate(action, "request", payload);
  if (issue) fail("payload", `not a valid ${action} request: ${issue.message}`);
}

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  type?: string;
  $ref?: string;
  definitions?: Record<string, JsonSchema>;
};

/** The schema of a message some version's charge point sends: the default version's, else the first that has it. */
function messageSchema(action: string): JsonSchema | undefined {
  const rows = [versionRow(DEFAULT_VERSION), ...versionRows()];
  const row = rows.find((r) => r.chargePointActions.includes(action));
  return row?.schemas().schema(action, "request") as JsonSchema | undefined;
}

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
function fieldProblem(action: string, expect: unknown): { path: string; detail: string } | undefined {
  const root = messageSchema(action);
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
