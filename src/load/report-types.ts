// The `cpsim load` JSON report: the contract between the load engine and the HTML report
// (/work/notes/load-report.md). Extending the shape is fine; renaming fields is not.

export interface LoadReport {
  tool: "cpsim";
  kind: "load";
  version: string; // cpsim version
  startedAt: string;
  endedAt: string;
  durationMs: number; // ISO times
  passed: boolean; // thresholds + the default "nobody could call it a pass" rules
  verdict: string; // one sentence: why it passed/failed
  options: {
    count: number;
    ocpp: string;
    transport: "json" | "soap";
    url: string /* redacted, no userinfo */;
    workload: string;
    scenario?: string;
    seed: number;
    workers: number;
    ramp?: string;
    stages?: string;
    duration?: string;
  };
  fleet: {
    target: number; // charge points requested
    connected: number;
    connectedPeak: number;
    connectionsFailed: number;
    disconnects: number;
    reconnects: number;
    boots: { Accepted: number; Pending: number; Rejected: number };
    bootedAll?: number; // ms from start until every charge point was booted (absent if never)
  };
  transactions: { started: number; stopped: number; refused: number };
  messages: { sent: number; received: number; perSecondAvg: number; perSecondPeak: number };
  actions: Record<string, ActionMetrics>; // key: OCPP action, both directions ("BootNotification", "RemoteStartTransaction", ...)
  errors: { total: number; rate: number /* errors / calls, 0..1 */; byKind: Record<string, number> };
  timeline: TimelinePoint[]; // one point per interval (1 s, coarsened so that there are at most ~600 points)
  thresholds: ThresholdResult[];
  workersFailed?: { worker: number; chargePoints: string; reason: string }[];
}

export interface ActionMetrics {
  direction: "cp->cs" | "cs->cp";
  count: number; // calls completed (answered or failed)
  errors: {
    timeout: number;
    callError: Record<string, number> /* by CALLERROR code */;
    rejected: number;
    invalid: number;
    connectionLost: number;
  };
  latencyMs: { min: number; p50: number; p90: number; p95: number; p99: number; max: number; mean: number };
  histogram: string; // the HDR histogram, losslessly encoded (hdr-histogram-js encodeIntoCompressedBase64), microseconds
}

export interface TimelinePoint {
  t: number; // ms since start
  connected: number;
  booted: number;
  activeTransactions: number;
  messagesPerSec: number;
  errors: number;
  p95Ms: Record<string, number>; // per action, over this interval
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
