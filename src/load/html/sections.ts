// The page's text sections: verdict, key figures, thresholds, actions, errors. Every value taken
// from the report goes through escapeHtml here; numbers go through the formatters.
import type { ActionMetrics, LoadReport } from "../report-types.ts";
import { orderedActions } from "./chart-data.ts";
import { escapeHtml as h } from "./escape.ts";
import {
  formatCount,
  formatElapsed,
  formatMeasured,
  formatMs,
  formatNumber,
  formatRate,
  formatTime,
} from "./format.ts";

function figure(label: string, value: string, detail = ""): string {
  const small = detail ? `<span class="detail">${detail}</span>` : "";
  return `<div class="figure"><dt>${label}</dt><dd>${value}${small}</dd></div>`;
}

export function verdictSection(r: LoadReport): string {
  const status = r.passed ? "passed" : "failed";
  const o = r.options;
  const run: [string, string | number | undefined][] = [
    ["Central system", o.url],
    ["OCPP", `${o.ocpp} (${o.transport === "soap" ? "SOAP" : "JSON"})`],
    [o.scenario === undefined ? "Workload" : "Scenario", o.scenario ?? o.workload],
    ["Ramp", o.ramp],
    ["Stages", o.stages],
    ["Duration", o.duration],
    ["Workers", o.workers],
    ["Seed", o.seed],
  ];
  const runRows = run
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `<div><dt>${k}</dt><dd>${h(v)}</dd></div>`)
    .join("");
  return `<header class="verdict ${status}">
<p class="badge" role="status">${r.passed ? "✔ Passed" : "✘ Failed"}</p>
<div><h1>cpsim load: ${formatCount(o.count)} charge points</h1>
<p class="sentence">${h(r.verdict)}</p>
<p class="when">${h(formatTime(r.startedAt))} → ${h(formatTime(r.endedAt))} (${formatElapsed(r.durationMs)}) · cpsim ${h(r.version)}</p></div>
</header>
<dl class="run">${runRows}</dl>`;
}

export function figuresSection(r: LoadReport): string {
  const f = r.fleet;
  const b = f.boots;
  const booted = f.bootedAll === undefined ? "not all booted" : `all booted in ${formatMs(f.bootedAll)}`;
  return `<section aria-labelledby="figures-h"><h2 id="figures-h">Key figures</h2><dl class="figures">
${figure("Fleet", formatCount(f.connectedPeak), `connected at peak, of ${formatCount(f.target)} · ${formatCount(f.connected)} at the end`)}
${figure("Boots accepted", formatCount(b.Accepted), `${formatCount(b.Pending)} pending · ${formatCount(b.Rejected)} rejected · ${booted}`)}
${figure("Connections", `${formatCount(f.connectionsFailed)} failed`, `${formatCount(f.disconnects)} disconnects · ${formatCount(f.reconnects)} reconnects`)}
${figure("Transactions", formatCount(r.transactions.started), `started · ${formatCount(r.transactions.stopped)} stopped · ${formatCount(r.transactions.refused)} refused`)}
${figure("Messages/s", formatNumber(r.messages.perSecondAvg), `average · ${formatNumber(r.messages.perSecondPeak)} peak · ${formatCount(r.messages.sent)} sent, ${formatCount(r.messages.received)} received`)}
${figure("Errors", formatCount(r.errors.total), `${formatRate(r.errors.rate)} of calls`)}
</dl></section>`;
}

export function thresholdsSection(r: LoadReport): string {
  if (r.thresholds.length === 0)
    return `<section aria-labelledby="thresholds-h"><h2 id="thresholds-h">Thresholds</h2>
<p class="note">No thresholds were set: the run fails only if no one could call it a pass.</p></section>`;
  const rows = r.thresholds
    .map(
      (t) => `<tr class="${t.passed ? "pass" : "fail"}"><td><code>${h(t.expression)}</code></td>
<td class="num">${h(t.op)} ${h(formatMeasured(t.limit, t.unit))}</td><td class="num">${h(formatMeasured(t.measured, t.unit))}</td>
<td>${t.passed ? "✔ pass" : "✘ fail"}</td></tr>`,
    )
    .join("\n");
  const failed = r.thresholds.filter((t) => !t.passed).length;
  return `<section aria-labelledby="thresholds-h"><h2 id="thresholds-h">Thresholds</h2>
<table><caption>${failed === 0 ? "All thresholds passed" : `${failed} of ${r.thresholds.length} thresholds crossed`}</caption>
<thead><tr><th scope="col">Expression</th><th scope="col" class="num">Limit</th><th scope="col" class="num">Measured</th><th scope="col">Result</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

function actionErrors(e: ActionMetrics["errors"]): string {
  const parts: string[] = [];
  if (e.timeout) parts.push(`${formatCount(e.timeout)} timeout`);
  for (const [code, n] of Object.entries(e.callError)) if (n) parts.push(`${formatCount(n)} ${h(code)}`);
  if (e.rejected) parts.push(`${formatCount(e.rejected)} rejected`);
  if (e.invalid) parts.push(`${formatCount(e.invalid)} invalid`);
  if (e.connectionLost) parts.push(`${formatCount(e.connectionLost)} connection lost`);
  return parts.join(", ") || "none";
}

export function actionsSection(r: LoadReport): string {
  const rows = orderedActions(r)
    .map((name) => {
      const a = r.actions[name]!;
      const l = a.latencyMs;
      const cells = [l.min, l.p50, l.p90, l.p95, l.p99, l.max, l.mean].map(
        (v) => `<td class="num">${formatMs(v)}</td>`,
      );
      return `<tr><th scope="row">${h(name)}</th><td>${a.direction === "cs->cp" ? "CS → CP" : "CP → CS"}</td>
<td class="num">${formatCount(a.count)}</td>${cells.join("")}<td>${actionErrors(a.errors)}</td></tr>`;
    })
    .join("\n");
  if (rows === "")
    return `<section aria-labelledby="actions-h"><h2 id="actions-h">Actions</h2><p class="note">No call was completed.</p></section>`;
  const head = ["min", "p50", "p90", "p95", "p99", "max", "mean"].map(
    (c) => `<th scope="col" class="num">${c}</th>`,
  );
  return `<section aria-labelledby="actions-h"><h2 id="actions-h">Actions</h2><div class="scroll">
<table><caption>Latency per action, from each action's HDR histogram</caption>
<thead><tr><th scope="col">Action</th><th scope="col">Direction</th><th scope="col" class="num">Calls</th>${head.join("")}<th scope="col">Errors</th></tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}

export function errorsSection(r: LoadReport): string {
  const kinds = Object.entries(r.errors.byKind)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const workers = workersSection(r);
  if (kinds.length === 0)
    return `<section aria-labelledby="errors-h"><h2 id="errors-h">Errors by kind</h2><p class="note">No errors.</p>${workers}</section>`;
  const top = kinds[0]![1];
  const rows = kinds
    .map(
      ([kind, n]) => `<tr><th scope="row">${h(kind)}</th><td class="num">${formatCount(n)}</td>
<td class="bar-cell"><span class="bar" style="width:${((100 * n) / top).toFixed(1)}%"></span></td></tr>`,
    )
    .join("\n");
  return `<section aria-labelledby="errors-h"><h2 id="errors-h">Errors by kind</h2>
<table class="errors"><caption>${formatCount(r.errors.total)} errors, ${formatRate(r.errors.rate)} of calls</caption>
<thead><tr><th scope="col">Kind</th><th scope="col" class="num">Count</th><th scope="col"><span class="visually-hidden">Share</span></th></tr></thead>
<tbody>${rows}</tbody></table>${workers}</section>`;
}

function workersSection(r: LoadReport): string {
  if (!r.workersFailed?.length) return "";
  const rows = r.workersFailed
    .map(
      (w) =>
        `<tr><td class="num">${formatCount(w.worker)}</td><td>${h(w.chargePoints)}</td><td>${h(w.reason)}</td></tr>`,
    )
    .join("\n");
  return `<h3>Workers that failed</h3><table><thead><tr><th scope="col" class="num">Worker</th><th scope="col">Charge points</th><th scope="col">Reason</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}
