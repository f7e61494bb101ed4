// `cpsim report merge`: the JSON reports of a sharded `cpsim load` run's shards become one report,
// judged on the merged figures, written like a run's (summary, JSON or JUnit, HTML).
import { mergeReports } from "../load/merge.ts";
import { readLoadReport } from "../load/report-input.ts";
import type { Io } from "./io.ts";
import { type LoadReporter, writeLoadReport, writeOut } from "./load-output.ts";

export interface MergeFlags {
  reporter: LoadReporter | "text";
  out?: string;
  html?: string;
  allowPartial?: boolean;
}

export async function reportMergeCommand(files: string[], flags: MergeFlags, io: Io): Promise<number> {
  const inputs = files.map((file) => ({ file, report: readLoadReport(file) }));
  const report = mergeReports(inputs, { allowPartial: flags.allowPartial });
  const missing = report.merged?.missing ?? [];
  if (missing.length > 0)
    io.stderr.write(
      `cpsim: warning: shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} missing: these figures are a part of the run (--allow-partial).\n`,
    );
  if (flags.out) writeOut(flags.out, "");
  const reporter = flags.reporter === "text" ? "pretty" : flags.reporter;
  return writeLoadReport(report, io, { reporter, out: flags.out, html: flags.html });
}
