// The JSON report of `cpsim load`: the contract between the load engine, the HTML report and the
// merging of shard reports (issue 13). Extending it is fine; renaming a field is not. Its JSON
// Schema is load-report.schema.json next to this file.

export interface LoadReport {
  tool: "cpsim";
  kind: "load";
  /** cpsim version */
  version: string;
  /** ISO times */
  startedAt: string;
  endedAt: string;
  durationMs: number;
  /** Thresholds and the default rules (some charge point booted, no worker died). */
  passed: boolean;
  /** One sentence: why it passed or failed. */
  verdict: string;
  options: LoadOptionsReport;
  fleet: {
    /** Charge points requested. */
    target: number;
    connected: number;
    /** Charge points whose boot was accepted at least once. */
    booted: number;
    connectedPeak: number;
    connectionsFailed: number;
    disconnects: number;
    reconnects: number;
    boots: { Accepted: number; Pending: number; Rejected: number };
    /** Ms from the start until every charge point was booted (absent if never). */
    bootedAll?: number;
  };
  transactions: { started: number; stopped: number; refused: number };
  /** sent/received: OCPP messages (frames) each way; perSecond: calls answered or failed per second. */
  messages: { sent: number; received: number; perSecondAvg: number; perSecondPeak: number };
  /** Key: the OCPP action, both directions. */
  actions: Record<string, ActionMetrics>;
  errors: { total: number /** errors / calls, 0..1 */; rate: number; byKind: Record<string, number> };
  /** One point per bucket of timelineBucketMs (1 s, doubled for long runs: at most ~600 points). */
  timeline: TimelinePoint[];
  /** Width of the timeline's buckets, ms; they are aligned on startedAt. */
  timelineBucketMs: number;
  /** --shard: which part of which run this report is; what `cpsim report merge` checks and adds up. */
  shard?: ShardReport;
  /** `cpsim report merge`: the shard reports the figures were added up from. */
  merged?: { shards: number; files: string[]; missing: number[] };
  thresholds: ThresholdResult[];
  workersFailed?: { worker: number; chargePoints: string; reason: string }[];
  /** --scenario: runs of its steps, those that ended at a failed step, failures by "step (line n)". */
  scenario?: { iterations: number; iterationsFailed: number; stepFailures: Record<string, number> };
}

export interface LoadOptionsReport {
  count: number;
  ocpp: string;
  transport: "json" | "soap";
  /** Without userinfo. */
  url: string;
  workload: string;
  scenario?: string;
  seed: number;
  workers: number;
  ramp?: string;
  stages?: string;
  duration?: string;
  /** --shard: "i/n". */
  shard?: string;
  /** --start-at, ISO. */
  startAt?: string;
}

export interface ShardReport {
  /** 0-based. */
  index: number;
  count: number;
  /** First and last charge point id of the shard. */
  chargePoints: string;
  /** --start-at (the shared start: startedAt is the same), or absent when each shard began on its own. */
  startAt?: string;
  /** How long after --start-at this shard began (it joined the schedule where it stood). */
  lateMs: number;
  /** sha256 of settings: the same in every shard of one run. */
  fingerprint: string;
  /** The settings that must match across shards (option name without dashes → value). */
  settings: Record<string, string | number | boolean | null>;
}

export interface ActionErrors {
  timeout: number;
  /** By CALLERROR code (SOAP Faults by the OCPP code they carry). */
  callError: Record<string, number>;
  rejected: number;
  invalid: number;
  connectionLost: number;
}

export interface ActionMetrics {
  direction: "cp->cs" | "cs->cp";
  /** Calls completed (answered or failed). */
  count: number;
  errors: ActionErrors;
  latencyMs: { min: number; p50: number; p90: number; p95: number; p99: number; max: number; mean: number };
  /** The HDR histogram of latencies in microseconds, hdr-histogram-js encodeIntoCompressedBase64. */
  histogram: string;
}

export interface TimelinePoint {
  /** Ms since the start (end of the interval). */
  t: number;
  connected: number;
  booted: number;
  activeTransactions: number;
  messagesPerSec: number;
  errors: number;
  /** Per action, over this interval. */
  p95Ms: Record<string, number>;
}

export interface ThresholdResult {
  expression: string;
  metric: string;
  op: string;
  limit: number;
  measured: number | null;
  unit: string;
  passed: boolean;
}
