import { writeFileSync } from "node:fs";
import { extname } from "node:path";
import { fsReason, UserError } from "../util/errors.ts";

export type ReporterName = "pretty" | "json" | "junit";

const BY_EXTENSION = new Map<string, ReporterName>([
  [".json", "json"],
  [".xml", "junit"],
]);

/**
 * The report format: --reporter, else the --out file's extension (.json, .xml), else pretty.
 * A contradiction (--reporter json --out r.xml) or a file the format cannot be told from is a
 * usage mistake: a CI job that uploads JSON as JUnit finds out too late.
 */
export function reportFormat(reporter: ReporterName | undefined, out: string | undefined): ReporterName {
  if (out === undefined) return reporter ?? "pretty";
  const ext = extname(out).toLowerCase();
  const implied = BY_EXTENSION.get(ext);
  if (reporter === "pretty") {
    throw new UserError(
      `--reporter pretty is the console log and has no file; for --out ${out} use --reporter json or junit.`,
    );
  }
  if (reporter === undefined) {
    if (implied) return implied;
    throw new UserError(
      `Cannot tell the report format from ${out}: name the file .json or .xml, or add --reporter json or --reporter junit.`,
    );
  }
  if (implied && implied !== reporter) {
    throw new UserError(
      `--reporter ${reporter} does not go with --out ${out}: a ${ext} file is a ${implied} report; change one of them.`,
    );
  }
  return reporter;
}

export function writeReport(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    const why = fsReason(err, "write");
    throw new UserError(`Cannot write the report to ${file}: ${why}.`);
  }
}
