import type { FaultRates } from "../faults/injector.ts";
// A load run's settings, all checked before anything connects.
import type { OcppVersion } from "../ocpp/versions.ts";
import type { Scenario } from "../scenario/model.ts";
import type { TlsOptions } from "../transport/json/connect.ts";
import type { CallbackListen } from "../transport/soap/callback-host.ts";
import type { Shard } from "./shard.ts";
import type { Stage } from "./stages.ts";
import type { Threshold } from "./thresholds.ts";

export interface LoadPlan {
  /** Charge points of the whole run (all shards). */
  count: number;
  /** --shard: this process runs that part of the fleet; absent: all of it. */
  shard?: Shard;
  /** --start-at (epoch ms): the shared start of the run's clock; absent: when this process is ready. */
  startAt?: number;
  /** Absent: the embedded central system, in a process of its own. */
  url?: string;
  ocpp: OcppVersion;
  transport: "json" | "soap";
  callback: CallbackListen;
  password?: string;
  tls: TlsOptions;
  callTimeoutMs: number;
  workload: "idle" | "charging";
  /** --scenario: every charge point runs it (checked before anything connects). */
  scenario?: Scenario;
  /** Runs of the scenario per charge point; undefined: until the end. */
  iterations?: number;
  /** Simulated ms, [min, max]. */
  sessionMs: [number, number];
  pauseMs: [number, number];
  meterIntervalSec: number;
  /** Heartbeat interval the embedded central system gives (seconds). */
  heartbeatSec: number;
  durationMs?: number;
  rampRate?: number;
  ramp?: string;
  stages?: Stage[];
  stagesText?: string;
  maxConnecting: number;
  seed: number;
  idTemplate: string;
  idTagTemplate: string;
  /** --id-tags: each session draws its idTag from this list instead of the template. */
  idTags?: string[];
  thresholds: Threshold[];
  timeScale: number;
  localAddresses?: string[];
  /** Worker processes holding the charge points; 1: this process holds them. */
  workers: number;
  /** Interval of the timeline and of the live view's rates, ms. */
  intervalMs: number;
  /** --fault: faults drawn at random (from a stream of the seed) for every outgoing message. */
  faults?: FaultRates;
}
