// Lists the code lines outside src/ocpp/<version>/ (and the version registry) that name an OCPP
// version: string literals ("1.6", "ocpp1.6"), identifiers with a version suffix (Link16,
// schemasV16, CS_INITIATED_16) and imports from a version folder. Comments are skipped: they cite
// the specification ("OCPP 1.6 §3.7"), which is a reference, not a dependency.
// Usage: npx tsx scripts/version-names.ts [--list]
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = new URL("../src/", import.meta.url).pathname;
const VERSION_DIR = /^ocpp\/v\d+\//;
const REGISTRY = new Set(["ocpp/versions.ts"]);
const NAMES_A_VERSION =
  /["'`](?:ocpp)?(?:1\.[56]|2\.0(?:\.1)?)["'`]|\b[A-Za-z_]+(?:V?1[56]|_1[56]|201)\b|\/v1[56]\/|\/v201\//;

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.name.endsWith(".ts")) yield p;
  }
}

/** The line without its comment, roughly: enough for counting (no string holds a `//`-comment marker we care about). */
function code(line: string, inBlock: { on: boolean }): string {
  let s = line;
  if (inBlock.on) {
    const end = s.indexOf("*/");
    if (end < 0) return "";
    inBlock.on = false;
    s = s.slice(end + 2);
  }
  const start = s.indexOf("/*");
  if (start >= 0) {
    const end = s.indexOf("*/", start + 2);
    if (end < 0) inBlock.on = true;
    s = s.slice(0, start) + (end < 0 ? "" : s.slice(end + 2));
  }
  const trimmed = s.trimStart();
  if (trimmed.startsWith("//") || trimmed.startsWith("*")) return "";
  const slashes = s.search(/\s\/\/\s/);
  return slashes >= 0 ? s.slice(0, slashes) : s;
}

/** The code lines that name a version, by file (relative to src/), outside the version folders and registry. */
export function versionNamingLines(root = ROOT): Map<string, string[]> {
  const hits = new Map<string, string[]>();
  for (const path of files(root)) {
    const rel = relative(root, path);
    if (VERSION_DIR.test(rel) || REGISTRY.has(rel)) continue;
    const block = { on: false };
    readFileSync(path, "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (!NAMES_A_VERSION.test(code(line, block))) return;
        const list = hits.get(rel) ?? [];
        list.push(`${i + 1}: ${line.trim()}`);
        hits.set(rel, list);
      });
  }
  return hits;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const hits = versionNamingLines();
  let lines = 0;
  for (const [file, list] of [...hits].sort()) {
    lines += list.length;
    if (process.argv.includes("--list")) for (const l of list) console.log(`src/${file}:${l}`);
  }
  console.log(`${hits.size} files, ${lines} lines name an OCPP version outside src/ocpp/<version>/`);
}
