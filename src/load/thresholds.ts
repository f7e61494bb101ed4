// Thresholds: "BootNotification.p95<500ms", "errors.rate<0.1%", "StartTransaction.count>=1000".
// Parsed (and every mistake reported) before anything connects; judged on the final figures.
import { DEFAULT_VERSION, type OcppVersion, versionRow, versionRows } from "../ocpp/versions.ts";
import { UserError } from "../util/errors.ts";
import type { LoadReport, ThresholdResult } from "./report-types.ts";

export interface Threshold {
  expression: string;
  metric: string;
  op: Op;
  limit: number;
  unit: "ms" | "ratio" | "count" | "per second";
  read: (r: Omit<LoadReport, "thresholds" | "passed" | "verdict">) => number | null;
}

type Op = "<" | "<=" | ">" | ">=" | "==" | "!=";
const OPS: Record<Op, (a: number, b: number) => boolean> = {
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
  "==": (a, b) => a === b,
  "!=": (a, b) => a !== b,
};

// Any action of any version: a threshold names what the run will measure, whichever version it speaks.
const ACTIONS = new Set<string>(
  versionRows().flatMap((r) => [...r.chargePointActions, ...r.centralSystemActions]),
);
const actionsOf = (version: OcppVersion) => {
  const row = versionRow(version);
  return new Set(
    [...row.chargePointActions, ...row.centralSystemActions].filter((a) => !row.lacking.includes(a)),
  );
};
const LATENCY = new Set(["min", "p50", "p90", "p95", "p99", "max", "mean"]);
const ERROR_KINDS = new Set(["timeout", "rejected", "invalid", "connectionLost", "callError"]);

type Reader = { unit: Threshold["unit"]; read: Threshold["read"] };

/** The metric names a threshold may use, apart from <Action>.<stat>. */
const FLEET: Map<string, Reader> = new Map([
  ["errors.rate", { unit: "ratio", read: (r) => r.errors.rate }],
  ["errors.total", { unit: "count", read: (r) => r.errors.total }],
  ["boots.accepted", { unit: "count", read: (r) => r.fleet.boots.Accepted }],
  ["boots.pending", { unit: "count", read: (r) => r.fleet.boots.Pending }],
  ["boots.rejected", { unit: "count", read: (r) => r.fleet.boots.Rejected }],
  ["transactions.started", { unit: "count", read: (r) => r.transactions.started }],
  ["transactions.stopped", { unit: "count", read: (r) => r.transactions.stopped }],
  ["transactions.refused", { unit: "count", read: (r) => r.transactions.refused }],
  ["connections.failed", { unit: "count", read: (r) => r.fleet.connectionsFailed }],
  ["connections.peak", { unit: "count", read: (r) => r.fleet.connectedPeak }],
  ["disconnects", { unit: "count", read: (r) => r.fleet.disconnects }],
  ["messages.rate", { unit: "per second", read: (r) => r.messages.perSecondAvg }],
  ["booted.time", { unit: "ms", read: (r) => r.fleet.bootedAll ?? null }],
] satisfies [string, Reader][]);

export const THRESHOLD_HELP =
  "<Action>.p50|p90|p95|p99|min|max|mean (ms), <Action>.count, <Action>.errors, errors.rate, errors.total, " +
  "errors.<kind>, boots.accepted|pending|rejected, transactions.started|stopped|refused, connections.failed, " +
  "connections.peak, disconnects, messages.rate, booted.time";

/**
 * `version`, when the run's version is known, refuses an action that version never sends or
 * receives: "RemoteStartTransaction.count>=0" on a 2.0.1 run would pass on a metric that cannot exist.
 */
export function parseThreshold(expression: string, where = "--threshold", version?: OcppVersion): Threshold {
  const bad = (why: string) => new UserError(`${where} "${expression}": ${why}`);
  const m = /^\s*([A-Za-z][\w.]*)\s*(<=|>=|==|!=|<|>)\s*(.+?)\s*$/.exec(expression);
  if (!m) throw bad("expected <metric><op><value>, e.g. BootNotification.p95<500ms or errors.rate<0.1%.");
  const [, metric, op, value] = m as unknown as [string, string, Op, string];
  const reader = readerOf(metric);
  if (!reader) {
    const action = metric.split(".")[0]!;
    if (/^[A-Z]/.test(action) && !ACTIONS.has(action))
      throw bad(`${action} is not an OCPP ${version ?? versionRow(DEFAULT_VERSION).id} action.`);
    throw bad(`unknown metric ${metric}; use one of ${THRESHOLD_HELP}.`);
  }
  const action = metric.split(".")[0]!;
  if (version !== undefined && ACTIONS.has(action) && !actionsOf(version).has(action))
    throw bad(`${action} is not an OCPP ${version} action, so a run on ${version} never measures it.`);
  const limit = parseLimit(value, reader.unit);
  if (limit === undefined) {
    const example = { ms: "500ms or 1.5s", ratio: "0.1% or 0.001", count: "1000", "per second": "200" }[
      reader.unit
    ];
    throw bad(`${value} is not a ${reader.unit === "ms" ? "duration" : "number"} (e.g. ${example}).`);
  }
  return { expression: expression.trim(), metric, op, limit, ...reader };
}

function readerOf(metric: string): Reader | undefined {
  const fleet = FLEET.get(metric.toLowerCase().replace(/^boots\.(\w+)$/, "boots.$1"));
  if (fleet) return fleet;
  const kind = /^errors\.(\w+)$/.exec(metric)?.[1];
  if (kind && ERROR_KINDS.has(kind))
    return {
      unit: "count",
      read: (r) =>
        Object.entries(r.errors.byKind)
          .filter(([k]) => k === kind || k.startsWith(`${kind}:`))
          .reduce((n, [, v]) => n + v, 0),
    };
  const [action, stat, extra] = metric.split(".");
  if (!action || !stat || extra !== undefined || !ACTIONS.has(action)) return undefined;
  const of = (r: Parameters<Threshold["read"]>[0]) =>
    Object.hasOwn(r.actions, action) ? r.actions[action] : undefined;
  if (LATENCY.has(stat))
    return {
      unit: "ms",
      read: (r) => {
        const a = of(r);
        return a && a.count > 0 && a.histogram ? a.latencyMs[stat as keyof typeof a.latencyMs] : null;
      },
    };
  if (stat === "count") return { unit: "count", read: (r) => of(r)?.count ?? 0 };
  if (stat === "errors")
    return {
      unit: "count",
      read: (r) => {
        const e = of(r)?.errors;
        if (!e) return 0;
        return (
          e.timeout +
          e.rejected +
          e.invalid +
          e.connectionLost +
          Object.values(e.callError).reduce((a, b) => a + b, 0)
        );
      },
    };
  return undefined;
}

function parseLimit(value: string, unit: Threshold["unit"]): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|%)?$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2];
  if (unit === "ms")
    return suffix === "ms" ? n : suffix === "s" ? n * 1000 : suffix === "m" ? n * 60_000 : undefined;
  if (unit === "ratio") return suffix === "%" ? n / 100 : suffix === undefined ? n : undefined;
  return suffix === undefined ? n : undefined;
}

export function judge(thresholds: Threshold[], report: Parameters<Threshold["read"]>[0]): ThresholdResult[] {
  return thresholds.map((t) => {
    const measured = t.read(report);
    return {
      expression: t.expression,
      metric: t.metric,
      op: t.op,
      limit: t.limit,
      measured,
      unit: t.unit,
      passed: measured !== null && OPS[t.op](measured, t.limit),
    };
  });
}

/** A measured value or limit in the threshold's unit, for tables and messages. */
export function formatValue(v: number | null, unit: string): string {
  if (v === null) return "no data";
  if (unit === "ratio") return `${+(v * 100).toPrecision(4)}%`;
  if (unit === "ms") return `${+v.toPrecision(4)}ms`;
  if (unit === "per second") return `${+v.toPrecision(4)}/s`;
  return String(v);
}
