// The HTML load report in a real browser: Debian's Chromium, headless and offline. Skipped only
// when /usr/bin/chromium is not installed (.ci/run installs it).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeHtmlReport } from "../../src/load/html/index.ts";
import { type Chromium, chromiumMissing, startChromium } from "./browser.ts";
import { ACTION, hostileReport } from "./html-hostile.ts";
import { fixtureReport } from "./report-fixture.ts";

interface ChartPixels {
  chart: string;
  width: number;
  height: number;
  seriesPixels: number;
}
const chartPixels = readFileSync(new URL("./chart-pixels.js", import.meta.url), "utf8");

describe.skipIf(chromiumMissing)("HTML load report in headless Chromium (/usr/bin/chromium)", () => {
  let browser: Chromium;
  let dir: string;
  let reportFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cpsim-html-"));
    reportFile = join(dir, "load-report.html");
    await writeHtmlReport(fixtureReport(), reportFile);
    browser = await startChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("notices requests and console errors at all (a page that fetches an image)", async () => {
    const file = join(dir, "fetches.html");
    writeFileSync(file, '<!doctype html><title>x</title><img src="http://192.0.2.1/x.png" alt="">');
    const { page, problems, requests } = await browser.open(file);
    expect(requests).toEqual(["http://192.0.2.1/x.png"]);
    expect(problems).not.toEqual([]);
    await page.close();
  });

  for (const colorScheme of ["light", "dark"] as const)
    it(`loads with no console error and no request, and draws its four charts (${colorScheme})`, async () => {
      const { page, problems, requests } = await browser.open(reportFile, { colorScheme });
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      const charts = (await page.evaluate(chartPixels)) as ChartPixels[];
      expect(charts.map((c) => c.chart)).toEqual(["latency", "percentiles", "throughput", "connections"]);
      for (const c of charts) {
        expect(c.width, c.chart).toBeGreaterThan(300);
        expect(c.height, c.chart).toBeGreaterThan(200);
        // A drawn line is hundreds of pixels; axes and grid are never in a series colour.
        expect(c.seriesPixels, c.chart).toBeGreaterThan(300);
      }
      const legend = await page.locator("[data-chart=latency] .u-legend").textContent();
      expect(legend).toContain("MeterValues");
      const background = await page.evaluate("getComputedStyle(document.body).backgroundColor");
      expect(background).toBe(colorScheme === "dark" ? "rgb(13, 17, 23)" : "rgb(255, 255, 255)");
      await page.close();
    });

  it("loads a report with nothing to draw without an error", async () => {
    const file = join(dir, "empty.html");
    await writeHtmlReport(fixtureReport({ points: 0, actions: {}, thresholds: [] }), file);
    const { page, problems, requests } = await browser.open(file);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator("canvas").count()).toBe(0);
    await page.close();
  });

  it("shows injected markup as text and runs none of it", async () => {
    const file = join(dir, "hostile.html");
    await writeHtmlReport(hostileReport(), file);
    const { page, problems, requests } = await browser.open(file, { width: 700 });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.evaluate("window.__pwned")).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(3);
    // The hostile action name is an ordinary row label, and a series in the charts' legends.
    await expect(
      page.locator("section[aria-labelledby=actions-h] tbody th", { hasText: ACTION }).textContent(),
    ).resolves.toBe(ACTION);
    const legend = await page.locator("[data-chart=percentiles] .u-legend").textContent();
    expect(legend).toContain(ACTION);
    const charts = (await page.evaluate(chartPixels)) as ChartPixels[];
    expect(charts.every((c) => c.seriesPixels > 100)).toBe(true);
    await page.close();
  });
});
