// What makes shards parts of one run: every setting that changes what a charge point does or how
// the figures are judged. A shard report carries them (to name a difference) and their hash (to
// compare at a glance); `cpsim report merge` refuses shards whose settings differ. The URL, the
// workers and the source addresses may differ between shards: they do not change the fleet.
import { createHash } from "node:crypto";
import type { Scenario } from "../scenario/model.ts";
import { formatDuration } from "../util/duration.ts";
import { VERSION } from "../version.ts";
import type { LoadPlan } from "./plan.ts";

export type RunSettings = Record<string, string | number | boolean | null>;

/** How a setting is named in a message, when it is not --<key>. */
export const SETTING_NAMES: ReadonlyMap<string, string> = new Map([
  ["version", "the cpsim version"],
  ["scenario", "the scenario's content (sha256)"],
  ["thresholds", "the thresholds"],
  ["faults", "the --fault rates"],
]);

export function runSettings(plan: LoadPlan): RunSettings {
  const ms = (v: number | undefined) => (v === undefined ? null : formatDuration(v));
  return {
    version: VERSION,
    ocpp: plan.ocpp,
    transport: plan.transport,
    count: plan.count,
    shards: plan.shard?.count ?? 1,
    seed: plan.seed,
    "start-at": plan.startAt === undefined ? null : new Date(plan.startAt).toISOString(),
    workload: plan.scenario ? "scenario" : plan.workload,
    scenario: plan.scenario ? scenarioHash(plan.scenario) : null,
    iterations: plan.iterations ?? null,
    "id-template": plan.idTemplate,
    "id-tag": plan.idTagTemplate,
    session: plan.sessionMs.map(formatDuration).join("-"),
    pause: plan.pauseMs.map(formatDuration).join("-"),
    "meter-interval": plan.meterIntervalSec,
    "heartbeat-interval": plan.heartbeatSec,
    duration: ms(plan.durationMs),
    ramp: plan.rampRate ?? null,
    stages: plan.stages
      ? plan.stages.map((s) => `${formatDuration(s.durationMs)}:${s.target}`).join(",")
      : null,
    "max-connecting": plan.maxConnecting,
    "time-scale": plan.timeScale,
    "call-timeout": ms(plan.callTimeoutMs),
    thresholds: JSON.stringify(plan.thresholds.map((t) => t.expression)),
    faults: plan.faults ? JSON.stringify(plan.faults) : null,
  };
}

/** sha256 of the settings in a fixed key order. */
export function fingerprint(settings: RunSettings): string {
  const keys = Object.keys(settings).sort();
  return createHash("sha256")
    .update(JSON.stringify(keys.map((k) => [k, settings[k]])))
    .digest("hex");
}

/** The scenario as parsed (variables filled in), whatever file it was read from. */
function scenarioHash(scenario: Scenario): string {
  const { file: _file, ...rest } = scenario;
  const text = JSON.stringify(rest, (_k, v) => {
    if (v instanceof Map) return [...v];
    if (v instanceof Set) return [...v];
    if (v instanceof RegExp) return String(v);
    if (typeof v === "function") return "function";
    return v;
  });
  return createHash("sha256").update(text).digest("hex");
}
