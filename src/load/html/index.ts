// The self-contained HTML report of a `cpsim load` run (`--html <file>`): one file, no network,
// charts drawn by an inlined uPlot from numbers computed here.
import { writeFile } from "node:fs/promises";
import type { LoadReport } from "../report-types.ts";
import { assets } from "./assets.ts";
import { type ChartData, chartData } from "./chart-data.ts";
import { escapeHtml as h, jsonForScript } from "./escape.ts";
import { formatCount, formatTime } from "./format.ts";
import {
  actionsSection,
  errorsSection,
  figuresSection,
  thresholdsSection,
  verdictSection,
} from "./sections.ts";
import { STYLES } from "./styles.ts";

interface ChartSpec {
  id: string;
  title: string;
  description: string;
  empty: (d: ChartData) => boolean;
}

const CHARTS: ChartSpec[] = [
  {
    id: "latency",
    title: "Latency over time (p95 per action)",
    description:
      "95th percentile latency in milliseconds of each action's calls, per interval. A click on a name in the legend shows or hides its line.",
    empty: (d) => d.timeline.p95.length === 0,
  },
  {
    id: "percentiles",
    title: "Latency distribution per action",
    description:
      "Latency in milliseconds at each percentile of the whole run, from the HDR histograms; the right end is the slowest call. A click on a name in the legend shows or hides its line.",
    empty: (d) => d.percentiles.series.length === 0,
  },
  {
    id: "throughput",
    title: "Messages per second and errors",
    description: "Messages sent and received per second (left axis) and errors per interval (right axis).",
    empty: (d) => d.timeline.t.length === 0,
  },
  {
    id: "connections",
    title: "Connections and transactions",
    description:
      "Charge points connected and booted, and transactions in progress, against the target fleet size.",
    empty: (d) => d.timeline.t.length === 0,
  },
];

function chartFigure(spec: ChartSpec, data: ChartData): string {
  const head = `<figcaption><h3 id="${spec.id}-h">${spec.title}</h3><p id="${spec.id}-d">${spec.description}</p></figcaption>`;
  if (spec.empty(data))
    return `<figure class="chart">${head}<p class="note">No data was recorded for this chart.</p></figure>`;
  return `<figure class="chart">${head}<div class="plot" data-chart="${spec.id}" role="img" aria-labelledby="${spec.id}-h" aria-describedby="${spec.id}-d"></div>
<noscript><p class="note">This chart needs JavaScript; the tables below hold the same figures.</p></noscript></figure>`;
}

export function renderHtmlReport(report: LoadReport): string {
  const a = assets();
  const data = chartData(report);
  // A page-level CSP: no request of any kind can leave the page, and only the two scripts written
  // here can run, so even markup that slipped past escaping could not execute.
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${a.uplot.sha256}' 'sha256-${a.client.sha256}'`,
    "style-src 'unsafe-inline'",
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const unreadable = data.unreadable.length
    ? `<p class="note">The latency histogram of ${data.unreadable.map(h).join(", ")} could not be read.</p>`
    : "";
  const title = `cpsim load ${report.passed ? "passed" : "failed"}: ${formatCount(report.options.count)} charge points, ${formatTime(report.startedAt)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${h(title)}</title>
<style>${a.uplotCss}</style><style>${STYLES}</style>
</head><body><main>
${verdictSection(report)}
${figuresSection(report)}
${thresholdsSection(report)}
<section aria-labelledby="charts-h"><h2 id="charts-h">Charts</h2>${unreadable}<div class="charts">
${CHARTS.map((c) => chartFigure(c, data)).join("\n")}
</div></section>
${actionsSection(report)}
${errorsSection(report)}
<footer>Written by cpsim ${h(report.version)}. This file is self-contained and makes no network requests.</footer>
</main>
<script type="application/json" id="cpsim-data">${jsonForScript(data)}</script>
<script>${a.uplot.text}</script>
<script>${a.client.text}</script>
</body></html>
`;
}

/** Writes the report to `path` (for `cpsim load --html <path>`). */
export async function writeHtmlReport(report: LoadReport, path: string): Promise<void> {
  await writeFile(path, renderHtmlReport(report));
}
