// A charge session that survives forced drops: the central system cuts the connection while
// StartTransaction, MeterValues and StopTransaction are in flight, restarts, or (SOAP) cannot be
// reached; the charge point reconnects on its own and the central system gets every transaction
// message exactly once by message id: 0 lost, 0 processed twice.
import { type RPCClient, RPCServer } from "ocpp-rpc";
import { afterEach, describe, expect, it } from "vitest";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import type { ChargePointEvent } from "../../src/chargepoint/events.ts";
import { CentralSystem } from "../../src/csms/server.ts";
import { dialerFor } from "../../src/ocpp/dial.ts";
import { SimClock } from "../../src/util/clock.ts";
import { type DropProxy, startDropProxy } from "./drop-proxy.ts";
import { HEARTBEAT_INTERVAL, HOST, Inbox } from "./helpers.ts";
import { dropPlan, expectNoneLost, FAST_RECONNECT, runSessions } from "./reconnect-drops.ts";

const SESSIONS = 5;
// In flight when cut: the answer is lost after the central system acted on the message.
const PLAN: Parameters<typeof dropPlan>[0] = [
  ["StartTransaction", 1],
  ["MeterValues", 2],
  ["StopTransaction", 1],
  ["StartTransaction", 3],
  ["MeterValues", 8],
  ["StopTransaction", 4],
];

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function chargePoint(url: string, soap = false) {
  const events = new Inbox<ChargePointEvent>();
  const all: ChargePointEvent[] = [];
  const cp = new ChargePoint({
    id: "CP-DROPS",
    clock: new SimClock(100),
    config: FAST_RECONNECT,
    dial: dialerFor({
      url,
      version: "1.6",
      ...(soap && { callback: { host: HOST, port: 0 } }),
    }),
    events: (e) => {
      all.push(e);
      events.push(e);
    },
  });
  cleanup.push(async () => {
    cp.shutdown();
    await cp.disconnect();
  });
  const count = (type: ChargePointEvent["type"]) => all.filter((e) => e.type === type).length;
  const problems = () => all.flatMap((e) => (e.type === "problem" ? [e.message] : []));
  return { cp, events, count, problems, all };
}

describe("forced drops", () => {
  it("embedded central system: a session survives 6 drops mid-message, 0 lost, 0 processed twice", async () => {
    const plan = dropPlan(PLAN);
    let cs!: CentralSystem;
    cs = await CentralSystem.start({
      heartbeatIntervalSec: HEARTBEAT_INTERVAL,
      trace: (m) => {
        if (m.dir === "in" && m.kind === "call" && plan.hit(m.action, m.id)) cs.drop(m.cp);
      },
    });
    cleanup.push(() => cs.close());
    const t = chargePoint(cs.url);
    await t.cp.connect();
    await t.cp.boot();
    await runSessions(t.cp, SESSIONS);

    expect(plan.drops).toBe(PLAN.length);
    expect(t.count("disconnected")).toBe(PLAN.length);
    expect(t.count("reconnected")).toBe(PLAN.length);
    expectNoneLost(plan, SESSIONS);
    // Each cut message came again under its id and was answered from memory, not acted on twice.
    expect(cs.repeated.repeats).toBe(PLAN.length);
    const started = t.all.flatMap((e) => (e.type === "transactionStarted" ? [e.transactionId] : []));
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(cs.state.transactions.size).toBe(0);
    // No BootNotification after a mere drop.
    expect(cs.messages.filter((m) => m.action === "BootNotification" && m.kind === "call")).toHaveLength(1);
    expect(t.problems()).toEqual([]);
    expect(cs.problems).toEqual([]);
    console.log(
      `embedded OCPP-J: ${SESSIONS} sessions survived across ${plan.drops} forced drops, 0 lost, 0 duplicated (${cs.repeated.repeats} repeats answered by id)`,
    );
  });

  it("ocpp-rpc strict: drops mid-message and a central system restart on the same port, 0 lost, 0 duplicated", async () => {
    const plan = dropPlan(PLAN);
    // A central system that de-duplicates by message id, as a careful one would: state outlives restarts.
    const answered = new Map<string, unknown>();
    let nextTx = 1;
    const strictFailures: unknown[] = [];
    let processed = 0;
    const answer = (method: string, params: Record<string, unknown>): unknown => {
      const now = new Date().toISOString();
      switch (method) {
        case "BootNotification":
          return { status: "Accepted", currentTime: now, interval: HEARTBEAT_INTERVAL };
        case "Heartbeat":
          return { currentTime: now };
        case "StartTransaction":
          processed++;
          return { transactionId: nextTx++, idTagInfo: { status: "Accepted" } };
        case "StopTransaction":
          processed++;
          return { idTagInfo: { status: "Accepted" } };
        case "MeterValues":
          processed++;
          return {};
        default:
          return params && {};
      }
    };
    let server!: InstanceType<typeof RPCServer>;
    let port = 0;
    const restart = new Inbox<void>();
    const start = async () => {
      server = new RPCServer({ protocols: ["ocpp1.6"], strictMode: true, pingIntervalMs: 0 });
      server.on("client", (client: InstanceType<typeof RPCClient>) => {
        client.on("strictValidationFailure", (e: unknown) => strictFailures.push(e));
        client.handle(async ({ method = "", params, messageId = "" }) => {
          const cut = plan.hit(method, messageId);
          const seen = answered.get(messageId);
          const res = (seen ?? answer(method, params as Record<string, unknown>)) as Record<string, unknown>;
          answered.set(messageId, res);
          if (cut) {
            // The third cut is a restart: the server goes away, then listens again on its port.
            if (plan.drops === 3) restart.push();
            else void client.close({ force: true });
          }
          return res;
        });
      });
      const http = await server.listen(port, HOST);
      port = (http.address() as { port: number }).port;
    };
    await start();
    cleanup.push(() => server.close({ force: true }));
    const t = chargePoint(`ws://${HOST}:${port}`);
    await t.cp.connect();
    await t.cp.boot();
    const restarted = (async () => {
      await restart.next();
      await server.close({ force: true });
      // Down until the charge point has failed to reconnect at least once.
      for (;;) {
        const e = await t.events.next();
        if (e.type === "reconnecting" && e.error) break;
      }
      await start();
    })();
    await runSessions(t.cp, SESSIONS);
    await restarted;

    expect(plan.drops).toBe(PLAN.length);
    expect(t.count("reconnected")).toBe(PLAN.length);
    expectNoneLost(plan, SESSIONS);
    expect(processed).toBe(SESSIONS * 5);
    const started = t.all.flatMap((e) => (e.type === "transactionStarted" ? [e.transactionId] : []));
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(strictFailures).toEqual([]);
    expect(t.problems()).toEqual([]);
    console.log(
      `ocpp-rpc strict: ${SESSIONS} sessions survived across ${plan.drops} forced drops (one a restart), 0 lost, 0 duplicated`,
    );
  });

  it("SOAP 1.6: the central system cannot be reached mid-message; calls fail, are retried under the same MessageID, 0 lost, 0 duplicated", async () => {
    const plan = dropPlan(PLAN);
    const cs = await CentralSystem.start({ heartbeatIntervalSec: HEARTBEAT_INTERVAL });
    cleanup.push(() => cs.close());
    const proxy: DropProxy = await startDropProxy(cs.port);
    cleanup.push(() => proxy.close());
    const outages = new Inbox<void>();
    proxy.onRequest((text) => {
      const action = /action="[^"]*\/(\w+)"/.exec(text)?.[1];
      const id = /MessageID[^>]*>([^<]+)</.exec(text)?.[1];
      if (!action || !id || !plan.hit(action, id)) return "forward";
      outages.push();
      return "cutAfterForwarding";
    });
    const t = chargePoint(`http://${HOST}:${proxy.port}/ocpp1.6`, true);
    await t.cp.connect();
    await t.cp.boot();
    // Each cut is followed by an outage until the charge point has failed to reach it once.
    let stop = false;
    const network = (async () => {
      for (;;) {
        await outages.next();
        if (stop) return;
        await proxy.outage();
        for (;;) {
          const e = await t.events.next();
          if (e.type === "reconnecting" && e.attempt >= 2) break;
        }
        await proxy.restore();
      }
    })();
    await runSessions(t.cp, SESSIONS);
    stop = true;
    outages.push();
    await network;

    expect(plan.drops).toBe(PLAN.length);
    expect(t.count("disconnected")).toBeGreaterThanOrEqual(PLAN.length);
    expectNoneLost(plan, SESSIONS);
    expect(cs.repeated.repeats).toBe(PLAN.length);
    const started = t.all.flatMap((e) => (e.type === "transactionStarted" ? [e.transactionId] : []));
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(cs.state.transactions.size).toBe(0);
    expect(cs.problems).toEqual([]);
    console.log(
      `SOAP 1.6: ${SESSIONS} sessions survived across ${plan.drops} forced drops with outages, 0 lost, 0 duplicated`,
    );
  });
});
