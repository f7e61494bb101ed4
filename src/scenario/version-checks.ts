// What a scenario says about OCPP versions, checked before anything connects: the versions it
// declares (`ocpp:`), the actions its steps name that a version lacks or that only another
// version has, the neutral commands a version lacks or cannot send with the arguments given, and
// the answer paths that read a version's own payload.
import {
  type CentralCommandArgs,
  type CentralCommandName,
  isCentralCommand,
  versionRefusal,
} from "../ocpp/central-commands.ts";
import {
  DEFAULT_VERSION,
  OCPP_VERSIONS,
  type OcppVersion,
  type OcppVersionRow,
  versionRow,
  versionRows,
} from "../ocpp/versions.ts";
import { UserError } from "../util/errors.ts";
import { lackingDetail } from "./action-versions.ts";
import { versionSpecificPath } from "./answer.ts";
import { ScenarioError, type ScenarioProblem } from "./load.ts";
import type { Scenario, Step } from "./model.ts";
import { commandArgs } from "./neutral-steps.ts";

type Path = (string | number)[];

/** `ocpp:` names versions cpsim speaks: one it does not would make the scenario run on none. */
export function checkDeclaredVersions(declared: unknown, fail: (path: Path, detail: string) => void): void {
  if (declared === undefined) return;
  const list = Array.isArray(declared) ? declared : [declared];
  list.forEach((v, i) => {
    const version = String(v);
    if ((OCPP_VERSIONS as readonly string[]).includes(version)) return;
    fail(
      Array.isArray(declared) ? ["ocpp", i] : ["ocpp"],
      `ocpp: cpsim does not speak OCPP ${version} (it speaks ${OCPP_VERSIONS.join(", ")})`,
    );
  });
}

/** Notes on `expect:` and `capture:` paths that read the version's payload instead of a neutral field. */
export function noteVersionSpecificPaths(
  step: Step,
  note: (path: Path, detail: string, at?: "key") => void,
): void {
  const at = ["steps", step.index, step.type];
  const where = `steps[${step.index}].${step.type}`;
  for (const path of Object.keys((step.args.expect as Record<string, unknown> | undefined) ?? {})) {
    const why = versionSpecificPath(step, path);
    if (why) note([...at, "expect", path], `${where}.expect.${path}: ${why}`, "key");
  }
  for (const [name, path] of Object.entries(
    (step.args.capture as Record<string, string> | undefined) ?? {},
  )) {
    const why = typeof path === "string" ? versionSpecificPath(step, path) : undefined;
    if (why) note([...at, "capture", name], `${where}.capture.${name}: ${why}`);
  }
}

/** The OCPP action a step names (send, expectCall, centralSystemCall, waitForMessage, the fault steps). */
function actionOf(step: Step): string | undefined {
  return typeof step.args.action === "string" ? step.args.action : undefined;
}

/** Why a version cannot send a centralSystemCall's command with its arguments; undefined when it can. */
function commandDetail(row: OcppVersionRow, step: Step): string | undefined {
  const name = step.args.command;
  if (step.type !== "centralSystemCall" || !isCentralCommand(name)) return undefined;
  const command = row.centralSystemCommands[name];
  if (!command) {
    const others = versionRows().filter((r) => r.centralSystemCommands[name]);
    const have = others.map((r) => r.id).join(" and ");
    return `OCPP ${row.id} has no ${name} command (${have} have it); declare the versions it runs on with ocpp: at the top.`;
  }
  const args = commandArgs(step.args);
  // A captured value is known only as the run goes; the step fails then if the version refuses it.
  if (JSON.stringify(args).includes("${")) return undefined;
  // The scenario checks matched the arguments to the command.
  const why = versionRefusal(row.centralSystemCommands, name, args as CentralCommandArgs[CentralCommandName]);
  return why && `OCPP ${row.id}: ${why}.`;
}

/**
 * Refuses a run or a validation on `version` of a scenario that does not declare it, or whose
 * steps name actions or commands that version lacks: one sentence per place, file:line:col first.
 * `commandsOnly`: plain `cpsim validate` of a scenario that names no version, whose actions were
 * checked against the default version as it loaded (a waitForMessage action only once a version
 * is named), while its neutral commands are checked here against the version a run would use.
 */
export function checkScenarioVersion(scenario: Scenario, version: OcppVersion, commandsOnly = false): void {
  const declared = scenario.ocpp;
  if (declared && !declared.versions.includes(version)) {
    const list = declared.versions.join(", ");
    throw new UserError(
      `${scenario.file}:${declared.line}:${declared.column}: this scenario runs on OCPP ${list} (its ocpp:), not on ${version}; run it with --ocpp ${declared.versions[0]}.`,
    );
  }
  const row = versionRow(version);
  const problems: ScenarioProblem[] = [];
  for (const step of scenario.steps) {
    const action = actionOf(step);
    const detail = !commandsOnly && action && lackingDetail(row, action);
    if (detail)
      problems.push({
        line: step.line,
        column: step.column,
        detail: `steps[${step.index}].${step.type}.action: ${detail}; declare the versions it runs on with ocpp: at the top.`,
      });
    const lacking = commandDetail(row, step);
    if (lacking)
      problems.push({
        line: step.line,
        column: step.column,
        detail: `steps[${step.index}].${step.type}.command: ${lacking}`,
      });
  }
  if (problems.length > 0) throw new ScenarioError(scenario.file, problems);
}

/**
 * The versions a scenario is checked against by `cpsim validate`: --ocpp, else those it declares;
 * for neither, `defaulted` (the default version, the one `cpsim run` would use).
 */
export function versionsToValidate(
  scenario: Scenario,
  flag: OcppVersion | undefined,
): { versions: OcppVersion[]; defaulted: boolean } {
  if (flag) return { versions: [flag], defaulted: false };
  const declared = (scenario.ocpp?.versions ?? []).filter((v): v is OcppVersion =>
    (OCPP_VERSIONS as readonly string[]).includes(v),
  );
  return declared.length > 0
    ? { versions: declared, defaulted: false }
    : { versions: [DEFAULT_VERSION], defaulted: true };
}
