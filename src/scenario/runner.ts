import type { ChargePointEvent } from "../chargepoint/events.ts";
import { resumeClockAt } from "../chargepoint/persistence/attach.ts";
import type { StateStore } from "../chargepoint/persistence/store.ts";
import { CentralSystem } from "../csms/server.ts";
import { FaultInjector } from "../faults/injector.ts";
import { type DialOptions, dialerFor, type OcppVersion } from "../ocpp/dial.ts";
import { transportOfUrl, versionRow } from "../ocpp/versions.ts";
import type { DisconnectionReport, MessageReport, RunReport, StepReport } from "../report/model.ts";
import type { TlsOptions } from "../transport/json/connect.ts";
import type { CallbackListen } from "../transport/soap/callback-host.ts";
import { SimClock } from "../util/clock.ts";
import { errorMessage } from "../util/errors.ts";
import { own } from "../util/own.ts";
import { redactUrl } from "../util/redact-url.ts";
import { defaultScheduler } from "../util/scheduler.ts";
import { buildActors, identitiesOf } from "./actors.ts";
import { checkFaultsForSoap } from "./fault-steps.ts";
import type { Answer } from "./inbox.ts";
import type { Scenario, Step } from "./model.ts";
import { buildReport } from "./run-report.ts";
import { executeStep } from "./run-step.ts";

export interface RunOptions {
  /** Central system base URL; none starts the embedded one. */
  url?: string;
  /** Charge point identity; overrides the scenario's. */
  id?: string;
  version: OcppVersion;
  /** OCPP-J or SOAP; a URL's scheme decides when there is one. */
  transport?: "json" | "soap";
  /** SOAP: where charge points listen for the central system's calls. */
  callback?: CallbackListen;
  timeScale?: number;
  callTimeoutMs?: number;
  password?: string;
  tls?: TlsOptions;
  signal?: AbortSignal;
  /** Live progress for reporters that print as the run goes. */
  onEvent?: (event: RunEvent) => void;
  newMessageId?: () => string;
  /** --respond: answers that override the scenario's `respond` and the charge point's own. */
  respond?: Record<string, Answer>;
  /** --state-dir: the charge points start from their saved state and keep it there as they go. */
  state?: StateStore;
}

export type RunEvent =
  | {
      type: "start";
      scenario: Scenario;
      target: RunReport["target"];
      /** The first charge point's identity; chargePoints lists them all. */
      chargePoint: string;
      chargePoints: string[];
    }
  /** chargePoint: the identity of the charge point the step runs on, if any. */
  | { type: "stepStart"; index: number; label: string; chargePoint?: string }
  | { type: "stepEnd"; step: StepReport }
  | { type: "message"; message: MessageReport }
  | { type: "chargePoint"; event: ChargePointEvent }
  | { type: "problem"; message: string }
  /** --state-dir: a charge point starts from its saved state. */
  | { type: "restored"; chargePoint: string; file: string; transactions: number; queued: number };

export async function runScenario(scenario: Scenario, opts: RunOptions): Promise<RunReport> {
  const started = Date.now();
  const emit = opts.onEvent ?? (() => {});
  const store = opts.state;
  const saved = store && new Map(identitiesOf(scenario, opts.id).map((id) => [id, store.load(id)]));
  const clock = new SimClock(
    opts.timeScale ?? scenario.timeScale ?? 1,
    saved && resumeClockAt(saved.values()),
  );
  const several = scenario.chargePoints.length > 1;
  const messages: MessageReport[] = [];
  const problems: string[] = [];
  let stepProblems: string[] | undefined;
  const problem = (message: string) => {
    emit({ type: "problem", message });
    if (stepProblems) stepProblems.push(message);
    else problems.push(message);
  };

  // Calls are routed by identity: each charge point has its own inbox for expectCall.
  const inboxOf = (cpId: string) => actors.find((a) => a.id === cpId)!.inbox;
  const linkOptions: DialOptions = {
    intercept: (cpId, action, payload, auto) => inboxOf(cpId).receive(action, payload, auto),
    url: opts.url ?? "ws://127.0.0.1",
    version: opts.version,
    password: opts.password,
    tls: opts.tls,
    callTimeoutMs: opts.callTimeoutMs,
    newMessageId: opts.newMessageId,
    trace: (cp, e) => {
      const message: MessageReport = { cp, ...e, at: new Date(e.at).toISOString() };
      messages.push(message);
      actors.find((a) => a.id === cp)?.sent.push(message);
      emit({ type: "message", message });
    },
    onProblem: (_cp, m) => problem(m),
    callback: opts.callback,
  };
  // Each connection is handed to its charge point's fault injector, idle until a fault step arms it.
  const factoryFor = (url: string) =>
    FaultInjector.wrap(dialerFor({ ...linkOptions, url }), (cp) => actors.find((a) => a.id === cp)?.faults);
  const soap = (opts.url ? transportOfUrl(opts.url) : opts.transport) === "soap";
  if (soap) checkFaultsForSoap(scenario);
  // Checks the URL before anything starts, so a typo is a usage error, not a failed run.
  if (opts.url) factoryFor(opts.url);

  // The charge points are built before the embedded central system starts, so a mistake in one
  // cannot leave a server running; their links are resolved once the URL is known.
  let url = opts.url;
  let factory: ReturnType<typeof factoryFor> | undefined;
  const actors = buildActors(scenario, {
    id: opts.id,
    respond: { ...scenario.respond, ...opts.respond },
    clock,
    state: store && { store, saved: saved! },
    // One factory for the run: it holds the keep-alive agent SOAP calls share.
    dial: (identity, commands, onClose) => {
      factory ??= factoryFor(url!);
      return factory(identity, commands, onClose);
    },
    onEvent: (event) => {
      emit({ type: "chargePoint", event });
      if (event.type === "problem") problem(event.message);
      if (event.type === "disconnected") {
        // A cut a fault step made is no drop by the central system: expected, never a failure.
        dropped(event, actorOfId(event.cp)?.faults.takeCausedClose() ?? false);
      }
    },
  });
  // A drop is expected when an expectDisconnect of its charge point waits, or comes next; an
  // unexpected one fails the run only where onDisconnect says fail. Every one is in the report.
  const disconnections: DisconnectionReport[] = [];
  const expectedDropAt = new Map<object, number>();
  const expectedCut = (err: unknown, actor: object | undefined) =>
    (err as Error)?.name === "ConnectionClosedError" &&
    expectedDropAt.get(actor ?? actors[0]!) === position &&
    !signal.aborted;
  const dropped = (event: Extract<ChargePointEvent, { type: "disconnected" }>, caused: boolean) => {
    const actor = actors.find((a) => a.id === event.cp)!;
    const next = allSteps[position + 1];
    const expected =
      caused ||
      actor.drops.expecting ||
      (next?.type === "expectDisconnect" && actorOf(next.chargePoint) === actor);
    const { code, reason } = event;
    disconnections.push({ cp: event.cp, at: new Date().toISOString(), code, reason, expected });
    if (expected) expectedDropAt.set(actor, position);
    if (expected || actor.onDisconnect !== "fail") return;
    problem(
      `the central system closed the connection${several ? ` to ${event.cp}` : ""} (code ${code}${reason ? `, ${reason}` : ""}; onDisconnect: fail)`,
    );
  };
  const actorOf = (name: string | undefined) => actors.find((a) => a.name === name);
  const actorOfId = (id: string) => actors.find((a) => a.id === id);
  const ids = actors.map((a) => a.id);
  const cs = scenario.centralSystem;
  const csms = opts.url
    ? undefined
    : await CentralSystem.start({
        heartbeatIntervalSec: cs?.heartbeatInterval,
        bootStatus: cs?.bootStatus && (() => cs.bootStatus!),
        authorize: cs?.authorize && ((idTag) => own(cs.authorize, idTag) ?? "Accepted"),
        oneTransactionPerIdTag: cs?.oneTransactionPerIdTag,
      });
  url ??= soap ? csms!.soapUrl(opts.version) : csms!.url;
  const target = { url: redactUrl(url), embedded: !opts.url, ocpp: `${opts.version}-${soap ? "S" : "J"}` };
  emit({ type: "start", scenario, target, chargePoint: ids[0]!, chargePoints: ids });
  for (const [id, state] of saved ?? []) {
    if (!state) continue;
    const transactions = state.connectors.filter((c) => c.transaction !== undefined).length;
    emit({
      type: "restored",
      chargePoint: id,
      file: store!.fileOf(id),
      transactions,
      queued: state.queue.length,
    });
  }

  const results: StepReport[] = [];
  const signal = opts.signal ?? new AbortController().signal;
  // Timers may fire a millisecond early and the simulated clock reads a different source, so a
  // wait tops itself up until the full simulated span has passed: `charge: 4h` is never 3.999 h.
  const sleep = async (simMs: number) => {
    const until = clock.now() + simMs;
    for (let left = simMs; left > 0; left = until - clock.now()) {
      await defaultScheduler.sleep(Math.max(1, clock.toReal(left)), signal);
    }
  };
  // Ctrl-C must not wait for a call timeout: closing the link fails whatever is in flight at once.
  const onAbort = () => {
    for (const { cp } of actors) void cp.disconnect();
  };
  signal.addEventListener("abort", onAbort, { once: true });
  const captured = new Map<string, unknown>();
  const version = versionRow(opts.version);
  const toReal = (simMs: number) => clock.toReal(simMs);
  let stopped = false;
  let failed = false;
  let position = -1;
  const connects = actors.map(
    (a): Step => ({
      index: -1,
      type: "boot",
      label: "connect",
      args: {},
      line: 0,
      column: 0,
      chargePoint: a.name,
    }),
  );
  const allSteps = [...connects, ...scenario.steps];
  try {
    for (const step of allSteps) {
      position++;
      const isConnect = step.index === -1;
      const actor = actorOf(step.chargePoint);
      const { cp, inbox, statuses, sent, faults, drops, resumed } = actor ?? actors[0]!;
      const report: StepReport = {
        index: step.index,
        label: step.label,
        type: isConnect ? "connect" : step.type,
        ...(isConnect ? {} : { line: step.line }),
        ...(actor && { chargePoint: actor.id }),
        status: "skipped",
        durationMs: 0,
      };
      results.push(report);
      if (stopped) continue;
      emit({ type: "stepStart", index: step.index, label: step.label, chargePoint: actor?.id });
      const t0 = performance.now();
      stepProblems = [];
      const firstMessage = messages.length;
      sent.stepStarted();
      drops.stepStarted();
      try {
        if (opts.signal?.aborted) throw new Error("interrupted");
        if (isConnect) await cp.connect();
        else {
          const ctx = {
            cp,
            sleep,
            signal,
            inbox,
            statuses,
            messages: sent,
            drops,
            toReal,
            csms,
            faults,
            resumed,
            version,
          };
          await executeStep(step, ctx, report, captured, messages, firstMessage);
        }
        if (stepProblems.length > 0) throw new Error(stepProblems.join("; "));
        report.status = "passed";
      } catch (err) {
        // The call this step made was cut by the drop the next step expects: that is its outcome.
        if (expectedCut(err, actor)) {
          report.status = "passed";
          report.response = { connectionLost: true };
        } else {
          report.status = "failed";
          report.error = opts.signal?.aborted ? "interrupted" : errorMessage(err);
          failed = true;
          const onFailure = (step.args.onFailure as string | undefined) ?? scenario.onFailure ?? "stop";
          stopped = isConnect || onFailure === "stop" || signal.aborted;
        }
      } finally {
        stepProblems = undefined;
        report.durationMs = Math.round(performance.now() - t0);
      }
      emit({ type: "stepEnd", step: report });
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    for (const { cp } of actors) cp.shutdown();
    await Promise.all(actors.map(({ cp }) => cp.disconnect().catch(() => {})));
    // The state as the run leaves it: a transaction still open goes on in the next run.
    if (store) {
      await store.flush();
      for (const id of ids) store.untrack(id);
    }
    await csms?.close();
  }

  return buildReport({
    scenario,
    target,
    ids,
    started,
    failed,
    steps: results,
    messages,
    problems,
    disconnections,
  });
}
