import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { escapeTemplates } from "../scenario/templates.ts";

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
    private readonly respond?: Record<string, string | Record<string, unknown>>,
  ) {}

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
    return `# Replay with: cpsim run ${this.file}\n${stringify(doc, { lineWidth: 0 })}`;
  }

  save(): void {
    writeFileSync(this.file, this.toYaml());
  }
}
