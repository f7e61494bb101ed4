// Many waits on one AbortSignal (every charge point of a load run sleeps on the fleet's signal)
// must not each add a listener to it: past ten, Node prints MaxListenersExceededWarning to the
// user. One listener fans out while anything waits, and none is left once the waits are over.
import { getEventListeners } from "node:events";
import { afterEach, beforeEach, expect, it } from "vitest";
import { Inbox } from "../../src/scenario/inbox.ts";
import { Scheduler } from "../../src/util/scheduler.ts";

let warnings: string[] = [];
const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
beforeEach(() => {
  warnings = [];
  process.on("warning", onWarning);
});
afterEach(() => {
  process.off("warning", onWarning);
});
const listeners = (signal: AbortSignal) => getEventListeners(signal, "abort").length;
/** Node emits warnings on the next tick. */
const tick = () => new Promise<void>((r) => setImmediate(r));

it("50 sleeps on one signal: one listener, no warning, none left after; an abort ends them all", async () => {
  const s = new Scheduler();
  const stop = new AbortController();
  const short = Array.from({ length: 50 }, () => s.sleep(5, stop.signal));
  expect(listeners(stop.signal)).toBe(1);
  await Promise.all(short);
  expect(listeners(stop.signal)).toBe(0);
  const long = Array.from({ length: 50 }, () => s.sleep(60_000, stop.signal));
  stop.abort();
  const ended = await Promise.allSettled(long);
  expect(ended.every((r) => r.status === "rejected" && r.reason.message === "interrupted")).toBe(true);
  expect(s.size).toBe(0);
  await tick();
  expect(warnings.filter((w) => w.includes("MaxListenersExceeded"))).toEqual([]);
});

it("an expectCall that times out leaves no listener on the run's signal", async () => {
  const inbox = new Inbox({}, new Scheduler());
  const signal = new AbortController().signal;
  const waits = Array.from({ length: 12 }, () =>
    inbox.expect("Reset", { withinMs: 5, signal }).catch((e: Error) => e.message),
  );
  expect(await Promise.all(waits)).toEqual(
    Array(12).fill("no Reset came from the central system within 0.005s"),
  );
  expect(listeners(signal)).toBe(0);
  await tick();
  expect(warnings).toEqual([]);
});

it("a wait on a signal that has already aborted ends at once", async () => {
  const s = new Scheduler();
  const inbox = new Inbox({}, s);
  const signal = AbortSignal.abort();
  await expect(inbox.expect("Reset", { withinMs: 60_000, signal })).rejects.toThrow("interrupted");
  expect(s.size).toBe(0);
});
