import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { colorsFor } from "../report/color.ts";
import { loadScenario } from "../scenario/load.ts";
import { EXIT, UserError } from "../util/errors.ts";
import type { Io } from "./io.ts";
import { scenarioFiles } from "./scenario-files.ts";

const SHIPPED = fileURLToPath(new URL("../../scenarios/", import.meta.url));

/** `cpsim list`: name, file and description of each scenario; broken ones are listed as such. */
export function listCommand(folder: string | undefined, io: Io): number {
  // A folder that is not there is a usage mistake, as an empty one is (scenarioFiles).
  if (folder !== undefined && !existsSync(folder)) throw new UserError(`${folder} does not exist.`);
  const c = colorsFor(io.stdout, io.env);
  for (const file of scenarioFiles([folder ?? SHIPPED])) {
    const shown = folder ? file : file.slice(SHIPPED.length - "scenarios/".length);
    try {
      const s = loadScenario(file, { env: io.env });
      io.stdout.write(`${c.bold(s.name)}  ${c.dim(shown)}\n`);
      if (s.description) io.stdout.write(`  ${s.description.trim().replace(/\s+/g, " ")}\n`);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      // The loader's sentence already starts with the file (file:line:column); name it once.
      const why = err.message.startsWith(file) ? err.message.slice(file.length) : `: ${err.message}`;
      io.stdout.write(`${c.red("✘")} ${c.dim(shown)}${why}\n`);
    }
  }
  return EXIT.ok;
}
