// The version table: one row per OCPP version cpsim speaks, each defined in its own folder
// (src/ocpp/<version>/version.ts). This is the only place outside those folders that names a
// version; everything else asks for the row `--ocpp` picked.
import { V15 } from "./v15/version.ts";
import { V16 } from "./v16/version.ts";
import { V201 } from "./v201/version.ts";
import type { OcppVersionRow, TransportKind } from "./version-row.ts";

export type { OcppVersionRow, TransportKind } from "./version-row.ts";

/** What `--ocpp` accepts, oldest first. */
export const OCPP_VERSIONS = ["1.5", "1.6", "2.0.1"] as const;
export type OcppVersion = (typeof OCPP_VERSIONS)[number];

/** The version a run speaks when `--ocpp` is not given. */
export const DEFAULT_VERSION: OcppVersion = "1.6";

const ROWS: ReadonlyMap<string, OcppVersionRow> = new Map([V15, V16, V201].map((r) => [r.id, r]));

/** The row of a version `--ocpp` accepted (a Map: the name may come from a scenario file). */
export function versionRow(version: OcppVersion): OcppVersionRow {
  return ROWS.get(version)!;
}

/** Every row, oldest first. */
export function versionRows(): readonly OcppVersionRow[] {
  return [...ROWS.values()];
}

/** The version of each SOAP central system namespace, for the transport's hints. */
export const SOAP_NAMESPACE_VERSIONS: ReadonlyMap<string, string> = new Map(
  [...ROWS.values()].flatMap((r) => (r.soap ? [[r.soap.namespace, r.id] as const] : [])),
);

const SETS = new WeakMap<readonly string[], Set<string>>();

/** A row's action list as a Set, made once per list: transports check every incoming call against it. */
export function actionSet(actions: readonly string[]): Set<string> {
  let set = SETS.get(actions);
  if (!set) {
    set = new Set(actions);
    SETS.set(actions, set);
  }
  return set;
}

/** The transport a version uses when neither the URL nor --transport says: its first. */
export function defaultTransport(version: OcppVersion): TransportKind {
  return versionRow(version).transports[0]!;
}

/** The transport a URL's scheme names: SOAP for http(s)://, OCPP-J for any other; none without one. */
export function transportOfUrl(url: string): "json" | "soap" | undefined {
  const scheme = /^([a-z]+):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (!scheme) return undefined;
  return scheme === "http" || scheme === "https" ? "soap" : "json";
}
