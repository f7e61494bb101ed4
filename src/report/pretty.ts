import type { ChalkInstance } from "chalk";
import type { RunEvent } from "../scenario/runner.ts";
import { formatDuration } from "../util/duration.ts";
import type { RunReport } from "./model.ts";
import { summarize } from "./summarize.ts";

export interface Printer {
  write(text: string): void;
}

/** Live, human-readable progress: one line per message, a line per step, then a summary. */
export function prettyReporter(out: Printer, c: ChalkInstance) {
  const line = (s: string) => out.write(`${s}\n`);
  return {
    onEvent(e: RunEvent): void {
      switch (e.type) {
        case "start": {
          line(c.bold(`${e.scenario.name}`) + c.dim(`  ${e.scenario.file}`));
          const where = e.target.embedded ? `embedded central system at ${e.target.url}` : e.target.url;
          line(c.dim(`charge point ${e.chargePoint} → ${where} (OCPP ${e.target.ocpp})`));
          line("");
          break;
        }
        case "stepStart":
          line(c.cyan(`▶ ${e.label}`));
          break;
        case "message": {
          const m = e.message;
          const arrow = m.dir === "out" ? c.blue("→") : c.magenta("←");
          const action = m.kind === "call" ? m.action : c.dim(m.action);
          const text = summarize(m.action, m.kind, m.payload);
          const latency = m.latencyMs === undefined ? "" : c.dim(`  ${Math.round(m.latencyMs)} ms`);
          const body = m.kind === "error" ? c.red(text) : text;
          line(
            `  ${arrow} ${action.padEnd(action.length + Math.max(0, 26 - m.action.length))} ${body}${latency}`,
          );
          break;
        }
        case "stepEnd": {
          const s = e.step;
          const time = c.dim(` (${formatDuration(s.durationMs)})`);
          if (s.status === "passed") line(`${c.green("✔")} ${s.label}${time}`);
          else line(`${c.red("✘")} ${s.label}${time}: ${c.red(s.error ?? "failed")}`);
          break;
        }
        case "problem":
          line(c.yellow(`  ! ${e.message}`));
          break;
      }
    },
    /** The closing line of a run of several scenarios. */
    total(reports: RunReport[], planned: number): void {
      const passed = reports.filter((r) => r.passed).length;
      const failed = reports.length - passed;
      const skipped = planned - reports.length;
      const text = `${planned} scenarios: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} not run` : ""}`;
      line("");
      line(failed === 0 && skipped === 0 ? c.green.bold(text) : c.red.bold(text));
      for (const r of reports.filter((x) => !x.passed))
        line(c.red(`  ✘ ${r.scenario.name} (${r.scenario.file})`));
    },
    summary(report: RunReport): void {
      const { counts } = report;
      line("");
      const stats = `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped · ${counts.messages} messages · ${formatDuration(report.durationMs)}`;
      if (report.passed) line(`${c.green.bold("PASSED")} ${report.scenario.name}: ${stats}`);
      else {
        line(`${c.red.bold("FAILED")} ${report.scenario.name}: ${stats}`);
        const first = report.steps.find((s) => s.status === "failed");
        if (first)
          line(c.red(`  step "${first.label}"${first.line ? ` (line ${first.line})` : ""}: ${first.error}`));
        for (const p of report.problems) line(c.yellow(`  ! ${p}`));
      }
    },
  };
}
