// The scripts the page inlines, read once per process: uPlot from node_modules (pinned in
// package.json) and our own chart script. Both are plain files so that no bundler or transpiler
// can rewrite what the browser runs.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export interface InlineScript {
  text: string;
  /** For the page's Content-Security-Policy, which allows exactly these scripts and nothing else. */
  sha256: string;
}

export interface Assets {
  uplotCss: string;
  uplot: InlineScript;
  client: InlineScript;
}

function inline(text: string): InlineScript {
  // Inside <script>, only "</script" (any case) could end the element early; neither file has one,
  // and this check keeps a future upgrade from silently breaking the page.
  if (/<\/script/i.test(text)) throw new Error("an inlined script contains </script");
  return { text, sha256: createHash("sha256").update(text).digest("base64") };
}

let cached: Assets | undefined;

export function assets(): Assets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const read = (id: string) => readFileSync(require.resolve(id), "utf8");
  cached = {
    uplotCss: read("uplot/dist/uPlot.min.css"),
    uplot: inline(read("uplot/dist/uPlot.iife.min.js")),
    client: inline(readFileSync(new URL("./client.js", import.meta.url), "utf8")),
  };
  return cached;
}
