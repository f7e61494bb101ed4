// Which versions a scenario's own actions (send, expectCall, centralSystemCall, respond, the fault
// steps, waitForMessage) and their payloads are checked against: a step that names an action
// speaks that version's payload, so the check must know the version the run speaks, or, for
// `cpsim validate` without --ocpp, the versions the scenario declares.
import {
  DEFAULT_VERSION,
  OCPP_VERSIONS,
  type OcppVersion,
  type OcppVersionRow,
  versionRows,
} from "../ocpp/versions.ts";

const known = (v: string): v is OcppVersion => (OCPP_VERSIONS as readonly string[]).includes(v);

/**
 * The versions to check against: the run's when the scenario can run on it; else those the
 * scenario declares (a run on another is refused with its own sentence after loading); else the
 * default version.
 */
export function versionsToCheck(declared: readonly string[] | undefined, run?: OcppVersion): OcppVersion[] {
  const own = (declared ?? []).filter(known);
  if (run && (declared === undefined || own.includes(run))) return [run];
  return own.length > 0 ? own : [run ?? DEFAULT_VERSION];
}

/**
 * The rows whose payloads those versions speak, once per payload set (1.5 is driven in 1.6
 * payloads, so 1.5 and 1.6 together are checked once), oldest first.
 */
export function payloadRows(versions: readonly OcppVersion[]): OcppVersionRow[] {
  const rows: OcppVersionRow[] = [];
  for (const row of versionRows())
    if (versions.includes(row.id as OcppVersion) && !rows.some((r) => r.payloadsOf === row.payloadsOf))
      rows.push(row);
  return rows;
}

export const hasAction = (row: OcppVersionRow, action: string) =>
  row.chargePointActions.includes(action) || row.centralSystemActions.includes(action);

/** Why a version cannot do an action a scenario names; undefined when it can (or no version knows it). */
export function lackingDetail(row: OcppVersionRow, action: string): string | undefined {
  if (row.lacking.includes(action)) return `OCPP ${row.id} has no ${action} (it came with ${row.payloadsOf})`;
  if (hasAction(row, action)) return undefined;
  const others = versionRows().filter(
    (r) => r !== row && hasAction(r, action) && !r.lacking.includes(action),
  );
  if (others.length === 0) return undefined;
  return `${action} is OCPP ${others.map((r) => r.id).join(" and ")}'s; OCPP ${row.id} does not have it`;
}

/**
 * A check run on each row: a problem every row has is said once, without naming a version; one
 * only some rows have names the version it is peculiar to (unless the sentence already does).
 */
export function acrossVersions<P extends { detail: string }>(
  rows: readonly OcppVersionRow[],
  check: (row: OcppVersionRow) => P | undefined,
): P[] {
  const found = rows.flatMap((row) => {
    const problem = check(row);
    return problem ? [{ row, problem }] : [];
  });
  if (found.length === rows.length) return found.slice(0, 1).map((f) => f.problem);
  return found.map(({ row, problem }) =>
    problem.detail.includes(`OCPP ${row.id}`)
      ? problem
      : { ...problem, detail: `OCPP ${row.id}: ${problem.detail}` },
  );
}
