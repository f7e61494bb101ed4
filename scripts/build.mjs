// Compiles src/ to dist/ so the CLI starts in a fraction of the time tsx needs. Runs as
// `prepare`, i.e. on every `npm ci`; bin/cpsim falls back to the sources when dist/ is missing
// or older than them, so a stale build can never run.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  console.log("cpsim: typescript is not installed (production install); the CLI will run from its sources.");
  process.exit(0);
}
rmSync(`${root}dist`, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, "-p", `${root}tsconfig.build.json`], { stdio: "inherit" });
if (result.status !== 0) process.exit(result.status ?? 1);
// Files read at run time rather than imported.
// Every version folder's schemas/ and soap/, whichever it has: a version added later is not
// forgotten here (2.0.1's schemas once were, and an installed cpsim knew no 2.0.1 action).
for (const version of readdirSync(`${root}src/ocpp`, { withFileTypes: true })) {
  if (!version.isDirectory()) continue;
  for (const files of ["schemas", "soap"]) {
    const from = `${root}src/ocpp/${version.name}/${files}`;
    if (existsSync(from)) cpSync(from, `${root}dist/ocpp/${version.name}/${files}`, { recursive: true });
  }
}
// The HTML load report inlines its chart script as written (src/load/html/assets.ts).
cpSync(`${root}src/load/html/client.js`, `${root}dist/load/html/client.js`);
