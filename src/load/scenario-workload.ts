// `cpsim load --scenario`: every charge point runs the steps of one scenario file, looped for
// --iterations or until the end. A streaming driver: it shares the step library and the charge
// point model with `cpsim run`, but keeps no message log and looks nothing up per message.
import type { ChargePoint } from "../chargepoint/charge-point.ts";
import type { OcppVersionRow } from "../ocpp/version-row.ts";
import { checkExpectations } from "../scenario/expect.ts";
import type { Scenario, Step, StepType } from "../scenario/model.ts";
import { STEPS, type StepContext } from "../scenario/steps.ts";
import type { SimClock } from "../util/clock.ts";
import { UserError } from "../util/errors.ts";
import type { Scheduler } from "../util/scheduler.ts";
import type { Workload } from "./fleet.ts";
import type { Metrics } from "./metrics.ts";

/** Steps a charge point runs on its own; the others need a per-message log or the embedded central system. */
const SUPPORTED = new Set<StepType>([
  "boot",
  "heartbeat",
  "status",
  "authorize",
  "plugIn",
  "unplug",
  "startTransaction",
  "charge",
  "meterValues",
  "stopTransaction",
  "setPower",
  "fault",
  "clearFault",
  "dataTransfer",
  "send",
  "wait",
]);

/** What `cpsim load` cannot run, said before anything connects. */
export function checkLoadScenario(s: Scenario): void {
  if (s.chargePoints.length > 1)
    throw new UserError(
      `${s.file}: cpsim load runs scenarios of one charge point; this one has ${s.chargePoints.length}.`,
    );
  for (const step of s.steps) {
    const where = `${s.file}:${step.line}:${step.column}`;
    if (!SUPPORTED.has(step.type))
      throw new UserError(
        `${where}: cpsim load cannot run the step ${step.type} (it runs ${[...SUPPORTED].join(", ")}).`,
      );
    for (const key of ["capture", "maxLatency"])
      if (step.args[key] !== undefined)
        throw new UserError(
          `${where}: cpsim load does not support ${key} in steps; thresholds measure latency instead.`,
        );
  }
}

export interface ScenarioOptions {
  first: number;
  count: number;
  scenario: Scenario;
  /** Runs of the steps per charge point; undefined: until the end of the run. */
  iterations?: number;
  id: (index: number) => string;
  clock: SimClock;
  scheduler: Scheduler;
  metrics: Metrics;
  signal: AbortSignal;
  /** The version the fleet speaks, for the steps whose answers are the version's. */
  row: OcppVersionRow;
}

/** A step's arguments with ${cp.id} and ${cp.index} filled in; only steps that have them are copied. */
function fill(value: unknown, id: string, index: number): unknown {
  if (typeof value === "string")
    return value.replace(/\$\{\s*cp\.(id|index)\s*\}/g, (_m, k: string) => (k === "id" ? id : String(index)));
  if (Array.isArray(value)) return value.map((v) => fill(v, id, index));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, id, index)]));
  return value;
}

export class ScenarioWorkload implements Workload {
  private readonly busy: (Promise<void> | undefined)[];
  private readonly ending: Uint8Array;
  private readonly templated: boolean[];
  private readonly ctx: Omit<StepContext, "cp">;

  constructor(private readonly o: ScenarioOptions) {
    this.busy = new Array(o.count);
    this.ending = new Uint8Array(o.count);
    this.templated = o.scenario.steps.map((s) => JSON.stringify(s.args).includes("${cp."));
    const { clock, scheduler, signal } = o;
    this.ctx = {
      version: o.row,
      sleep: (simMs) => scheduler.sleep(clock.toReal(simMs), signal),
      signal,
      toReal: (simMs) => clock.toReal(simMs),
      // Refused by checkLoadScenario: never reached.
      inbox: undefined as never,
      statuses: undefined as never,
      messages: undefined as never,
      drops: undefined as never,
      faults: undefined as never,
    };
  }

  begin(i: number, cp: ChargePoint): void {
    const k = i - this.o.first;
    this.ending[k] = 0;
    const p = this.loop(i, cp).finally(() => {
      this.o.metrics.c.finished++;
    });
    this.busy[k] = p;
    void p.finally(() => {
      if (this.busy[k] === p) this.busy[k] = undefined;
    });
  }

  private async loop(i: number, cp: ChargePoint): Promise<void> {
    const k = i - this.o.first;
    const m = this.o.metrics.c;
    for (let n = 0; this.o.iterations === undefined || n < this.o.iterations; n++) {
      let ok = true;
      for (let s = 0; s < this.o.scenario.steps.length && ok; s++) {
        if (this.ending[k] || this.o.signal.aborted) return;
        ok = await this.step(i, cp, this.o.scenario.steps[s]!, s);
      }
      m.iterations++;
      if (!ok) {
        m.iterationsFailed++;
        // A charge point that lost its connection stops; one that failed a step tries again later.
        if (!cp.connected) return;
        await this.ctx.sleep(1000).catch(() => {});
      }
    }
  }

  private async step(i: number, cp: ChargePoint, step: Step, s: number): Promise<boolean> {
    const m = this.o.metrics.c;
    const args = (this.templated[s] ? fill(step.args, cp.id, i) : step.args) as Record<string, unknown>;
    try {
      const outcome = await STEPS[step.type]({ ...this.ctx, cp }, args);
      if (step.type === "startTransaction") this.started(outcome?.response);
      if (step.type === "stopTransaction") {
        m.transactions.stopped++;
        m.activeTransactions--;
      }
      const expect = (args.expect as Record<string, unknown> | undefined) ?? outcome?.defaultExpect;
      if (expect && checkExpectations(outcome?.response, expect).length > 0) {
        this.failed(step);
        return false;
      }
      return true;
    } catch {
      this.failed(step);
      return false;
    }
  }

  private started(response: unknown): void {
    const m = this.o.metrics.c;
    const status = (response as { status?: string } | undefined)?.status;
    if (status === "Accepted") {
      m.transactions.started++;
      m.activeTransactions++;
    } else m.transactions.refused++;
  }

  private failed(step: Step): void {
    const f = this.o.metrics.stepFailures;
    const key = `${step.label} (line ${step.line})`;
    f.set(key, (f.get(key) ?? 0) + 1);
  }

  async end(i: number, cp: ChargePoint): Promise<void> {
    const k = i - this.o.first;
    this.ending[k] = 1;
    // The fleet's signal has aborted: waits end at once, calls in flight finish.
    await this.busy[k]?.catch(() => {});
    const m = this.o.metrics.c;
    for (const c of cp.connectors) {
      if (!c.transaction) continue;
      await cp.stopTransaction(c.id, "Local");
      m.transactions.stopped++;
      m.activeTransactions--;
    }
  }
}
