import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { pick } from "../scenario/expect.ts";
import { escapeTemplates } from "../scenario/templates.ts";
import { replayCommand, type SessionTarget } from "./replay.ts";

export type RecordedStep = string | Record<string, unknown>;

/**
 * Writes what was done by hand as a scenario `cpsim run` replays. Pauses of a second or more
 * become `wait` steps, so periodic messages (heartbeats, meter values) come out alike.
 */
export class Recorder {
  private readonly steps: RecordedStep[] = [];
  private last = Date.now();

  constructor(
    readonly file: string,
    private readonly chargePoint: { id: string; connectors: number },
    /** --respond, kept so the replay answers the central system as the session did. */
    private readonly respond: Record<string, string | Record<string, unknown>> | undefined,
    /** Where the session went, so the replay goes there too. */
    private readonly target: SessionTarget,
  ) {}

  /** The command line that replays the recording, as the header and the console give it. */
  get replay(): { command: string; needsPassword: boolean } {
    return replayCommand(this.file, this.target);
  }

  get count(): number {
    return this.steps.length;
  }

  add(step: RecordedStep): void {
    const now = Date.now();
    const gap = Math.round((now - this.last) / 1000);
    if (gap >= 1 && this.steps.length > 0) this.steps.push({ wait: `${gap}s` });
    // What was typed by hand is literal: a `${` in it must not become a template on replay.
    this.steps.push(escapeTemplates(step));
    this.last = now;
  }

  toYaml(): string {
    const doc = {
      version: 1,
      name: `Recorded session of ${this.chargePoint.id}`,
      description: `Recorded with cpsim interactive on ${new Date().toISOString()}`,
      chargePoint: this.chargePoint,
      ...(this.respond && { respond: escapeTemplates(this.respond) }),
      steps: this.steps,
    };
    const { command, needsPassword } = this.replay;
    const password = needsPassword
      ? "# The central system wants a password: set CPSIM_PASSWORD first (it is never recorded).\n"
      : "";
    return `# Replay with: ${command}\n${password}${stringify(doc, { lineWidth: 0 })}`;
  }

  save(): void {
    writeFileSync(this.file, this.toYaml());
  }
}

/**
 * The `expect` of a recorded step that drives the model: the neutral `status` it answered (see
 * src/scenario/answer.ts), so the replay checks the central system answers alike on any version;
 * left out where the step expects that status anyway (Accepted for authorize and startTransaction).
 */
export function expectStatus(
  status: string | undefined,
  byDefault?: string,
): { expect?: { status: string } } {
  return status === undefined || status === byDefault ? {} : { expect: { status } };
}

/** Where an OCPP action's own answer carries its verdict, whichever version's action it is. */
const STATUS_PATHS = ["status", "idTagInfo.status", "idTokenInfo.status"] as const;

/**
 * The `expect` of a recorded `send`: it answers with the action's own payload (the action is the
 * version's, and so are its fields), so every status found in it is checked where it stands.
 */
export function expectPayload(answer: unknown): { expect?: Record<string, string> } {
  const expect: Record<string, string> = {};
  for (const path of STATUS_PATHS) {
    const value = pick(answer, path);
    if (typeof value === "string") expect[path] = value;
  }
  return Object.keys(expect).length > 0 ? { expect } : {};
}
