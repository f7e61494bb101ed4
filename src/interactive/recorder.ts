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

/** Where OCPP answers carry their verdict. */
const STATUS_PATHS = ["status", "idTagInfo.status"] as const;

/**
 * The `expect` of a recorded step: every status the central system answered, so the replay checks
 * it answers alike; left out where the step already expects that status by default (Accepted for
 * authorize and startTransaction).
 */
export function expectAnswer(
  answer: unknown,
  byDefault: Partial<Record<(typeof STATUS_PATHS)[number], string>> = {},
): { expect?: Record<string, string> } {
  const expect: Record<string, string> = {};
  for (const path of STATUS_PATHS) {
    const value = pick(answer, path);
    if (typeof value === "string" && value !== byDefault[path]) expect[path] = value;
  }
  return Object.keys(expect).length > 0 ? { expect } : {};
}
