// The state folder (--state-dir): one file per charge point, so a fleet shares one folder and one
// lock. Changes are not written one by one: they mark the charge point dirty, and a batch a few
// milliseconds later writes every dirty one, then flushes the folder once.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { errorMessage, fsReason, UserError } from "../../util/errors.ts";
import { syncDir, writeFileAtomic } from "./atomic.ts";
import type { PersistenceHooks } from "./hooks.ts";
import { acquireLock } from "./lock.ts";
import { type ChargePointState, parseState } from "./state.ts";

export interface StoreOptions {
  /** How long changes gather before a batch is written. */
  batchMs?: number;
  /** A write that failed; the session goes on without it. */
  onProblem?(message: string): void;
}

/** Files written at the same time; libuv runs 4 file operations at once by default, more gain nothing. */
const WRITERS = 8;

interface Batch {
  ids: Set<string>;
  done: Promise<void>;
  resolve(): void;
}

/** Identities are printable ASCII up to 48 characters; anything a file name cannot hold is %XX. */
export function stateFileName(id: string): string {
  return `${id.replace(/[^A-Za-z0-9._-]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)}.json`;
}

export class StateStore {
  private readonly sources = new Map<string, () => ChargePointState>();
  /** Changed since the last batch began; written by `next`. */
  private next: Batch | undefined;
  /** The batch being written. */
  private writing: Batch | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly batchMs: number;

  private constructor(
    readonly dir: string,
    private readonly unlock: () => void,
    private readonly opts: StoreOptions,
  ) {
    this.batchMs = opts.batchMs ?? 20;
  }

  /** Creates the folder if needed and takes its lock; a UserError when it cannot. */
  static open(dir: string, opts: StoreOptions = {}): StateStore {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === "EEXIST" || code === "ENOTDIR" ? "it is a file, not a folder" : fsReason(err, "write");
      throw new UserError(`Cannot use --state-dir ${dir}: ${why}.`);
    }
    return new StateStore(dir, acquireLock(dir), opts);
  }

  fileOf(id: string): string {
    return join(this.dir, stateFileName(id));
  }

  /** The charge point's saved state, if it has one. A file that cannot be read is a UserError, and is left as it is. */
  load(id: string): ChargePointState | undefined {
    const file = this.fileOf(id);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw new UserError(`Cannot read the state file ${file}: ${fsReason(err)}.`);
    }
    try {
      return parseState(text, id);
    } catch (err) {
      throw corrupt(file, errorMessage(err));
    }
  }

  /** Registers a charge point; the hooks go into its options, `snapshot` is read at each write. */
  track(id: string, snapshot: () => ChargePointState): PersistenceHooks {
    this.sources.set(id, snapshot);
    return {
      changed: () => this.changed(id),
      durable: () => this.durable(id),
    };
  }

  /** Stops writing a charge point (its run is over); call flush() first to keep its last state. */
  untrack(id: string): void {
    this.sources.delete(id);
    this.next?.ids.delete(id);
  }

  /** Writes every pending change now; resolves once it is on disk. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // Another flush may have begun a batch while this one waited: wait for that too.
    while (this.writing) await this.writing.done;
    if (this.next) await this.write();
  }

  /** Writes what is pending and releases the folder's lock. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.unlock();
    }
  }

  private changed(id: string): void {
    if (!this.next) {
      let resolve!: () => void;
      const done = new Promise<void>((r) => {
        resolve = r;
      });
      this.next = { ids: new Set(), done, resolve };
      this.timer = setTimeout(() => void this.flush(), this.batchMs);
    }
    this.next.ids.add(id);
  }

  private durable(id: string): Promise<void> {
    if (this.next?.ids.has(id)) return this.next.done;
    if (this.writing?.ids.has(id)) return this.writing.done;
    return Promise.resolve();
  }

  private async write(): Promise<void> {
    const batch = this.next!;
    this.next = undefined;
    this.writing = batch;
    // Every snapshot is taken now, in one tick: what changes while the files are written goes
    // into the next batch.
    const files = [...batch.ids].flatMap((id) => {
      const snapshot = this.sources.get(id);
      return snapshot ? [[this.fileOf(id), `${JSON.stringify(snapshot())}\n`] as const] : [];
    });
    // A few files at a time: a fleet's batch must not open thousands of descriptors at once.
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const [file, text] = files[next++]!;
        await writeFileAtomic(file, text).catch((err) =>
          this.opts.onProblem?.(`cannot write the state file ${file}: ${fsReason(err, "write")}`),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITERS, files.length) }, worker));
    await syncDir(this.dir).catch(() => {});
    this.writing = undefined;
    batch.resolve();
  }
}

export function corrupt(file: string, why: string): UserError {
  return new UserError(
    `The state file ${file} cannot be used: ${why}. It was left as it is; move it away to start that charge point afresh.`,
  );
}
