import { describe, expect, it, vi } from "vitest";
import { Scheduler } from "../../src/util/scheduler.ts";

describe("Scheduler", () => {
  it("runs entries in due order, ties in insertion order", async () => {
    const s = new Scheduler();
    const order: string[] = [];
    const done = new Promise<void>((resolve) => {
      s.after(20, () => order.push("c"));
      s.after(5, () => order.push("a"));
      s.after(5, () => order.push("b"));
      s.after(30, () => resolve());
    });
    await done;
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("never runs a cancelled entry and forgets it", async () => {
    const s = new Scheduler();
    let ran = false;
    const t = s.after(5, () => {
      ran = true;
    });
    expect(s.size).toBe(1);
    t.cancel();
    t.cancel();
    expect(s.size).toBe(0);
    await new Promise<void>((resolve) => s.after(15, resolve));
    expect(ran).toBe(false);
  });

  it("lets an entry schedule the next one (periodic timers)", async () => {
    const s = new Scheduler();
    let n = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        if (++n === 3) resolve();
        else s.after(1, tick);
      };
      s.after(1, tick);
    });
    expect(n).toBe(3);
    expect(s.size).toBe(0);
  });

  it("keeps a periodic chain's rhythm when an entry runs late, and skips rather than bursts when far behind", () => {
    const now = { t: 0 };
    const s = new Scheduler(() => now.t);
    const first = s.after(100, () => {});
    expect(first.due).toBe(100);
    // Run 30 ms late: the next one is due a period after the first was due, not after it ran.
    now.t = 130;
    expect(s.afterPrevious(first, 100, () => {}).due).toBe(200);
    // Two periods and more behind: once now, then on from there.
    now.t = 450;
    const late = s.afterPrevious(first, 100, () => {});
    expect(late.due).toBe(450);
    expect(s.afterPrevious(late, 100, () => {}).due).toBe(550);
  });
});

describe("Scheduler under churn", () => {
  it("drops cancelled entries early and still runs the rest in order", async () => {
    const s = new Scheduler();
    const ran: number[] = [];
    const entries = Array.from({ length: 3000 }, (_, i) => s.after(10 + (i % 7), () => ran.push(i)));
    entries.forEach((e, i) => {
      if (i % 10 !== 0) e.cancel();
    });
    expect(s.size).toBe(300);
    await new Promise<void>((resolve) => s.after(30, resolve));
    expect(ran.length).toBe(300);
    expect(ran.every((i) => i % 10 === 0)).toBe(true);
    const dues = ran.map((i) => entries[i]!.due);
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });

  it("arms no Node timer past 2^31-1 ms, which Node would fire at once, every millisecond", () => {
    let now = 0;
    const s = new Scheduler(() => now);
    const arm = vi.spyOn(globalThis, "setTimeout");
    try {
      let ran = false;
      const far = s.after(30 * 86_400_000, () => {
        ran = true;
      });
      expect(arm.mock.calls.at(-1)![1]).toBe(2 ** 31 - 1);
      // When the capped timer fires early, nothing is due: the entry waits on, re-armed for the rest.
      now = 2 ** 31 - 1;
      (arm.mock.calls.at(-1)![0] as () => void)();
      expect(ran).toBe(false);
      expect(arm.mock.calls.at(-1)![1]).toBe(30 * 86_400_000 - (2 ** 31 - 1));
      far.cancel();
    } finally {
      arm.mockRestore();
    }
  });
});
