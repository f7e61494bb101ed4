import type { OcppVersion } from "../ocpp/versions.ts";
import { colorsFor } from "../report/color.ts";
import { checkFaultsForSoap } from "../scenario/fault-steps.ts";
import { loadScenario } from "../scenario/load.ts";
import { checkScenarioVersion, versionsToValidate } from "../scenario/version-checks.ts";
import { EXIT, UserError } from "../util/errors.ts";
import type { Io } from "./io.ts";
import { scenarioFiles } from "./scenario-files.ts";

/** `cpsim validate`: every file is checked, not only up to the first broken one. */
export function validateCommand(
  paths: string[],
  flags: { var?: Record<string, string>; transport?: "json" | "soap"; ocpp?: OcppVersion },
  io: Io,
): number {
  const c = colorsFor(io.stdout, io.env);
  let bad = 0;
  const files = scenarioFiles(paths);
  for (const file of files) {
    try {
      const s = loadScenario(file, { vars: flags.var, env: io.env, ocpp: flags.ocpp });
      if (flags.transport === "soap") checkFaultsForSoap(s);
      // --ocpp checks the steps against that version; without it, against each one `ocpp:` declares,
      // else the commands against the default version, which `cpsim run` would refuse them on.
      const { versions, defaulted } = versionsToValidate(s, flags.ocpp);
      for (const version of versions) checkScenarioVersion(s, version, defaulted);
      // Notes do not make a file invalid: an old check still runs, on the versions it was written for.
      for (const n of s.notes ?? [])
        io.stdout.write(`${c.yellow("!")} ${file}:${n.line}:${n.column}: note: ${n.detail}\n`);
      io.stdout.write(
        `${c.green("✔")} ${file}: ${s.name}, ${s.steps.length} step${s.steps.length === 1 ? "" : "s"}\n`,
      );
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      bad++;
      for (const line of err.message.split("\n")) io.stdout.write(`${c.red("✘")} ${line}\n`);
    }
  }
  if (files.length > 1) io.stdout.write(`${files.length - bad} of ${files.length} scenarios are valid\n`);
  return bad === 0 ? EXIT.ok : EXIT.usage;
}
