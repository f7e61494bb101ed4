// Automatic reconnection on the model alone: the back-off schedule of the RetryBackOff* keys on an
// injected scheduler (entries are fired by hand, nothing sleeps), what follows a reconnection, and
// what never triggers one.
import { describe, expect, it, vi } from "vitest";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import type { ChargePointEvent } from "../../src/chargepoint/events.ts";
import { OcppError } from "../../src/ocpp/errors.ts";
import type { CallOptions } from "../../src/ocpp/neutral.ts";
import { ConnectError, ConnectionClosedError } from "../../src/transport/errors.ts";
import { SimClock } from "../../src/util/clock.ts";
import { type Scheduled, Scheduler } from "../../src/util/scheduler.ts";
import { Inbox } from "../integration/helpers.ts";
import type { StartRequest } from "./recording-link.ts";
import { RecordingLink } from "./recording-link.ts";

/** Records what is scheduled and runs it only when the test says so. */
class ManualScheduler extends Scheduler {
  readonly entries: { delayMs: number; fn: () => void; cancelled: boolean }[] = [];
  override after(delayMs: number, fn: () => void): Scheduled {
    const e = { delayMs, fn, cancelled: false, due: delayMs, cancel: () => (e.cancelled = true) };
    this.entries.push(e);
    return e;
  }
  /** Runs the latest live entry and returns its delay. */
  fireLatest(): number {
    const e = this.entries.findLast((x) => !x.cancelled)!;
    e.cancelled = true;
    e.fn();
    return e.delayMs;
  }
  get pendingCount(): number {
    return this.entries.filter((e) => !e.cancelled).length;
  }
}

function setup(opts: { config?: Record<string, string>; bootStatus?: "Pending" } = {}) {
  const scheduler = new ManualScheduler();
  const events = new Inbox<ChargePointEvent>();
  const all: ChargePointEvent[] = [];
  let drop: (() => void) | undefined;
  let refusals = 0;
  const links: RecordingLink[] = [];
  const cp = new ChargePoint({
    id: "CP1",
    statusOnBoot: false,
    clock: new SimClock(1),
    scheduler,
    random: () => 0.5,
    config: {
      HeartbeatInterval: "0",
      MeterValueSampleInterval: "0",
      RetryBackOffWaitMinimum: "10",
      RetryBackOffRandomRange: "10",
      RetryBackOffRepeatTimes: "2",
      ...opts.config,
    },
    dial: async (_id, _commands, onClose) => {
      if (refusals > 0) {
        refusals--;
        throw new ConnectError("connection refused, nothing is listening there");
      }
      const link = new RecordingLink();
      if (opts.bootStatus) link.bootAnswers = [opts.bootStatus];
      links.push(link);
      drop = () => onClose(1006, "");
      return link;
    },
    events: (e) => {
      all.push(e);
      if (e.type !== "status") events.push(e);
    },
  });
  return {
    cp,
    scheduler,
    events,
    all,
    links,
    drop: () => drop!(),
    refuse: (n: number) => {
      refusals = n;
    },
  };
}

/** The next event of a type, skipping others. */
async function next<T extends ChargePointEvent["type"]>(
  events: Inbox<ChargePointEvent>,
  type: T,
): Promise<Extract<ChargePointEvent, { type: T }>> {
  for (;;) {
    const e = await events.next();
    if (e.type === type) return e as Extract<ChargePointEvent, { type: T }>;
  }
}

describe("automatic reconnection", () => {
  it("waits RetryBackOffWaitMinimum plus jitter, doubles after each failed attempt RetryBackOffRepeatTimes times, then holds", async () => {
    const t = setup();
    await t.cp.connect();
    await t.cp.boot();
    t.refuse(4);
    t.drop();
    expect(await next(t.events, "disconnected")).toMatchObject({ code: 1006 });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const e = await next(t.events, "reconnecting");
      expect(e.attempt).toBe(attempt);
      if (attempt > 1) expect(e.error).toMatch(/connection refused/);
      // One entry on the shared scheduler per charge point, with the delay the event announced.
      expect(t.scheduler.pendingCount).toBe(1);
      expect(t.scheduler.fireLatest()).toBe(e.delayMs);
      delays.push(e.delayMs);
    }
    // 10 s × 2^min(n-1, 2) + 0.5 × 10 s.
    expect(delays).toEqual([15_000, 25_000, 45_000, 45_000, 45_000]);
    expect(await next(t.events, "reconnected")).toMatchObject({ attempts: 5 });
    expect(t.cp.connected).toBe(true);
    expect(t.cp.reconnecting).toBe(false);
  });

  it("starts the schedule over once a connection held, and sends no BootNotification after a mere drop", async () => {
    const t = setup();
    await t.cp.connect();
    await t.cp.boot();
    await t.cp.plugIn(1);
    t.drop();
    await t.cp.unplug(1);
    t.refuse(1);
    expect((await next(t.events, "reconnecting")).attempt).toBe(1);
    t.scheduler.fireLatest();
    expect((await next(t.events, "reconnecting")).attempt).toBe(2);
    t.scheduler.fireLatest();
    await next(t.events, "reconnected");
    const after = t.links[1]!;
    // Only the status that changed offline; the charge point did not reboot.
    await after.waitFor("StatusNotification");
    expect(after.actions()).toEqual(["StatusNotification"]);
    t.drop();
    expect((await next(t.events, "reconnecting")).delayMs).toBe(15_000);
  });

  it("boots again after a drop when the boot was never accepted", async () => {
    const t = setup({ bootStatus: "Pending" });
    await t.cp.connect();
    await expect(t.cp.boot({ maxAttempts: 1 })).rejects.toThrow(/Pending/);
    t.drop();
    t.scheduler.fireLatest();
    await vi.waitUntil(() => t.links.length === 2);
    await t.links[1]!.waitFor("BootNotification");
  });

  it("never reconnects after disconnect() or shutdown(), and a step's transaction message waits for the attempt", async () => {
    const t = setup();
    await t.cp.connect();
    await t.cp.boot();
    await t.cp.disconnect();
    t.cp.shutdown();
    expect(t.all.some((e) => e.type === "reconnecting" || e.type === "disconnected")).toBe(false);
    expect(t.scheduler.pendingCount).toBe(0);

    const u = setup();
    await u.cp.connect();
    await u.cp.boot();
    u.drop();
    // Sent while the charge point reconnects: the answer comes once the attempt succeeds.
    const start = u.cp.startTransaction(1, "TAG");
    await next(u.events, "reconnecting");
    u.scheduler.fireLatest();
    const answer = await start;
    expect(answer).toMatchObject({ transactionId: 100 });
    expect(u.links[1]!.actions()).toContain("StartTransaction");
  });

  it("lets a step's transaction message go on queued when the attempt fails", async () => {
    const t = setup();
    await t.cp.connect();
    await t.cp.boot();
    t.drop();
    t.refuse(1);
    const start = t.cp.startTransaction(1, "TAG");
    await vi.waitUntil(() => t.cp.transactionMessages.size === 1);
    t.scheduler.fireLatest();
    expect(await start).toEqual({ queued: true });
  });

  it("reconnectLater() rides out a central system that is down at the first connect", async () => {
    const t = setup();
    t.refuse(1);
    await expect(t.cp.connect()).rejects.toThrow(/connection refused/);
    t.cp.reconnectLater();
    expect((await next(t.events, "reconnecting")).attempt).toBe(1);
    t.scheduler.fireLatest();
    expect(await next(t.events, "reconnected")).toMatchObject({ attempts: 1 });
    expect(t.cp.connected).toBe(true);
  });

  it("sends a StartTransaction again under the id of an attempt that may have arrived, and under a new one after a CALLERROR", async () => {
    // Each attempt fails in turn: written then cut, never written, answered with a CALLERROR; then answered.
    const failures = [
      new ConnectionClosedError("StartTransaction", "code 1006", "id-1"),
      new ConnectionClosedError("StartTransaction", "code 1006"),
      new OcppError("InternalError", "StartTransaction was answered with CALLERROR InternalError", {}, true),
    ];
    const ids: (string | undefined)[] = [];
    class Flaky extends RecordingLink {
      override async startTransaction(r: StartRequest, how?: CallOptions) {
        ids.push(how?.messageId);
        const failure = failures.shift();
        if (failure) throw failure;
        return super.startTransaction(r);
      }
    }
    const cp = new ChargePoint({
      id: "CP1",
      statusOnBoot: false,
      clock: new SimClock(1000),
      config: {
        MeterValueSampleInterval: "0",
        TransactionMessageRetryInterval: "1",
        TransactionMessageAttempts: "5",
      },
      dial: async () => new Flaky(),
    });
    await cp.connect();
    await cp.boot();
    await cp.startTransaction(1, "TAG");
    // The link did not go away, so each failure counts as an attempt and the queue retries on its timer.
    await vi.waitUntil(() => ids.length === 4, { timeout: 5000 });
    expect(ids).toEqual([undefined, "id-1", "id-1", undefined]);
    cp.shutdown();
  });
});
