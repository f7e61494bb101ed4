import type { Io } from "../cli/io.ts";

/**
 * The log above the prompt. Lines that arrive while the main menu waits interrupt it (it is
 * redrawn below them); while a question is being answered they wait, so typing is never lost.
 */
export class Screen {
  private menu: AbortController | undefined;
  private busy = false;
  private readonly pending: string[] = [];

  constructor(private readonly io: Io) {}

  log(line: string): void {
    if (this.menu) {
      this.pending.push(line);
      this.menu.abort();
    } else if (this.busy) this.pending.push(line);
    else this.io.stdout.write(`${line}\n`);
  }

  /** Asks a question that log lines must not interrupt. */
  async ask<T>(question: () => Promise<T>): Promise<T> {
    this.flush();
    this.busy = true;
    try {
      return await question();
    } finally {
      this.busy = false;
      this.flush();
    }
  }

  /** Shows the menu; resolves undefined when a log line (or `interrupt`) cut it short. */
  async menuPrompt<T>(show: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    this.flush();
    const controller = new AbortController();
    this.menu = controller;
    try {
      return await show(controller.signal);
    } catch (err) {
      if (controller.signal.aborted && (err as Error).name === "AbortPromptError") return undefined;
      throw err;
    } finally {
      this.menu = undefined;
      this.flush();
    }
  }

  /** Interrupts the menu so the loop can attend to something (a call to answer by hand). */
  interrupt(): void {
    this.menu?.abort();
  }

  private flush(): void {
    if (this.pending.length > 0) this.io.stdout.write(`${this.pending.splice(0).join("\n")}\n`);
  }
}
