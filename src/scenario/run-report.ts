import type { DisconnectionReport, MessageReport, RunReport, StepReport } from "../report/model.ts";
import { VERSION } from "../version.ts";
import type { Scenario } from "./model.ts";

/** What a finished run gathered, as the report the reporters print. */
export interface RunRecord {
  scenario: Scenario;
  target: RunReport["target"];
  /** The charge points' identities, in scenario order. */
  ids: string[];
  /** Date.now() when the run began. */
  started: number;
  failed: boolean;
  steps: StepReport[];
  messages: MessageReport[];
  problems: string[];
  disconnections: DisconnectionReport[];
}

export function buildReport(run: RunRecord): RunReport {
  const { scenario, ids, steps, messages, problems, disconnections } = run;
  const count = (s: StepReport["status"]) => steps.filter((r) => r.status === s).length;
  return {
    tool: { name: "cpsim", version: VERSION },
    scenario: { name: scenario.name, file: scenario.file, description: scenario.description },
    target: run.target,
    chargePoint: ids[0]!,
    chargePoints: ids,
    startedAt: new Date(run.started).toISOString(),
    durationMs: Date.now() - run.started,
    passed: !run.failed && problems.length === 0,
    counts: {
      steps: steps.length,
      passed: count("passed"),
      failed: count("failed"),
      skipped: count("skipped"),
      messages: messages.length,
    },
    steps,
    messages,
    problems,
    ...(disconnections.length > 0 && { disconnections }),
  };
}
