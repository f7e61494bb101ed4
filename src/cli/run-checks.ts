// What a run can tell from its files and options before it connects anywhere: a mistake found
// here costs the user nothing, one found after connecting costs a half-run session.
import { type OcppVersion, versionRow } from "../ocpp/versions.ts";
import { payloadRows } from "../scenario/action-versions.ts";
import type { Answer } from "../scenario/inbox.ts";
import type { Scenario } from "../scenario/model.ts";
import { checkRespond } from "../scenario/respond.ts";
import { UserError } from "../util/errors.ts";

/**
 * A scenario that answers or sends a call the run's version lacks (1.5: TriggerMessage and Smart
 * Charging, which came with 1.6) cannot run over it.
 */
export function checkLackingCalls(
  scenario: Scenario,
  respond: Record<string, Answer> | undefined,
  version: OcppVersion,
): void {
  const row = versionRow(version);
  const { lacking } = row;
  if (lacking.length === 0) return;
  const flag = Object.keys(respond ?? {}).find((a) => lacking.includes(a));
  if (flag)
    throw new UserError(`--respond ${flag}: OCPP ${row.id} has no ${flag} (it came with ${row.payloadsOf}).`);
  const calls = [
    ...Object.keys(scenario.respond ?? {}),
    ...scenario.steps
      .filter((s) => s.type === "expectCall" || s.type === "centralSystemCall")
      .map((s) => s.args.action as string),
  ];
  const missing = calls.find((a) => lacking.includes(a));
  if (missing) {
    throw new UserError(
      `${scenario.file} uses ${missing}, which OCPP ${row.id} does not have (it came with ${row.payloadsOf}); run it with --ocpp ${row.payloadsOf}.`,
    );
  }
}

/**
 * --respond's answers, checked against the payloads of the version the run speaks as a scenario's
 * `respond:` is (its form was checked as the option was read, before --ocpp was known).
 */
export function checkRespondFlag(respond: Record<string, Answer> | undefined, version: OcppVersion): void {
  const problem = checkRespond(respond ?? {}, payloadRows([version])[0]!)[0];
  if (!problem) return;
  const { action, detail } = problem;
  throw new UserError(`--respond ${action}: ${detail}${detail.endsWith("?") ? "" : "."}`);
}

/** `centralSystemCall` makes the embedded central system call; with --url there is none to make it. */
export function checkEmbeddedOnly(scenario: Scenario, url: string | undefined): void {
  if (url === undefined) return;
  const step = scenario.steps.find((s) => s.type === "centralSystemCall");
  if (!step) return;
  throw new UserError(
    `${scenario.file}:${step.line}:${step.column}: centralSystemCall needs the embedded central system, which --url replaces; let your central system send ${step.args.action as string} and wait for it with expectCall, or run without --url.`,
  );
}

/**
 * --time-scale wins over a file's timeScale, as every option wins over the file. Slowing down a
 * scenario written to run fast is rarely meant (4 h at 3600× is 4 s, at 20× 12 minutes), so the
 * console says so before the run starts.
 */
export function timeScaleNote(scenario: Scenario, flag: number | undefined): string | undefined {
  const own = scenario.timeScale;
  if (flag === undefined || own === undefined || flag >= own) return undefined;
  const ratio = own / flag;
  const times = ratio >= 10 ? Math.round(ratio) : Number(ratio.toFixed(1));
  return `--time-scale ${flag} overrides the timeScale ${own} of ${scenario.file}: it runs ${times}× slower than the file intends (leave out --time-scale to keep the file's).`;
}

/**
 * A SOAP URL whose path names a version other than the one the run speaks (…/ocpp1.5/… without
 * --ocpp 1.5) most likely leads to answers of the other version. The answers themselves are
 * checked too (see the SOAP caller), but this is said before anything is sent.
 */
export function urlVersionNote(url: string | undefined, version: OcppVersion): string | undefined {
  if (!url || !/^https?:\/\//i.test(url)) return undefined;
  const path = /^[a-z]+:\/\/[^/?#]*([^?#]*)/i.exec(url)?.[1] ?? "";
  const named = /(?:^|\/)(ocpp[-_]?1\.?([56]))(?=\/|$)/i.exec(path);
  if (!named) return undefined;
  const other = `1.${named[2]}`;
  if (other === version) return undefined;
  return `the URL names ${named[1]} but the run speaks OCPP ${version}; add --ocpp ${other} if the central system speaks ${other} there.`;
}
