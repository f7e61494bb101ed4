/** The machine-readable result of a run; the JSON reporter writes it as is. */
export interface RunReport {
  tool: { name: "cpsim"; version: string };
  scenario: { name: string; file: string; description?: string };
  target: { url: string; embedded: boolean; ocpp: string };
  /** The identity of the first (or only) charge point; chargePoints lists them all. */
  chargePoint: string;
  chargePoints: string[];
  startedAt: string;
  durationMs: number;
  /** True only when every step passed and no protocol problem was seen. */
  passed: boolean;
  counts: { steps: number; passed: number; failed: number; skipped: number; messages: number };
  steps: StepReport[];
  messages: MessageReport[];
  /** Protocol problems outside any step (a malformed frame, a failed heartbeat…). */
  problems: string[];
  /** Connections the central system dropped (or that broke), expected by an expectDisconnect or not. */
  disconnections?: DisconnectionReport[];
}

export interface DisconnectionReport {
  cp: string;
  at: string;
  code: number;
  reason: string;
  /** An expectDisconnect step waited for it; an unexpected one fails the run only with onDisconnect: fail. */
  expected: boolean;
}

export type StepStatus = "passed" | "failed" | "skipped";

export interface StepReport {
  index: number;
  label: string;
  type: string;
  /** Where the step stands in the scenario file (absent for the implicit connect step). */
  line?: number;
  /** The identity of the charge point it ran on (absent for steps on none, such as wait). */
  chargePoint?: string;
  status: StepStatus;
  durationMs: number;
  error?: string;
  response?: unknown;
}

export interface MessageReport {
  cp: string;
  /** From the charge point's point of view: out = sent to the central system. */
  dir: "out" | "in";
  kind: "call" | "result" | "error";
  id: string;
  action: string;
  payload: unknown;
  latencyMs?: number;
  at: string;
}
