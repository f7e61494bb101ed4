import { FaultInjector } from "../faults/injector.ts";
// One process's share of a load run: charge points first .. first + count - 1 against a URL, with
// the metrics they produce. Used by the single-process run and by every worker process alike.

import type { ChargePointOptions } from "../chargepoint/options.ts";
import { dialerFor } from "../ocpp/dial.ts";
import { versionRow } from "../ocpp/versions.ts";
import { parsePower } from "../scenario/power-profile.ts";
import { SimClock } from "../util/clock.ts";
import { defaultScheduler } from "../util/scheduler.ts";
import { Fleet, type Workload } from "./fleet.ts";
import { idTagChooser } from "./id-tags.ts";
import { idTemplate } from "./id-template.ts";
import { Metrics } from "./metrics.ts";
import type { LoadPlan } from "./plan.ts";
import { FleetRandom, mix32 } from "./random.ts";
import { ScenarioWorkload } from "./scenario-workload.ts";
import { type Split, splitOf } from "./shard.ts";
import { type Pacing, rampPacing, stagePacing } from "./stages.ts";
import { ChargingWorkload, idleWorkload } from "./workload.ts";

export interface EnginePart {
  first: number;
  count: number;
  /**
   * Where the part sits in the fleet: its index at each split (shard, then worker), outermost
   * first; none in one unsharded process. Pace targets and --max-connecting are split the same way.
   */
  splits: Split[];
}

/** The calls of a fleet, compiled before the clock starts: the first boots should not pay for it. */
const WARM = [
  "BootNotification",
  "StatusNotification",
  "Heartbeat",
  "Authorize",
  "StartTransaction",
  "MeterValues",
  "StopTransaction",
];

/** Salt of the --fault draws' seed ("flt"). */
const FAULT_STREAM = 0x666c74;

export class Engine {
  readonly metrics = new Metrics();
  readonly fleet: Fleet;

  constructor(plan: LoadPlan & { url: string }, part: EnginePart) {
    const scheduler = defaultScheduler;
    if (plan.transport === "json") {
      const schemas = versionRow(plan.ocpp).schemas();
      for (const a of WARM) {
        schemas.validate(a, "request", {});
        schemas.validate(a, "response", {});
      }
    }
    const clock = new SimClock(plan.timeScale);
    const addresses = plan.localAddresses;
    let turn = 0;
    const plain = dialerFor({
      url: plan.url,
      version: plan.ocpp,
      password: plan.password,
      tls: plan.tls,
      callTimeoutMs: plan.callTimeoutMs,
      callback: plan.callback,
      observe: this.metrics,
      localAddress: addresses && (() => addresses[turn++ % addresses.length]),
    });
    // --fault: an injector per charge point, made only when faults are asked for. Its draws come
    // from the charge point's own stream of a seed apart from the workload's, so the same --seed
    // faults the same messages of the same charge points, and adding faults moves no session.
    const rates = plan.faults;
    const injectors = new Map<string, FaultInjector>();
    const faultRandom = rates && new FleetRandom(mix32(plan.seed, FAULT_STREAM), part.first, part.count);
    const factory =
      rates === undefined
        ? plain
        : FaultInjector.wrap(plain, (id) => {
            let f = injectors.get(id);
            if (!f) {
              const i = this.fleet.indexOf(id)!;
              f = new FaultInjector({ scheduler, rates, random: () => faultRandom!.next(i) });
              injectors.set(id, f);
            }
            return f;
          });
    const fleetPacing = plan.stages
      ? stagePacing(plan.stages, plan.count)
      : rampPacing(plan.count, plan.rampRate);
    const pacing: Pacing =
      part.splits.length === 0
        ? fleetPacing
        : {
            target: (t) => Math.min(part.count, splitOf(fleetPacing.target(t), part.splits)),
            endMs: fleetPacing.endMs,
          };
    this.fleet = new Fleet({
      first: part.first,
      count: part.count,
      id: idTemplate(plan.idTemplate),
      dial: factory,
      clock,
      scheduler,
      pacing,
      maxConnecting: Math.max(1, splitOf(plan.maxConnecting, part.splits)),
      metrics: this.metrics,
      chargePoint: chargePointOptions(plan),
      boot: !plan.scenario,
      bootTarget: part.count,
      now: () => performance.now(),
      // --start-at: the pace follows the shared clock, so a shard started late catches up.
      origin: plan.startAt === undefined ? undefined : plan.startAt - performance.timeOrigin,
      callTimeoutMs: plan.callTimeoutMs,
    });
    this.fleet.workload = workloadOf(plan, part, this.metrics, clock, this.fleet);
  }

  start(): void {
    this.fleet.start();
  }

  stop(): Promise<void> {
    return this.fleet.stop();
  }
}

/** One options object for every charge point of the fleet: the scenario's charge point, if any. */
function chargePointOptions(plan: LoadPlan): Partial<ChargePointOptions> {
  const config = { MeterValueSampleInterval: String(plan.meterIntervalSec) };
  const spec = plan.scenario?.chargePoint;
  if (!spec) return { config };
  return {
    identity: {
      ...(spec.vendor && { vendor: spec.vendor }),
      ...(spec.model && { model: spec.model }),
      ...(spec.firmwareVersion && { firmwareVersion: spec.firmwareVersion }),
    },
    connectors: spec.connectors,
    config: {
      ...config,
      ...Object.fromEntries(Object.entries(spec.config ?? {}).map(([k, v]) => [k, String(v)])),
    },
    meterStartWh: spec.meterStart,
    defaultPowerW: spec.power === undefined ? undefined : parsePower(spec.power),
  };
}

function workloadOf(
  plan: LoadPlan,
  part: EnginePart,
  metrics: Metrics,
  clock: SimClock,
  fleet: Fleet,
): Workload {
  if (plan.scenario)
    return new ScenarioWorkload({
      first: part.first,
      count: part.count,
      scenario: plan.scenario,
      iterations: plan.iterations,
      id: idTemplate(plan.idTemplate),
      clock,
      scheduler: defaultScheduler,
      metrics,
      signal: fleet.signal,
      row: versionRow(plan.ocpp),
    });
  if (plan.workload === "idle") return idleWorkload;
  const random = new FleetRandom(plan.seed, part.first, part.count);
  return new ChargingWorkload({
    first: part.first,
    count: part.count,
    idTag: idTagChooser(plan.idTagTemplate, plan.idTags, random),
    sessionMs: plan.sessionMs,
    pauseMs: plan.pauseMs,
    random,
    clock,
    scheduler: defaultScheduler,
    metrics,
  });
}
