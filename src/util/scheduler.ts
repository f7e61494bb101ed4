// One timer heap for the whole process. Ten thousand charge points each with a heartbeat,
// a meter sampler and a call timeout would otherwise own thirty thousand Node timers; here
// they share a single setTimeout armed for the earliest due entry.

import { whenAborted } from "./abort.ts";

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface Scheduled {
  readonly due: number;
  cancel(): void;
}

class Entry implements Scheduled {
  cancelled = false;
  constructor(
    readonly due: number,
    readonly seq: number,
    public fn: (() => void) | undefined,
    private readonly owner: Scheduler,
  ) {}
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    // Release the callback (and all it captured) now, not when the entry reaches the heap's top.
    this.fn = undefined;
    this.owner.dropped();
  }
}

export class Scheduler {
  private readonly heap: Entry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Number.POSITIVE_INFINITY;
  private seq = 0;
  private live = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Runs fn after delayMs of real time. */
  after(delayMs: number, fn: () => void): Scheduled {
    const entry = new Entry(this.now() + Math.max(0, delayMs), this.seq++, fn, this);
    this.live++;
    this.push(entry);
    if (entry.due < this.armedFor) this.arm(entry.due);
    return entry;
  }

  /**
   * Runs fn delayMs after `previous` was due, not after it ran: a periodic chain keeps its rhythm
   * when an entry runs late on a busy machine. One that fell behind by more than a period runs at
   * once and goes on from now, rather than catching up in a burst.
   */
  afterPrevious(previous: Scheduled, delayMs: number, fn: () => void): Scheduled {
    return this.after(Math.max(0, previous.due + delayMs - this.now()), fn);
  }

  /** Resolves after delayMs of real time; rejects with "interrupted" when the signal aborts first. */
  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new Error("interrupted"));
      const t = this.after(delayMs, () => {
        stop?.();
        resolve();
      });
      const stop =
        signal &&
        whenAborted(signal, () => {
          t.cancel();
          reject(new Error("interrupted"));
        });
    });
  }

  /** Entries not yet run or cancelled. */
  get size(): number {
    return this.live;
  }

  /** Called by an entry when it is cancelled: with nothing left, the Node timer must not keep the process alive. */
  dropped(): void {
    this.live--;
    // Cancelled entries stay in the heap until they surface; rebuild it once they are the majority.
    if (this.heap.length > 1024 && this.heap.length > 2 * this.live) this.compact();
    if (this.live === 0) {
      this.heap.length = 0;
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.armedFor = Number.POSITIVE_INFINITY;
    }
  }

  private compact(): void {
    const h = this.heap.filter((e) => !e.cancelled);
    h.sort((a, b) => (before(a, b) ? -1 : 1));
    this.heap.length = 0;
    for (const e of h) this.heap.push(e);
  }

  private arm(due: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = due;
    // Node fires a timer past 2^31-1 ms at once (and warns); a far entry is re-armed on the way.
    this.timer = setTimeout(() => this.fire(), Math.min(MAX_TIMER_MS, Math.max(0, due - this.now())));
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = this.now();
    // Entries due within the timer's 1 ms granularity run now rather than re-arming for nothing.
    while (this.heap.length > 0 && this.heap[0]!.due <= now + 1) {
      const entry = this.pop();
      if (entry.cancelled) continue;
      entry.cancelled = true;
      this.live--;
      try {
        entry.fn?.();
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
    if (this.heap.length > 0) this.arm(this.heap[0]!.due);
  }

  private push(entry: Entry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

/** The process-wide scheduler; tests and benchmarks may pass their own. */
export const defaultScheduler = new Scheduler();
