import type { MessageReport, RunReport, StepReport } from "../../src/report/model.ts";

// Run reports built inline, as the runner would return them: the connect step has index -1 and no line.

export function step(
  index: number,
  status: StepReport["status"],
  more: Partial<StepReport> = {},
): StepReport {
  const connect = index === -1;
  return {
    index,
    label: connect ? "connect" : `step ${index + 1}`,
    type: connect ? "connect" : "authorize",
    ...(connect ? {} : { line: 10 + index * 3 }),
    status,
    durationMs: status === "skipped" ? 0 : 120,
    ...more,
  };
}

export function message(i: number): MessageReport {
  return {
    cp: "CP-1",
    dir: i % 2 ? "in" : "out",
    kind: i % 2 ? "result" : "call",
    id: String(i),
    action: "Heartbeat",
    payload: {},
    at: `2024-05-01T10:00:${String(i % 60).padStart(2, "0")}.000Z`,
    ...(i % 2 ? { latencyMs: 12.4 } : {}),
  };
}

export function report(steps: StepReport[], more: Partial<RunReport> = {}): RunReport {
  const n = (s: StepReport["status"]) => steps.filter((x) => x.status === s).length;
  const problems = more.problems ?? [];
  return {
    tool: { name: "cpsim", version: "0.1.0" },
    scenario: { name: "Basic session", file: "scenarios/basic.yaml" },
    target: { url: "ws://127.0.0.1:9000/ocpp", embedded: true, ocpp: "1.6-J" },
    chargePoint: "CP-1",
    chargePoints: ["CP-1"],
    startedAt: "2024-05-01T10:00:00.123Z",
    durationMs: 1234,
    passed: n("failed") === 0 && problems.length === 0,
    counts: {
      steps: steps.length,
      passed: n("passed"),
      failed: n("failed"),
      skipped: n("skipped"),
      messages: 0,
    },
    steps,
    messages: [],
    problems,
    ...more,
  };
}

export const passing = () => report([step(-1, "passed"), step(0, "passed"), step(1, "passed")]);
export const failing = () =>
  report([
    step(-1, "passed"),
    step(0, "failed", {
      error: 'expected idTagInfo.status to be "Accepted", got "Blocked"',
      response: { a: 1 },
    }),
    step(1, "skipped"),
  ]);
