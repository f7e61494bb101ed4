// `cpsim load`: a fleet of charge points for load checks, ending in a verdict a pipeline can act on.
import { writeFileSync, writeSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { FaultRates } from "../faults/injector.ts";
import { parseFaultSpecs } from "../faults/spec.ts";
import { checkIdTagTemplate, parseIdTags } from "../load/id-tags.ts";
import { idTemplate } from "../load/id-template.ts";
import { liveView } from "../load/live.ts";
import { parseLocalAddresses, parseRange } from "../load/parse.ts";
import type { LoadPlan } from "../load/plan.ts";
import { freshSeed } from "../load/random.ts";
import type { LoadReport } from "../load/report-types.ts";
import { runLoad } from "../load/run.ts";
import { checkLoadScenario } from "../load/scenario-workload.ts";
import { apportion, parseStartAt, shardOf } from "../load/shard.ts";
import { parseRamp, parseStages, stagesPeak } from "../load/stages.ts";
import { parseThreshold } from "../load/thresholds.ts";
import type { OcppVersion } from "../ocpp/versions.ts";
import { colorsFor } from "../report/color.ts";
import { loadScenario } from "../scenario/load.ts";
import { checkScenarioVersion } from "../scenario/version-checks.ts";
import { errorMessage, UserError } from "../util/errors.ts";
import type { Io } from "./io.ts";
import { humanStream, render, writeLoadReport, writeOut } from "./load-output.ts";
import { resolveTransport, type SecurityFlags, securityOptions, type TransportFlags } from "./options.ts";
import { checkLackingCalls } from "./run-checks.ts";

export interface LoadFlags extends SecurityFlags, TransportFlags {
  count: number;
  ocpp: OcppVersion;
  workload: "idle" | "charging";
  scenario?: string;
  iterations?: number;
  var?: Record<string, string>;
  duration?: number;
  ramp?: string;
  stages?: string;
  maxConnecting: number;
  seed?: number;
  idTemplate: string;
  idTag: string;
  idTags?: string;
  session: string;
  pause: string;
  meterInterval: number;
  heartbeatInterval: number;
  threshold?: string[];
  fault?: string[];
  /** jsonl: the JSON report on one line, to pick out of a pod's log. */
  reporter: "pretty" | "json" | "jsonl" | "junit";
  out?: string;
  html?: string;
  timeScale?: number;
  callTimeout: number;
  localAddress?: string;
  workers?: string;
  shard?: string;
  shardFromEnv?: string;
  shards?: number;
  startAt?: string;
}

/** Every option checked, in the order a person reads them; nothing has connected yet. */
export function loadPlan(flags: LoadFlags, env: NodeJS.ProcessEnv): LoadPlan {
  // The scenario first: a mistake in it is reported with its file and line before anything else.
  const scenario = flags.scenario
    ? loadScenario(flags.scenario, { vars: flags.var, env, chargePointTemplates: true, ocpp: flags.ocpp })
    : undefined;
  if (scenario) {
    checkLoadScenario(scenario);
    // As cpsim run does: the versions its ocpp: declares, and the actions the version lacks.
    checkScenarioVersion(scenario, flags.ocpp);
    checkLackingCalls(scenario, undefined, flags.ocpp);
  }
  if (flags.iterations !== undefined && !scenario)
    throw new UserError("--iterations loops a scenario: give --scenario too.");
  const security = securityOptions(flags, env);
  const { transport, callback } = resolveTransport(flags);
  idTemplate(flags.idTemplate);
  idTemplate(flags.idTag, "--id-tag");
  const idTags = idTagsOf(flags, scenario !== undefined);
  const rampRate = flags.ramp === undefined ? undefined : parseRamp(flags.ramp);
  const stages = flags.stages === undefined ? undefined : parseStages(flags.stages);
  if (stages && rampRate !== undefined)
    throw new UserError("--ramp and --stages both set the pace; give one of them.");
  if (stages && stagesPeak(stages) > flags.count)
    throw new UserError(
      `--stages go up to ${stagesPeak(stages)} charge points, more than --count ${flags.count}.`,
    );
  const shard = shardOf(flags, env);
  if (shard && flags.seed === undefined)
    throw new UserError("--shard needs --seed: every shard of a run must draw the same random numbers.");
  const durationMs = flags.duration ?? (stages || flags.iterations !== undefined ? undefined : 60_000);
  const runMs = durationMs ?? (stages ? stages.reduce((s, st) => s + st.durationMs, 0) : undefined);
  const startAt = flags.startAt === undefined ? undefined : parseStartAt(flags.startAt, Date.now(), runMs);
  return {
    count: flags.count,
    shard,
    startAt,
    url: flags.url,
    ocpp: flags.ocpp,
    transport,
    callback,
    password: security.password,
    tls: security.tls,
    callTimeoutMs: flags.callTimeout,
    workload: flags.workload,
    sessionMs: parseRange(flags.session, "--session"),
    pauseMs: parseRange(flags.pause, "--pause"),
    meterIntervalSec: Math.max(1, Math.round(flags.meterInterval / 1000)),
    heartbeatSec: flags.heartbeatInterval,
    // A run needs an end: stages have their own, --iterations too, otherwise one minute.
    durationMs,
    rampRate,
    ramp: flags.ramp,
    stages,
    stagesText: flags.stages,
    maxConnecting: flags.maxConnecting,
    seed: flags.seed ?? freshSeed(),
    idTemplate: flags.idTemplate,
    idTagTemplate: flags.idTag,
    idTags,
    thresholds: [
      ...(scenario?.thresholds ?? []).map((t) =>
        parseThreshold(t, `${scenario!.file}: thresholds:`, flags.ocpp),
      ),
      ...(flags.threshold ?? []).map((t) => parseThreshold(t, "--threshold", flags.ocpp)),
    ],
    timeScale: flags.timeScale ?? scenario?.timeScale ?? 1,
    scenario,
    iterations: flags.iterations,
    localAddresses: flags.localAddress === undefined ? undefined : parseLocalAddresses(flags.localAddress),
    intervalMs: 1000,
    workers: workersOf(flags.workers, shard ? apportion(flags.count, shard.count, shard.index) : flags.count),
    faults: faultRates(flags.fault ?? []),
  };
}

/** --id-tags, or a check that every idTag of the --id-tag template fits OCPP's 20 characters. */
function idTagsOf(flags: LoadFlags, scenario: boolean): string[] | undefined {
  const charging = !scenario && flags.workload === "charging";
  if (flags.idTags === undefined) {
    if (charging) checkIdTagTemplate(flags.idTag, flags.count, flags.ocpp);
    return undefined;
  }
  if (!charging)
    throw new UserError(
      "--id-tags is for the charging workload: idle charge points start no sessions, and a scenario names its idTags in its steps.",
    );
  return parseIdTags(flags.idTags);
}

/** --fault: the rates every charge point draws its faults from. */
function faultRates(specs: string[]): FaultRates | undefined {
  try {
    return parseFaultSpecs(specs);
  } catch (err) {
    throw new UserError(errorMessage(err));
  }
}

/** --workers auto|N: worker processes, never more than charge points. */
function workersOf(value: string | undefined, count: number): number {
  if (value === undefined) return 1;
  const n = value === "auto" ? Math.min(availableParallelism(), Math.ceil(count / 1000)) : Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UserError(`--workers ${value}: expected auto or a whole number of at least 1.`);
  if (n > count)
    throw new UserError(
      `--workers ${n} is more than the ${count} charge points; each worker needs at least one.`,
    );
  return n;
}

export async function loadCommand(flags: LoadFlags, io: Io): Promise<number> {
  const plan = loadPlan(flags, io.env);
  if (flags.out) writeOut(flags.out, "");
  if (flags.insecure) io.stderr.write("cpsim: warning: TLS certificate verification is off (--insecure).\n");
  // People read progress on stdout, unless the machine report itself goes there.
  const human = humanStream(io, flags.reporter, flags.out);
  const colors = colorsFor(human, io.env);
  const size = plan.shard
    ? `shard ${plan.shard.index}/${plan.shard.count}: ${apportion(plan.count, plan.shard.count, plan.shard.index)} of ${plan.count}`
    : `${plan.count}`;
  const header = `${size} × OCPP ${plan.ocpp}-${plan.transport === "soap" ? "S" : "J"}, ${plan.scenario ? plan.scenario.name : plan.workload}, seed ${plan.seed}`;
  const onState = liveView(human, colors, header);

  // SIGTERM as the first Ctrl-C; a second one of either ends at once, still writing what is known.
  const stop = new AbortController();
  const signals = io.interrupted ? AbortSignal.any([io.interrupted, stop.signal]) : stop.signal;
  let terms = 0;
  const onTerm = () => {
    if (++terms > 1) process.exit(143);
    stop.abort();
  };
  process.on("SIGTERM", onTerm);
  let partial: (() => LoadReport) | undefined;
  let written = false;
  const onExit = () => {
    if (written || !partial) return;
    written = true;
    const text = render(partial(), flags.reporter === "pretty" ? "json" : flags.reporter);
    if (flags.out) writeFileSync(flags.out, text);
    else if (flags.reporter !== "pretty") writeSync(1, text);
  };
  process.on("exit", onExit);
  try {
    const report = await runLoad(plan, {
      signal: signals,
      onState,
      log: (line) => human.write(`${line}\n`),
      partial: (make) => {
        partial = make;
      },
    });
    written = true;
    const code = await writeLoadReport(report, io, flags);
    return signals.aborted ? 130 : code;
  } finally {
    process.off("SIGTERM", onTerm);
    process.off("exit", onExit);
  }
}
