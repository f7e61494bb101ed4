import { describe, expect, it } from "vitest";
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
});
