// Debian's Chromium, headless and cut off from the network, through playwright-core: opens files
// and records what a reader's browser would complain about (console errors and warnings, uncaught
// exceptions, CSP violations, dialogs) and every request other than the file itself.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const chromiumMissing = !existsSync(CHROMIUM);

export interface OpenedPage {
  page: Page;
  problems: string[];
  requests: string[];
}

export interface Chromium {
  open(file: string, options?: { colorScheme?: "light" | "dark"; width?: number }): Promise<OpenedPage>;
  close(): Promise<void>;
}

export async function startChromium(): Promise<Chromium> {
  // A fresh profile every time: nothing cached or remembered from another run.
  const profile = mkdtempSync(join(tmpdir(), "cpsim-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      offline: true,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    async open(file, options = {}) {
      const page = await context.newPage();
      await page.setViewportSize({ width: options.width ?? 1280, height: 900 });
      await page.emulateMedia({ colorScheme: options.colorScheme ?? "light" });
      const url = pathToFileURL(file).href;
      const problems: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
      page.on("dialog", (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      page.on("request", (r) => {
        if (r.url() !== url) requests.push(r.url());
      });
      page.on("requestfailed", (r) => {
        if (r.url() !== url) problems.push(`request failed: ${r.url()}`);
      });
      await page.goto(url, { waitUntil: "load" });
      return { page, problems, requests };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
