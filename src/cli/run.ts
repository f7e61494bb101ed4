import { StateStore } from "../chargepoint/persistence/store.ts";
import type { OcppVersion } from "../ocpp/versions.ts";
import { colorsFor } from "../report/color.ts";
import { junitXml } from "../report/junit.ts";
import type { RunReport } from "../report/model.ts";
import { prettyReporter } from "../report/pretty.ts";
import { checkIdOption, identitiesOf } from "../scenario/actors.ts";
import { checkFaultsForSoap } from "../scenario/fault-steps.ts";
import type { Answer } from "../scenario/inbox.ts";
import { loadScenario } from "../scenario/load.ts";
import type { Scenario } from "../scenario/model.ts";
import { type RunEvent, runScenario } from "../scenario/runner.ts";
import { checkScenarioVersion } from "../scenario/version-checks.ts";
import { EXIT } from "../util/errors.ts";
import { VERSION } from "../version.ts";
import type { Io } from "./io.ts";
import { resolveTransport, type SecurityFlags, securityOptions, type TransportFlags } from "./options.ts";
import { type ReporterName, reportFormat, writeReport } from "./report-file.ts";
import {
  checkEmbeddedOnly,
  checkLackingCalls,
  checkRespondFlag,
  timeScaleNote,
  urlVersionNote,
} from "./run-checks.ts";
import { scenarioFiles } from "./scenario-files.ts";

export interface RunFlags extends SecurityFlags, TransportFlags {
  id?: string;
  ocpp: OcppVersion;
  /** Unset: inferred from --out's extension, else pretty. */
  reporter?: ReporterName;
  junitCases?: "step" | "scenario";
  out?: string;
  var?: Record<string, string>;
  respond?: Record<string, Answer>;
  timeScale?: number;
  callTimeout?: number;
  onDisconnect?: "reconnect" | "fail";
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
  checkRespondFlag(flags.respond, flags.ocpp);
  // All files are loaded before anything connects: one broken file stops the run before it starts.
  const scenarios: Scenario[] = scenarioFiles(paths).map((f) => {
    const scenario = loadScenario(f, { vars: flags.var, env: io.env, ocpp: flags.ocpp });
    // A charge point's own onDisconnect still wins: it is the more specific choice.
    return flags.onDisconnect ? { ...scenario, onDisconnect: flags.onDisconnect } : scenario;
  });
  for (const scenario of scenarios) {
    checkIdOption(scenario, flags.id);
    checkEmbeddedOnly(scenario, flags.url);
  }
  const reporter = reportFormat(flags.reporter, flags.out);
  const security = securityOptions(flags, io.env);
  const { transport, callback } = resolveTransport(flags);
  for (const s of scenarios) {
    checkScenarioVersion(s, flags.ocpp);
    checkLackingCalls(s, flags.respond, flags.ocpp);
  }
  if (transport === "soap") for (const s of scenarios) checkFaultsForSoap(s);
  const notes = [
    urlVersionNote(flags.url, flags.ocpp),
    ...scenarios.map((s) => timeScaleNote(s, flags.timeScale)),
  ];
  for (const note of notes) if (note) io.stderr.write(`cpsim: note: ${note}\n`);
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
    reporter === "pretty" || flags.out !== undefined
      ? prettyReporter(io.stdout, colorsFor(io.stdout, io.env))
      : undefined;
  const onEvent = pretty ? (e: RunEvent) => pretty.onEvent(e) : undefined;
  const store = flags.stateDir ? openState(flags.stateDir, scenarios, flags.id, io) : undefined;
  try {
    return await runAll(scenarios, flags, io, {
      reporter,
      pretty,
      onEvent,
      store,
      security,
      transport,
      callback,
    });
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
  reporter: ReturnType<typeof reportFormat>;
  pretty: ReturnType<typeof prettyReporter> | undefined;
  onEvent: ((e: RunEvent) => void) | undefined;
  store: StateStore | undefined;
  security: ReturnType<typeof securityOptions>;
  transport: "json" | "soap";
  callback: ReturnType<typeof resolveTransport>["callback"];
}

async function runAll(scenarios: Scenario[], flags: RunFlags, io: Io, ctx: RunContext): Promise<number> {
  const { reporter, pretty, onEvent, security, transport, callback } = ctx;
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
  if (reporter !== "pretty") {
    const text =
      reporter === "junit"
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

function failureLine(report: RunReport): string {
  const failed = report.steps.filter((s) => s.status === "failed");
  const first = failed[0];
  const more =
    failed.length > 1 ? ` (and ${failed.length - 1} more failed step${failed.length > 2 ? "s" : ""})` : "";
  return `${report.scenario.name} failed${first ? ` at step "${first.label}": ${first.error}${more}` : `: ${report.problems[0]}`}`;
}
