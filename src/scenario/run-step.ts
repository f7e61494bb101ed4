import type { MessageReport, StepReport } from "../report/model.ts";
import { formatDuration, parseDuration } from "../util/duration.ts";
import { resolveAnswer } from "./answer.ts";
import { checkExpectations, describeFailures, pick } from "./expect.ts";
import type { Step } from "./model.ts";
import { STEPS, type StepContext } from "./steps.ts";
import { resolveCaptured } from "./templates.ts";

/**
 * Runs one scenario step on its charge point: its arguments with captured values filled in, then
 * its `expect`, `maxLatency` and `capture`. Throws what fails the step; the answer goes into the
 * report. `sentBefore` is how many of the run's messages were sent before the step began.
 */
export async function executeStep(
  step: Step,
  ctx: StepContext,
  report: StepReport,
  captured: Map<string, unknown>,
  messages: MessageReport[],
  sentBefore: number,
): Promise<void> {
  const args = resolveCaptured(step.args, captured, step.templates);
  const outcome = await STEPS[step.type](ctx, args);
  if (outcome?.response !== undefined) report.response = outcome.response;
  const expect = (args.expect as Record<string, unknown> | undefined) ?? outcome?.defaultExpect;
  const failures = expect ? checkExpectations(outcome?.response, expect) : [];
  if (failures.length > 0) throw new Error(describeFailures(failures));
  checkLatency(messages.slice(sentBefore), args.maxLatency as string | number | undefined);
  captureInto(captured, outcome?.response, args.capture as Record<string, string> | undefined);
}

/** Fails when any answer within the step took longer than maxLatency. */
function checkLatency(messages: MessageReport[], maxLatency: string | number | undefined): void {
  if (maxLatency === undefined) return;
  const limit = parseDuration(maxLatency)!;
  const slowest = messages.reduce<MessageReport | undefined>(
    (worst, m) => (m.latencyMs !== undefined && m.latencyMs > (worst?.latencyMs ?? -1) ? m : worst),
    undefined,
  );
  if (slowest && slowest.latencyMs! > limit) {
    throw new Error(
      `${slowest.action} was answered in ${formatDuration(slowest.latencyMs!)}, more than maxLatency ${formatDuration(limit)}`,
    );
  }
}

function captureInto(
  captured: Map<string, unknown>,
  response: unknown,
  capture: Record<string, string> | undefined,
): void {
  for (const [name, path] of Object.entries(capture ?? {})) {
    const value = resolveAnswer(response, path, pick);
    if (value === undefined) throw new Error(`cannot capture ${name}: the answer has no ${path}`);
    captured.set(name, value);
  }
}
