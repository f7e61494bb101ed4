// The OCPP-J fault primitives, seen from a bare WebSocket server that records every byte it
// gets: what a central system actually receives when a charge point misbehaves.
import { afterEach, describe, expect, it } from "vitest";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import { FaultInjector } from "../../src/faults/injector.ts";
import { dialerFor } from "../../src/ocpp/dial.ts";
import { type Scheduled, Scheduler } from "../../src/util/scheduler.ts";
import {
  closeChargePoint,
  expectCall,
  type RawPeer,
  startRawCsms,
  type TestChargePoint,
} from "../integration/helpers.ts";

type Raw = Awaited<ReturnType<typeof startRawCsms>>;
let csms: Raw | undefined;
let t: TestChargePoint | undefined;
afterEach(async () => {
  await closeChargePoint(t);
  await csms?.close();
  t = undefined;
  csms = undefined;
});

/** A scheduler whose delays fire when the test says so, and which tells what it was asked to wait. */
class ManualScheduler extends Scheduler {
  readonly asked: { ms: number; fire: () => void }[] = [];
  private waiting: ((ms: number) => void) | undefined;
  override after(ms: number, fn: () => void): Scheduled {
    // Call timeouts (30 s) stay real timers that never fire within a test.
    if (ms >= 30_000) return super.after(ms, fn);
    this.asked.push({ ms, fire: fn });
    this.waiting?.(ms);
    return { due: ms, cancel: () => {} };
  }
  nextDelay(): Promise<number> {
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

async function connected(scheduler?: Scheduler): Promise<{ peer: RawPeer; faults: FaultInjector }> {
  csms = await startRawCsms();
  const faults = new FaultInjector({ scheduler });
  const problems: string[] = [];
  // The injector sees each connection the charge point opens, as the scenario runner wires it.
  const factory = dialerFor({
    url: csms.url,
    version: "1.6",
    scheduler,
    onProblem: (_, m) => problems.push(m),
  });
  const cp = new ChargePoint({ id: "CP-WIRE", dial: FaultInjector.wrap(factory, () => faults) });
  t = { cp, problems, events: [] };
  const [, peer] = await Promise.all([cp.connect(), csms.nextPeer()]);
  return { peer, faults };
}

describe("OCPP-J faults at the wire", () => {
  it("a duplicate reaches the central system twice with the same message id, after the first answer", async () => {
    const { peer, faults } = await connected();
    const repeat = faults.repeatNext("Heartbeat", false);
    const beat = t!.cp.heartbeat();
    const [id] = await expectCall(peer, "Heartbeat");
    peer.send([3, id, { currentTime: "2026-01-01T00:00:00.000Z" }]);
    await beat;
    const [again] = await expectCall(peer, "Heartbeat");
    expect(again).toBe(id);
    peer.send([4, id, "GenericError", "seen before", {}]);
    expect(await repeat).toMatchObject({ kind: "error", code: "GenericError" });
    // The second answer was expected: it is not reported as a stray one.
    expect(t!.problems).toEqual([]);
  });

  it("a duplicate under a new id carries the same payload", async () => {
    const { peer, faults } = await connected();
    const repeat = faults.repeatNext("Authorize", true);
    const auth = t!.cp.authorize("TAG-1");
    const [id, payload] = await expectCall(peer, "Authorize");
    peer.send([3, id, { idTagInfo: { status: "Accepted" } }]);
    await auth;
    const [id2, payload2] = await expectCall(peer, "Authorize");
    expect(id2).not.toBe(id);
    expect(payload2).toEqual(payload);
    peer.send([3, id2, { idTagInfo: { status: "Blocked" } }]);
    expect(await repeat).toMatchObject({ kind: "result", payload: { idTagInfo: { status: "Blocked" } } });
  });

  it("a drop mid-message leaves the central system half a frame and a dead connection", async () => {
    const { peer, faults } = await connected();
    const received: string[] = [];
    peer.ws.on("message", (d) => received.push(d.toString()));
    const closed = new Promise<number>((resolve) => peer.ws.on("close", (code) => resolve(code)));
    faults.dropNext("DataTransfer");
    await expect(t!.cp.dataTransfer("cpsim", "half", "x".repeat(200))).rejects.toThrow(/connection closed/);
    // 1006: no closing handshake, the TCP connection just went away; no message was delivered.
    expect(await closed).toBe(1006);
    expect(received).toEqual([]);
    // The existing reconnect works afterwards.
    expect(t!.cp.connected).toBe(false);
    const [, peer2] = await Promise.all([t!.cp.connect(), csms!.nextPeer()]);
    const beat = t!.cp.heartbeat();
    const [id] = await expectCall(peer2, "Heartbeat");
    peer2.send([3, id, { currentTime: "2026-01-01T00:00:00.000Z" }]);
    await beat;
  });

  it("a delay holds the message back on the scheduler, and the answer path stays untouched", async () => {
    const scheduler = new ManualScheduler();
    const { peer, faults } = await connected(scheduler);
    faults.delayNext(5000, "Heartbeat");
    const asked = scheduler.nextDelay();
    const beat = t!.cp.heartbeat();
    expect(await asked).toBe(5000);
    let arrived = false;
    const call = expectCall(peer, "Heartbeat").then((c) => {
      arrived = true;
      return c;
    });
    // A message that was not delayed goes through at once, proving the wire is otherwise open.
    const status = t!.cp.setStatus(0, "Available");
    expect(arrived).toBe(false);
    scheduler.asked[0]!.fire();
    const [id] = await call;
    peer.send([3, id, { currentTime: "2026-01-01T00:00:00.000Z" }]);
    await beat;
    const [sid] = await expectCall(peer, "StatusNotification");
    peer.send([3, sid, {}]);
    await status;
  });

  it("a delay holds back the charge point's answer to a central system's call too", async () => {
    const scheduler = new ManualScheduler();
    const { peer, faults } = await connected(scheduler);
    faults.delayNext(5000, "GetConfiguration");
    const asked = scheduler.nextDelay();
    peer.send([2, "cs-1", "GetConfiguration", { key: ["HeartbeatInterval"] }]);
    expect(await asked).toBe(5000);
    scheduler.asked.at(-1)!.fire();
    expect(await peer.frames.next()).toEqual([
      3,
      "cs-1",
      { configurationKey: [expect.objectContaining({ key: "HeartbeatInterval" })] },
    ]);
  });

  it("stop reading: the central system's pings go unanswered and its writes back up until the charge point reads again", async () => {
    const { peer, faults } = await connected();
    const stop = new AbortController();
    const reading = faults.stopReading(60_000, stop.signal).catch(() => {});
    const pongs: number[] = [];
    peer.ws.on("pong", (data) => pongs.push(Number(data.toString())));
    const pong = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (pongs.includes(n) ? resolve() : peer.ws.once("pong", check));
        check();
      });
    peer.ws.ping("1");
    // Proving that something does NOT happen needs a bound: a reading charge point answers a ping
    // within milliseconds; this one is given 200 ms and must not.
    await new Promise((r) => setTimeout(r, 200));
    expect(pongs).toEqual([]);
    // 32 MB is more than the loopback socket buffers hold: the rest waits on the server's side.
    const frame = JSON.stringify([3, "nobody", { pad: "x".repeat(1 << 20) }]);
    for (let i = 0; i < 32; i++) peer.ws.send(frame);
    expect(peer.ws.bufferedAmount).toBeGreaterThan(0);
    peer.ws.ping("2");
    stop.abort();
    await reading;
    // The second pong comes once everything sent before it has been read.
    await pong(2);
    expect(pongs).toEqual([1, 2]);
    expect(peer.ws.bufferedAmount).toBe(0);
  });
});
