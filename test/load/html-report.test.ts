import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeFromCompressedBase64 } from "hdr-histogram-js";
import { describe, expect, it } from "vitest";
import type { ChartData } from "../../src/load/html/chart-data.ts";
import { escapeHtml } from "../../src/load/html/escape.ts";
import { renderHtmlReport, writeHtmlReport } from "../../src/load/html/index.ts";
import { ACTION, hostileReport, SCRIPT_BREAK, TAG } from "./html-hostile.ts";
import { FIXTURE_ACTIONS, fixtureReport } from "./report-fixture.ts";

function embeddedData(html: string): ChartData {
  const match = /<script type="application\/json" id="cpsim-data">([^<]*)<\/script>/.exec(html);
  expect(match, "the chart data block").not.toBeNull();
  return JSON.parse(match![1]!) as ChartData;
}

/** The page without its inlined scripts and data: what the HTML parser reads as markup. */
function markup(html: string): string {
  return html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "<script></script>");
}

describe("HTML load report", () => {
  const report = fixtureReport();
  const html = renderHtmlReport(report);

  it("has every section: verdict, key figures, thresholds, four charts, actions, errors by kind", () => {
    expect(html).toContain('<header class="verdict failed">');
    expect(html).toContain(escapeHtml(report.verdict));
    for (const id of ["figures-h", "thresholds-h", "charts-h", "actions-h", "errors-h"])
      expect(html).toContain(`id="${id}"`);
    for (const chart of ["latency", "percentiles", "throughput", "connections"])
      expect(html).toContain(`data-chart="${chart}"`);
    expect(html).toContain("Latency over time (p95 per action)");
    expect(html).toContain("Messages per second and errors");
    // The key figures: fleet, boots, transactions, msg/s, errors.
    expect(html).toMatch(/<dt>Fleet<\/dt><dd>2,000/);
    expect(html).toMatch(/<dt>Boots accepted<\/dt><dd>1,990/);
    expect(html).toMatch(/<dt>Transactions<\/dt><dd>3,000/);
    expect(html).toMatch(/<dt>Messages\/s<\/dt><dd>842.3/);
    expect(html).toMatch(/<dt>Errors<\/dt><dd>157/);
  });

  it("lists each threshold with its limit, measured value and result", () => {
    expect(html).toContain("2 of 5 thresholds crossed");
    const rows = [
      ...html.matchAll(
        /<tr class="(pass|fail)"><td><code>([^<]*)<\/code><\/td>\s*<td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td>/g,
      ),
    ];
    expect(rows.map((m) => [m[1], m[2], m[3], m[4]])).toEqual([
      ["pass", "BootNotification.p95&lt;500ms", "&lt; 500 ms", "74.2 ms"],
      ["fail", "MeterValues.p99&lt;20ms", "&lt; 20 ms", "31.5 ms"],
      ["fail", "errors.rate&lt;0.1%", "&lt; 0.1%", "0.31%"],
      ["pass", "StartTransaction.count&gt;=1000", "&gt;= 1,000", "3,000"],
      ["pass", "messages.rate&gt;=500", "&gt;= 500/s", "842.3/s"],
    ]);
  });

  it("has a row per action, busiest first, and a row per kind of error", () => {
    const actions = [
      ...html.matchAll(/<tr><th scope="row">(\w+)<\/th><td>CP|<tr><th scope="row">(\w+)<\/th><td>CS/g),
    ].map((m) => m[1] ?? m[2]);
    const expected = Object.entries(FIXTURE_ACTIONS)
      .sort((a, b) => b[1].calls - a[1].calls)
      .map(([name]) => name);
    expect(actions).toEqual(expected);
    for (const kind of ["callError:InternalError", "timeout", "connectionLost", "rejected"])
      expect(html).toContain(`<th scope="row">${kind}</th>`);
  });

  it("embeds each action's percentile curve exactly as its HDR histogram decodes", () => {
    const data = embeddedData(html);
    const { p, series } = data.percentiles;
    expect(p[0]).toBe(0);
    expect(p.at(-1)).toBe(100);
    // Fine enough that the busiest action's slowest calls each have a point of their own.
    expect(100 - p.at(-2)!).toBeLessThan(100 / 24_000);
    expect(series.map((s) => s.action).sort()).toEqual(Object.keys(FIXTURE_ACTIONS).sort());
    for (const s of series) {
      const histogram = decodeFromCompressedBase64(report.actions[s.action]!.histogram);
      expect(s.count).toBe(histogram.totalCount);
      expect(s.valuesMs).toEqual(p.map((q) => histogram.getValueAtPercentile(q) / 1000));
      expect(s.valuesMs.at(-1)).toBe(histogram.maxValue / 1000);
    }
  });

  it("embeds the timeline as the report has it, with gaps where an action had no call", () => {
    const { timeline } = embeddedData(html);
    expect(timeline.t).toEqual(report.timeline.map((x) => x.t / 1000));
    expect(timeline.messagesPerSec).toEqual(report.timeline.map((x) => x.messagesPerSec));
    expect(timeline.connected).toEqual(report.timeline.map((x) => x.connected));
    const boot = timeline.p95.find((s) => s.action === "BootNotification")!;
    expect(boot.values).toEqual(report.timeline.map((x) => x.p95Ms.BootNotification ?? null));
    expect(boot.values.at(-1)).toBeNull();
  });

  it("asks for nothing over the network and runs only its own two scripts", () => {
    const page = markup(html);
    expect(page).not.toMatch(/\b(src|href|action|srcset|poster|data)\s*=/i);
    expect(page).not.toMatch(/@import|url\(/i);
    expect(page.match(/<script\b/g)).toHaveLength(3);
    expect(page).toMatch(
      /http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[^']+' 'sha256-[^']+'; /,
    );
  });

  it("escapes every string from the report, which the page still shows and charts verbatim", () => {
    const hostile = hostileReport();
    const page = renderHtmlReport(hostile);
    expect(page).not.toContain("</script><script>window.__pwned");
    expect(page).not.toContain("<img");
    expect(page).not.toContain("<script>window");
    expect(page.match(/<script\b/g)).toHaveLength(3);
    expect(page.match(/<\/script>/g)).toHaveLength(3);
    expect(page).toContain(
      "Boot&lt;/script&gt;&lt;script&gt;window.__pwned=1;alert(&#39;pwned&#39;)&lt;/script&gt;",
    );
    expect(page).toContain("&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;Code");
    const data = embeddedData(page);
    expect(data.percentiles.series.map((s) => s.action)).toContain(ACTION);
    expect(data.timeline.p95.map((s) => s.action)).toContain(ACTION);
    expect(SCRIPT_BREAK).toContain("</script>");
    expect(TAG).toContain("<img");
  });

  it("says so when there is nothing to draw, and names a histogram it cannot read", () => {
    const empty = fixtureReport({
      points: 0,
      actions: {},
      thresholds: [],
      patch(r) {
        r.actions.Heartbeat = {
          ...fixtureReport({ points: 1 }).actions.Heartbeat!,
          histogram: "not base64 at all",
        };
      },
    });
    const page = renderHtmlReport(empty);
    expect(page.match(/No data was recorded for this chart\./g)).toHaveLength(4);
    expect(page).toContain("No thresholds were set");
    expect(renderHtmlReport(fixtureReport({ points: 0, actions: {} }))).toContain("No call was completed.");
    expect(page).toContain("The latency histogram of Heartbeat could not be read.");
    expect(page).not.toContain("data-chart=");
  });

  it("writes the page to the given file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cpsim-html-"));
    try {
      const file = join(dir, "load-report.html");
      await writeHtmlReport(report, file);
      expect(readFileSync(file, "utf8")).toBe(html);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
