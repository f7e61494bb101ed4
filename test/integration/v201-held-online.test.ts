// What a 2.0.1 station holds for the CSMS (security events; with QueueAllMessages its other
// notices) while it is connected, against ocpp-rpc in strict mode: one message left unanswered
// does not withhold the later ones for the rest of the connection, and nothing held goes out
// before a rebooted station's BootNotification is accepted (§B02).
import { afterEach, describe, expect, it } from "vitest";
import { SimClock } from "../../src/util/clock.ts";
import { closeChargePoint, type TestChargePoint } from "./helpers.ts";
import { connectStation201, type OcppRpcCsms201, startOcppRpcCsms201 } from "./ocpp-rpc-201.ts";

let t: TestChargePoint | undefined;
let rpc: OcppRpcCsms201 | undefined;
afterEach(async () => {
  await closeChargePoint(t);
  await rpc?.close();
  t = undefined;
  rpc = undefined;
});

/** A 2.0.1 station on `rpc`, connected; the CSMS's side of its connection. */
async function station(config: Record<string, string>, callTimeoutMs: number) {
  const connected = await connectStation201(rpc!, { clock: new SimClock(1), config, callTimeoutMs });
  t = connected.t;
  return connected.server;
}

describe("2.0.1 held messages on a live connection", () => {
  it("one left unanswered stalls the later ones only until the connection answers again", async () => {
    // Heartbeats every second: the station's own proof that the connection works again.
    rpc = await startOcppRpcCsms201({ heartbeatIntervalSec: 1 });
    const server = await station({ QueueAllMessages: "true" }, 200);
    let first = true;
    server.handle("MeterValues", ({ params }) => {
      if (first) {
        first = false;
        return new Promise<never>(() => {});
      }
      rpc!.log.record("MeterValues", params);
      return Promise.resolve({});
    });
    await t!.cp.boot();
    const mark = rpc.log.calls.length;
    await t!.cp.sendMeterValues(1);
    expect(t!.problems).toEqual(["MeterValues got no answer within 0.2s; it is sent again later"]);
    // Made while the first waits: held behind it, in order, not sent ahead nor lost.
    await t!.cp.sendMeterValues(1);
    await t!.cp.fault(1, "GroundFailure");
    await rpc.log.waitForCount("NotifyEvent", 1);
    const held = rpc.log.actions.slice(mark).filter((a) => a === "MeterValues" || a === "NotifyEvent");
    expect(held).toEqual(["MeterValues", "MeterValues", "NotifyEvent"]);
    expect(rpc.strictFailures).toEqual([]);
  });

  it("after a Reset nothing held goes out until the new BootNotification is accepted", async () => {
    rpc = await startOcppRpcCsms201();
    const server = await station({}, 5000);
    await t!.cp.boot();
    await rpc.log.waitForCount("SecurityEventNotification", 1);
    // The rebooted station's boot is answered Pending, by hand, once a bad CALL made it record
    // an InvalidMessages event.
    const next = rpc.nextClient();
    await server.call("Reset", { type: "Immediate" });
    const peer = await next;
    let answerBoot: (res: Record<string, unknown>) => void = () => {};
    const bootArrived = new Promise<void>((arrived) =>
      peer.handle("BootNotification", () => {
        arrived();
        return new Promise((r) => {
          answerBoot = r;
        });
      }),
    );
    await bootArrived;
    const refused = new Promise<void>((done) =>
      peer.on("message", ({ message, outbound }: { message: string; outbound: boolean }) => {
        if (!outbound && message.includes('"bad-1"')) done();
      }),
    );
    peer.sendRaw(JSON.stringify([2, "bad-1", "NoSuchAction", {}]));
    await refused;
    answerBoot({ status: "Pending", currentTime: new Date().toISOString(), interval: 3600 });
    // The station answers this after anything it sent on the boot's answer.
    await peer.call("GetVariables", {
      getVariableData: [{ component: { name: "OCPPCommCtrlr" }, variable: { name: "HeartbeatInterval" } }],
    });
    expect(rpc.log.of("SecurityEventNotification")).toHaveLength(1);
    expect(rpc.strictFailures).toEqual([]);
  });

  it("a message the CSMS triggers while the boot is Pending goes out at once with QueueAllMessages too", async () => {
    rpc = await startOcppRpcCsms201({ bootStatus: () => "Pending" });
    const server = await station({ QueueAllMessages: "true" }, 5000);
    await expect(t!.cp.boot({ maxAttempts: 1 })).rejects.toThrow(/Pending/);
    const triggered = await server.call("TriggerMessage", {
      requestedMessage: "MeterValues",
      evse: { id: 1 },
    });
    expect(triggered).toEqual({ status: "Accepted" });
    await rpc.log.waitForCount("MeterValues", 1);
    expect(rpc.strictFailures).toEqual([]);
  });

  it("a message made while a held one is on its way, and then stalls, goes out behind it", async () => {
    rpc = await startOcppRpcCsms201({ heartbeatIntervalSec: 1 });
    const server = await station({ QueueAllMessages: "true" }, 200);
    await t!.cp.boot();
    await rpc.log.waitForCount("SecurityEventNotification", 1);
    // A bad CALL makes the station record InvalidMessages and send it at once; it goes unanswered.
    rpc.unanswered.add("SecurityEventNotification");
    const refused = new Promise<void>((done) =>
      server.on("message", ({ message, outbound }: { message: string; outbound: boolean }) => {
        if (!outbound && message.includes('"bad-1"')) done();
      }),
    );
    server.sendRaw(JSON.stringify([2, "bad-1", "NoSuchAction", {}]));
    await refused;
    await new Promise((r) => setImmediate(r));
    await t!.cp.sendMeterValues(1);
    rpc.unanswered.clear();
    await rpc.log.waitForCount("MeterValues", 1);
    const order = rpc.log.calls
      .filter((c) => c.action === "SecurityEventNotification" || c.action === "MeterValues")
      .map((c) => (c.action === "MeterValues" ? c.action : (c.params as { type: string }).type));
    expect(order).toEqual(["StartupOfTheDevice", "InvalidMessages", "MeterValues"]);
    expect(rpc.strictFailures).toEqual([]);
  });

  it("after a Reset, what the station volunteers while its boot is Pending waits until it is accepted", async () => {
    rpc = await startOcppRpcCsms201();
    const server = await station({ QueueAllMessages: "true" }, 5000);
    await t!.cp.boot();
    const next = rpc.nextClient();
    await server.call("Reset", { type: "Immediate" });
    const peer = await next;
    let boots = 0;
    let heldAtAccept = -1;
    await new Promise<void>((pendingSent) =>
      peer.handle("BootNotification", () => {
        const currentTime = new Date().toISOString();
        // Pending for a second of the station's clock, then Accepted.
        if (++boots === 1) {
          pendingSent();
          return Promise.resolve({ status: "Pending", currentTime, interval: 1 });
        }
        heldAtAccept = rpc!.log.of("NotifyEvent").length;
        return Promise.resolve({ status: "Accepted", currentTime, interval: 300 });
      }),
    );
    // Answered once the station took in its Pending answer.
    await peer.call("GetVariables", {
      getVariableData: [{ component: { name: "OCPPCommCtrlr" }, variable: { name: "HeartbeatInterval" } }],
    });
    expect(t!.cp.registration).toBe("Pending");
    await t!.cp.fault(1, "GroundFailure");
    await rpc.log.waitForCount("NotifyEvent", 1);
    expect(heldAtAccept).toBe(0);
    expect(rpc.log.of("NotifyEvent")[0]!.params).toMatchObject({
      eventData: [{ actualValue: "Faulted", techCode: "GroundFailure" }],
    });
    expect(rpc.strictFailures).toEqual([]);
  });
});
