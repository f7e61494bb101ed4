import { writeFileSync } from "node:fs";
import { StateStore } from "../chargepoint/persistence/store.ts";
import { CALLS_NOT_IN_15, type OcppVersion } from "../ocpp/versions.ts";
import { colorsFor } from "../report/color.ts";
import { junitXml } from "../report/junit.ts";
import type { RunReport } from "../report/model.ts";
import { prettyReporter } from "../report/pretty.ts";
import { checkIdOption, identitiesOf } from "../scenario/actors.ts";
import type { Answer } from "../scenario/inbox.ts";
import { loadScenario } from "../scenario/load.ts";
import type { Scenario } from "../scenario/model.ts";
import { type RunEvent, runScenario } from "../scenario/runner.ts";
import { EXIT, fsReason, UserError } from "../util/errors.ts";
import { VERSION } from "../version.ts";
import type { Io } from "./io.ts";
import { resolveTransport, type SecurityFlags, securityOptions, type TransportFlags } from "./options.ts";
import { scenarioFiles } from "./scenario-files.ts";

export interface RunFlags extends SecurityFlags, TransportFlags {
  id?: string;
  ocpp: OcppVersion;
  reporter: "pretty" | "json" | "junit";
  junitCases?: "step" | "scenario";
  out?: string;
  var?: Record<string, string>;
  respond?: Record<string, Answer>;
  timeScale?: number;
  callTimeout?: number;
  stateDir?: string;
}

/** The JSON report: the same envelope for one scenario or many, so machines parse one shape. */
export interface JsonReport {
  tool: { name: "cpsim"; version: string };
  passed: boolean;
  counts: { scenarios: number; passed: number; failed: number };
  scenarios: RunReport[];
}

/** `cpsim run <scenario|folder>...`: every scenario is checked first, then they run one after another. */
export async function runCommand(paths: string[], flags: RunFlags, io: Io): Promise<number> {
  // All files are loaded before anything connects: one broken file stops the run before it starts.
  const scenarios: Scenario[] = scenarioFiles(paths).map((f) =>
    loadScenario(f, { vars: flags.var, env: io.env }),
  );
  for (const scenario of scenarios) checkIdOption(scenario, flags.id);
  const security = securityOptions(flags, io.env);
  const { transport, callback } = resolveTransport(flags);
  if (flags.ocpp === "1.5") for (const s of scenarios) checkCallsOf15(s, flags.respond);
  if (transport === "soap" && /^(0\.0\.0\.0|::)$/.test(callback.host ?? "") && !callback.endpointUrl) {
    io.stderr.write(
      "cpsim: warning: --listen on all interfaces without --endpoint-url tells the central system to call back 127.0.0.1; give --endpoint-url with an address it can reach.\n",
    );
  }
  // An unwritable --out is found now, not after the whole session has been sent.
  if (flags.out) writeReport(flags.out, "");
  if (flags.insecure) io.stderr.write("cpsim: warning: TLS certificate verification is off (--insecure).\n");
  // Progress goes to stdout unless a machine report itself is going there.
  const pretty =
    flags.reporter === "pretty" || flags.out !== undefined
      ? prettyReporter(io.stdout, colorsFor(io.stdout, io.env))
      : undefined;
  const onEvent = pretty ? (e: RunEvent) => pretty.onEvent(e) : undefined;
  const store = flags.stateDir ? openState(flags.stateDir, scenarios, flags.id, io) : undefined;
  try {
    return await runAll(scenarios, flags, io, { pretty, onEvent, store, security, transport, callback });
  } finally {
    await store?.close();
  }
}

/** Takes the folder's lock and reads every state file the run will use, before anything connects. */
function openState(dir: string, scenarios: Scenario[], id: string | undefined, io: Io): StateStore {
  const store = StateStore.open(dir, {
    onProblem: (message) => io.stderr.write(`cpsim: warning: ${message}\n`),
  });
  try {
    for (const s of scenarios) for (const cpId of identitiesOf(s, id)) store.load(cpId);
  } catch (err) {
    void store.close();
    throw err;
  }
  return store;
}

interface RunContext {
  pretty: ReturnType<typeof prettyReporter> | undefined;
  onEvent: ((e: RunEvent) => void) | undefined;
  store: StateStore | undefined;
  security: ReturnType<typeof securityOptions>;
  transport: "json" | "soap";
  callback: ReturnType<typeof resolveTransport>["callback"];
}

async function runAll(scenarios: Scenario[], flags: RunFlags, io: Io, ctx: RunContext): Promise<number> {
  const { pretty, onEvent, security, transport, callback } = ctx;
  const reports: RunReport[] = [];
  for (const scenario of scenarios) {
    if (io.interrupted?.aborted) break;
    if (pretty && reports.length > 0) io.stdout.write("\n");
    const report = await runScenario(scenario, {
      url: flags.url,
      id: flags.id,
      version: flags.ocpp,
      transport,
      callback,
      timeScale: flags.timeScale,
      callTimeoutMs: flags.callTimeout,
      respond: flags.respond,
      password: security.password,
      tls: security.tls,
      signal: io.interrupted,
      onEvent,
      state: ctx.store,
    });
    reports.push(report);
    pretty?.summary(report);
    if (!report.passed && !pretty) io.stderr.write(`cpsim: ${failureLine(report)}\n`);
  }

  const passed = reports.filter((r) => r.passed).length;
  if (pretty && scenarios.length > 1) pretty.total(reports, scenarios.length);
  if (flags.reporter !== "pretty" || flags.out) {
    const text =
      flags.reporter === "junit"
        ? junitXml(reports, { granularity: flags.junitCases ?? "step" })
        : `${JSON.stringify(
            {
              tool: { name: "cpsim", version: VERSION },
              passed: passed === scenarios.length,
              counts: { scenarios: scenarios.length, passed, failed: scenarios.length - passed },
              scenarios: reports,
            } satisfies JsonReport,
            null,
            2,
          )}\n`;
    if (flags.out) writeReport(flags.out, text);
    else io.stdout.write(text);
  }
  if (io.interrupted?.aborted) return 130;
  return passed === scenarios.length ? EXIT.ok : EXIT.failed;
}

function writeReport(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    const why = fsReason(err, "write");
    throw new UserError(`Cannot write the report to ${file}: ${why}.`);
  }
}

function failureLine(report: RunReport): string {
  const failed = report.steps.filter((s) => s.status === "failed");
  const first = failed[0];
  const more =
    failed.length > 1 ? ` (and ${failed.length - 1} more failed step${failed.length > 2 ? "s" : ""})` : "";
  return `${report.scenario.name} failed${first ? ` at step "${first.label}": ${first.error}${more}` : `: ${report.problems[0]}`}`;
}

/** A scenario that answers or sends a call 1.5 does not have cannot run over 1.5: say so before connecting. */
function checkCallsOf15(scenario: Scenario, respond: Record<string, Answer> | undefined): void {
  const flag = Object.keys(respond ?? {}).find((a) => CALLS_NOT_IN_15.includes(a));
  if (flag) throw new UserError(`--respond ${flag}: OCPP 1.5 has no ${flag} (it came with 1.6).`);
  const calls = [
    ...Object.keys(scenario.respond ?? {}),
    ...scenario.steps
      .filter((s) => s.type === "expectCall" || s.type === "centralSystemCall")
      .map((s) => s.args.action as string),
  ];
  const missing = calls.find((a) => CALLS_NOT_IN_15.includes(a));
  if (missing) {
    throw new UserError(
      `${scenario.file} uses ${missing}, which OCPP 1.5 does not have (it came with 1.6); run it with --ocpp 1.6.`,
    );
  }
}
