// The text a person reads at the end of a load run: per action figures, the fleet, errors, the
// threshold table and the verdict.
import type { ChalkInstance } from "chalk";
import type { LoadReport } from "./report-types.ts";
import { formatValue } from "./thresholds.ts";

export function table(rows: string[][], right = new Set<number>()): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const n = (v: number) => v.toLocaleString("en-US");
const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

export function loadSummary(r: LoadReport, c: ChalkInstance): string {
  const out: string[] = [];
  const rows = [["action", "dir", "count", "errors", "min", "p50", "p90", "p95", "p99", "max (ms)"]];
  for (const [name, a] of Object.entries(r.actions)) {
    const e = a.errors;
    const errors =
      e.timeout +
      e.rejected +
      e.invalid +
      e.connectionLost +
      Object.values(e.callError).reduce((x, y) => x + y, 0);
    const l = a.latencyMs;
    rows.push([
      name,
      a.direction,
      n(a.count),
      n(errors),
      ms(l.min),
      ms(l.p50),
      ms(l.p90),
      ms(l.p95),
      ms(l.p99),
      ms(l.max),
    ]);
  }
  out.push(table(rows, new Set([2, 3, 4, 5, 6, 7, 8, 9])));
  const f = r.fleet;
  out.push(
    "",
    `charge points  ${n(f.booted)} booted of ${n(f.target)}${f.bootedAll !== undefined ? ` (all in ${(f.bootedAll / 1000).toFixed(2)} s)` : ""}; ` +
      `peak ${n(f.connectedPeak)} connected, ${n(f.connectionsFailed)} failed to connect, ${n(f.disconnects)} dropped, ${n(f.reconnects)} reconnected` +
      (f.boots.Pending || f.boots.Rejected
        ? `; boots Pending ${n(f.boots.Pending)}, Rejected ${n(f.boots.Rejected)}`
        : ""),
    `transactions   ${n(r.transactions.started)} started, ${n(r.transactions.stopped)} stopped, ${n(r.transactions.refused)} refused`,
    `messages       ${n(r.messages.sent)} sent, ${n(r.messages.received)} received; ${n(r.messages.perSecondAvg)} calls/s on average, ${n(r.messages.perSecondPeak)} at peak`,
    `errors         ${n(r.errors.total)} (${(r.errors.rate * 100).toFixed(3)}% of calls)${
      r.errors.total
        ? `: ${Object.entries(r.errors.byKind)
            .map(([k, v]) => `${k} ${n(v)}`)
            .join(", ")}`
        : ""
    }`,
  );
  for (const w of r.workersFailed ?? [])
    out.push(c.red(`worker ${w.worker} died (charge points ${w.chargePoints}): ${w.reason}`));
  if (r.thresholds.length > 0) {
    const t = [["threshold", "limit", "measured", ""]];
    for (const th of r.thresholds)
      t.push([
        th.expression,
        `${th.op} ${formatValue(th.limit, th.unit)}`,
        formatValue(th.measured, th.unit),
        th.passed ? "ok" : "CROSSED",
      ]);
    const lines = table(t).split("\n");
    out.push(
      "",
      lines[0]!,
      ...lines.slice(1).map((l, i) => (r.thresholds[i]!.passed ? c.green(l) : c.red(l))),
    );
  }
  out.push("", r.passed ? c.green(r.verdict) : c.red(r.verdict));
  return `${out.join("\n")}\n`;
}
