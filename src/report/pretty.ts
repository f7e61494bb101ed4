import type { ChalkInstance } from "chalk";
import type { RunEvent } from "../scenario/runner.ts";
import { formatDuration } from "../util/duration.ts";
import { describeConnectionEvent } from "./connection.ts";
import type { RunReport } from "./model.ts";
import { summarize } from "./summarize.ts";

export interface Printer {
  write(text: string): void;
}

/** Live, human-readable progress: one line per message, a line per step, then a summary. */
export function prettyReporter(out: Printer, c: ChalkInstance) {
  const line = (s: string) => out.write(`${s}\n`);
  // With several charge points, each step and message names the one it belongs to.
  let idWidth = 0;
  const on = (cp: string | undefined) => (idWidth > 0 && cp ? c.dim(` on ${cp}`) : "");
  return {
    onEvent(e: RunEvent): void {
      switch (e.type) {
        case "start": {
          line(c.bold(`${e.scenario.name}`) + c.dim(`  ${e.scenario.file}`));
          const where = e.target.embedded ? `embedded central system at ${e.target.url}` : e.target.url;
          const several = e.chargePoints.length > 1;
          idWidth = several ? Math.max(...e.chargePoints.map((id) => id.length)) : 0;
          const who = several
            ? `charge points ${e.chargePoints.join(", ")}`
            : `charge point ${e.chargePoint}`;
          line(c.dim(`${who} → ${where} (OCPP ${e.target.ocpp})`));
          line("");
          break;
        }
        case "stepStart":
          line(c.cyan(`▶ ${e.label}`) + on(e.chargePoint));
          break;
        case "message": {
          const m = e.message;
          const arrow = m.dir === "out" ? c.blue("→") : c.magenta("←");
          const action = m.kind === "call" ? m.action : c.dim(m.action);
          const text = summarize(m.action, m.kind, m.payload);
          const latency = m.latencyMs === undefined ? "" : c.dim(`  ${Math.round(m.latencyMs)} ms`);
          const body = m.kind === "error" ? c.red(text) : text;
          const cp = idWidth > 0 ? `${c.dim(m.cp.padEnd(idWidth))} ` : "";
          // Summaries and latencies line up in a column; with neither, the line ends at its action
          // (padding there only left trailing spaces).
          const rest = `${body}${latency}`;
          const what = rest
            ? `${action.padEnd(action.length + Math.max(0, 26 - m.action.length))} ${rest}`
            : action;
          line(`  ${cp}${arrow} ${what}`);
          break;
        }
        case "stepEnd": {
          const s = e.step;
          const time = c.dim(` (${formatDuration(s.durationMs)})`);
          const label = `${s.label}${on(s.chargePoint)}`;
          if (s.status === "passed") line(`${c.green("✔")} ${label}${time}`);
          else line(`${c.red("✘")} ${label}${time}: ${c.red(s.error ?? "failed")}`);
          break;
        }
        case "problem":
          line(c.yellow(`  ! ${e.message}`));
          break;
        case "chargePoint": {
          const text = describeConnectionEvent(e.event);
          const cp = idWidth > 0 ? `${c.dim(e.event.cp.padEnd(idWidth))} ` : "";
          if (text) line(`  ${cp}${c.yellow("⚡")} ${c.yellow(text)}`);
          break;
        }
        case "restored": {
          const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
          line(
            c.dim(
              `${e.chargePoint} carries on from ${e.file}: ${plural(e.transactions, "open transaction")}, ${plural(e.queued, "queued message")}`,
            ),
          );
          break;
        }
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
      const drops = report.disconnections ?? [];
      const unexpected = drops.filter((d) => !d.expected).length;
      const dropText = drops.length
        ? ` · ${drops.length} connection drop${drops.length > 1 ? "s" : ""}${unexpected ? ` (${unexpected} unexpected)` : ""}`
        : "";
      if (report.passed) line(`${c.green.bold("PASSED")} ${report.scenario.name}: ${stats}${dropText}`);
      else {
        line(`${c.red.bold("FAILED")} ${report.scenario.name}: ${stats}${dropText}`);
        // Every failed step: with onFailure: continue there may be several, each worth a look.
        for (const failed of report.steps.filter((s) => s.status === "failed"))
          line(
            c.red(
              `  step "${failed.label}"${failed.line ? ` (line ${failed.line})` : ""}${report.chargePoints.length > 1 && failed.chargePoint ? ` on ${failed.chargePoint}` : ""}: ${failed.error}`,
            ),
          );
        for (const p of report.problems) line(c.yellow(`  ! ${p}`));
      }
    },
  };
}
