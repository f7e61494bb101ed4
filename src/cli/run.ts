import { writeFileSync } from "node:fs";
import type { OcppVersion } from "../ocpp/open-link.ts";
import { colorsFor } from "../report/color.ts";
import { prettyReporter } from "../report/pretty.ts";
import { loadScenario } from "../scenario/load.ts";
import { type RunEvent, runScenario } from "../scenario/runner.ts";
import { EXIT, UserError } from "../util/errors.ts";
import type { Io } from "./io.ts";
import { type SecurityFlags, securityOptions } from "./options.ts";

export interface RunFlags extends SecurityFlags {
  url?: string;
  id?: string;
  ocpp: OcppVersion;
  reporter: "pretty" | "json";
  out?: string;
  var?: Record<string, string>;
  timeScale?: number;
  callTimeout?: number;
}

/** `cpsim run <scenario>`: runs one scenario and returns the exit code. */
export async function runCommand(file: string, flags: RunFlags, io: Io): Promise<number> {
  const scenario = loadScenario(file, { vars: flags.var, env: io.env });
  const security = securityOptions(flags, io.env);
  if (flags.insecure) io.stderr.write("cpsim: warning: TLS certificate verification is off (--insecure).\n");
  // Pretty progress goes to stdout unless the JSON report itself is going there.
  const showPretty = flags.reporter === "pretty" || flags.out !== undefined;
  const pretty = showPretty ? prettyReporter(io.stdout, colorsFor(io.stdout, io.env)) : undefined;
  const onEvent = pretty ? (e: RunEvent) => pretty.onEvent(e) : undefined;

  const report = await runScenario(scenario, {
    url: flags.url,
    id: flags.id,
    version: flags.ocpp,
    timeScale: flags.timeScale,
    callTimeoutMs: flags.callTimeout,
    password: security.password,
    tls: security.tls,
    signal: io.interrupted,
    onEvent,
  });

  pretty?.summary(report);
  if (flags.reporter === "json") {
    const text = `${JSON.stringify(report, null, 2)}\n`;
    if (flags.out) {
      try {
        writeFileSync(flags.out, text);
      } catch (err) {
        throw new UserError(`Cannot write the report to ${flags.out}: ${(err as Error).message}.`);
      }
    } else io.stdout.write(text);
  }
  if (!report.passed && !pretty) {
    const failed = report.steps.find((s) => s.status === "failed");
    io.stderr.write(
      `cpsim: ${report.scenario.name} failed${failed ? ` at step "${failed.label}": ${failed.error}` : `: ${report.problems[0]}`}\n`,
    );
  }
  if (io.interrupted?.aborted) return 130;
  return report.passed ? EXIT.ok : EXIT.failed;
}
