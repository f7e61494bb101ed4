// 2.0.1 security events survive a lost connection (Part 2 A04.FR.02: queued with guaranteed
// delivery while disconnected), against the embedded CSMS: the connection drops while the boot's
// SecurityEventNotification is in flight, and the station sends the same event again on the next
// connection, before anything else. And against ocpp-rpc (strict) that never answers one: it is
// reported and waits for the next connection instead of going out before every later message.
import { afterEach, describe, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { SimClock } from "../../src/util/clock.ts";
import { closeChargePoint, HEARTBEAT_INTERVAL, makeChargePoint, type TestChargePoint } from "./helpers.ts";
import { type OcppRpcCsms201, startOcppRpcCsms201 } from "./ocpp-rpc-201.ts";
import { FAST_RECONNECT } from "./reconnect-drops.ts";

let t: TestChargePoint | undefined;
let cs: CentralSystem | undefined;
let rpc: OcppRpcCsms201 | undefined;
afterEach(async () => {
  await closeChargePoint(t);
  await cs?.close();
  await rpc?.close();
  t = cs = rpc = undefined;
});

describe("2.0.1 security events while offline", () => {
  it("a SecurityEventNotification cut by a drop goes out again first on the next connection", async () => {
    let security = 0;
    let resent!: () => void;
    const again = new Promise<void>((resolve) => {
      resent = resolve;
    });
    const central = await CentralSystem.start({
      heartbeatIntervalSec: HEARTBEAT_INTERVAL,
      trace: (m) => {
        if (m.dir !== "in" || m.kind !== "call" || m.action !== "SecurityEventNotification") return;
        // The first one never gets its answer: the connection goes with it.
        if (++security === 1) central.drop(m.cp);
        else resent();
      },
    });
    cs = central;
    t = makeChargePoint(central.url, {
      clock: new SimClock(100),
      config: FAST_RECONNECT,
      link: { version: "2.0.1" },
    });
    await t.cp.connect();
    await t.cp.boot();
    await again;
    await t.cp.heartbeat();
    const calls = central.messages.filter((m) => m.dir === "in" && m.kind === "call");
    const actions = calls.map((m) => m.action);
    const first = actions.indexOf("SecurityEventNotification");
    const second = actions.indexOf("SecurityEventNotification", first + 1);
    expect(actions[0]).toBe("BootNotification");
    expect(second).toBeGreaterThan(first);
    // No second boot (a drop is no reboot), and nothing went before it on the new connection: the
    // status reports the drop cut off come after it.
    expect(actions.filter((a) => a === "BootNotification")).toHaveLength(1);
    expect(second).toBe(first + 1);
    expect(calls[second]!.payload).toEqual(calls[first]!.payload);
    expect(calls[second]!.payload).toMatchObject({ type: "StartupOfTheDevice" });
    expect(actions.slice(second + 1)).toContain("Heartbeat");
    expect(t.problems).toEqual([]);
  });

  it("one left unanswered is not put in front of the messages after it, is reported, and goes out on the next connection", async () => {
    rpc = await startOcppRpcCsms201();
    t = makeChargePoint(rpc.url, {
      clock: new SimClock(1),
      config: { MeterValueSampleInterval: "0" },
      link: { version: "2.0.1", callTimeoutMs: 1000 },
    });
    const first = rpc.nextClient();
    await t.cp.connect();
    const server = await first;
    let unanswered = 0;
    server.handle("SecurityEventNotification", () => {
      unanswered++;
      return new Promise(() => {});
    });
    await t.cp.boot();
    // Each of these went out behind another try of the event before the fix, a call timeout each.
    for (let i = 0; i < 3; i++) await t.cp.heartbeat();
    expect(unanswered).toBe(1);
    expect(rpc.log.of("Heartbeat")).toHaveLength(3);
    expect(t.problems).toEqual(["SecurityEventNotification got no answer within 1s; it is sent again later"]);
    // The next connection answers it, before anything else goes out: with the reconnection
    // itself, not held back until the station has something else to say.
    await t.cp.disconnect();
    const second = rpc.nextClient();
    const mark = rpc.log.calls.length;
    await t.cp.connect();
    await second;
    expect(rpc.log.actions.slice(mark)).toEqual(["SecurityEventNotification"]);
    await t.cp.heartbeat();
    await t.cp.heartbeat();
    expect(rpc.log.actions.slice(mark)).toEqual(["SecurityEventNotification", "Heartbeat", "Heartbeat"]);
    expect(rpc.log.of("SecurityEventNotification")[0]!.params).toMatchObject({ type: "StartupOfTheDevice" });
    expect(rpc.strictFailures).toEqual([]);
  });
});
