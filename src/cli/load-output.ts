// How `cpsim load` and `cpsim report merge` write a load report: the JSON or JUnit text, to a file
// or stdout, the summary for people, the HTML file. One place, so a merged report reads like a run's.
import { writeFileSync } from "node:fs";
import { writeHtmlReport } from "../load/html/index.ts";
import { loadJunit } from "../load/junit.ts";
import type { LoadReport } from "../load/report-types.ts";
import { loadSummary } from "../load/summary.ts";
import { colorsFor } from "../report/color.ts";
import { EXIT, fsReason, UserError } from "../util/errors.ts";
import type { Io } from "./io.ts";

export type LoadReporter = "pretty" | "json" | "jsonl" | "junit";

/** jsonl: the JSON report on one line, to pick out of a pod's log. */
export function render(report: LoadReport, kind: "json" | "jsonl" | "junit"): string {
  if (kind === "junit") return loadJunit(report);
  return `${kind === "jsonl" ? JSON.stringify(report) : JSON.stringify(report, null, 2)}\n`;
}

export function writeOut(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new UserError(`Cannot write the report to ${file}: ${fsReason(err, "write")}.`);
  }
}

/** Where people read: stdout, unless the machine report itself goes there. */
export function humanStream(io: Io, reporter: LoadReporter, out: string | undefined) {
  return reporter === "pretty" || out !== undefined ? io.stdout : io.stderr;
}

/** The summary, the report (--out or stdout) and the HTML file; the exit code of the verdict. */
export async function writeLoadReport(
  report: LoadReport,
  io: Io,
  o: { reporter: LoadReporter; out?: string; html?: string },
): Promise<number> {
  const human = humanStream(io, o.reporter, o.out);
  human.write(`\n${loadSummary(report, colorsFor(human, io.env))}`);
  if (o.reporter !== "pretty" || o.out) {
    const text = render(report, o.reporter === "pretty" ? "json" : o.reporter);
    if (o.out) writeOut(o.out, text);
    else io.stdout.write(text);
  }
  if (o.html) await writeHtmlReport(report, o.html);
  return report.passed ? EXIT.ok : EXIT.failed;
}
