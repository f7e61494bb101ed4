// A reboot whose BootNotification the central system leaves unanswered, or answers Pending, over a
// connection that stays up: the charge point keeps trying, as a real one that restarted does,
// rather than staying connected and unregistered; disconnect() and the run's end stop it. ocpp-rpc
// in strict mode (2.0.1), its BootNotification answered by each test.
import { afterEach, expect, it } from "vitest";
import { SimClock } from "../../src/util/clock.ts";
import { defaultScheduler } from "../../src/util/scheduler.ts";
import { closeChargePoint, type TestChargePoint } from "./helpers.ts";
import { connectStation201, type OcppRpcCsms201, startOcppRpcCsms201 } from "./ocpp-rpc-201.ts";
import { FAST_RECONNECT } from "./reconnect-drops.ts";

let t: TestChargePoint | undefined;
let rpc: OcppRpcCsms201 | undefined;
afterEach(async () => {
  await closeChargePoint(t);
  await rpc?.close();
  t = undefined;
  rpc = undefined;
});

it("a reboot's unanswered BootNotification goes again after 10 s until it is accepted", async () => {
  // The station's clock runs a hundred times faster: the 10 s wait is a tenth of a second.
  const peer = await resetStation(300);
  const boots: string[] = [];
  const accepted = new Promise<void>((done) =>
    peer.handle("BootNotification", ({ params }) => {
      boots.push(params?.reason);
      if (boots.length === 1) return new Promise<never>(() => {});
      done();
      return Promise.resolve({ status: "Accepted", currentTime: new Date().toISOString(), interval: 300 });
    }),
  );
  await accepted;
  // Registered again: the reboot's security event follows the accepted boot.
  await rpc!.log.waitForCount("SecurityEventNotification", 2);
  expect(boots).toEqual(["RemoteReset", "RemoteReset"]);
  expect(t!.problems).toEqual([
    "BootNotification got no answer within 0.3s; BootNotification is sent again in 10s",
  ]);
  expect(rpc!.log.of("SecurityEventNotification")[1]!.params).toMatchObject({ type: "ResetOrReboot" });
  expect(rpc!.strictFailures).toEqual([]);
});

/** A booted 2.0.1 station (reconnecting within tens of ms), the CSMS's side of its connection. */
async function bootedStation(callTimeoutMs: number) {
  rpc = await startOcppRpcCsms201();
  const connected = await connectStation201(rpc, {
    clock: new SimClock(100),
    config: FAST_RECONNECT,
    callTimeoutMs,
  });
  t = connected.t;
  await t.cp.boot();
  return connected.server;
}

/** A booted 2.0.1 station that the CSMS then resets: the CSMS's side of the new connection. */
async function resetStation(callTimeoutMs: number) {
  const server = await bootedStation(callTimeoutMs);
  const next = rpc!.nextClient();
  await server.call("Reset", { type: "Immediate" });
  return next;
}

const pending = (interval: number) => ({
  status: "Pending",
  currentTime: new Date().toISOString(),
  interval,
});
const settled = () => new Promise((r) => setImmediate(r));
/** A call the station answers after it has taken in every frame the CSMS sent before it. */
const roundTrip = (peer: Awaited<ReturnType<typeof resetStation>>) =>
  peer.call("GetVariables", {
    getVariableData: [{ component: { name: "OCPPCommCtrlr" }, variable: { name: "HeartbeatInterval" } }],
  });

it("disconnect() while a reboot's BootNotification waits for its answer ends the attempts", async () => {
  const peer = await resetStation(5000);
  await new Promise<void>((arrived) =>
    peer.handle("BootNotification", () => {
      arrived();
      return new Promise<never>(() => {});
    }),
  );
  await t!.cp.disconnect();
  await settled();
  expect(t!.events.filter((e) => e.type === "reconnecting")).toEqual([]);
  expect(t!.cp.connected).toBe(false);
  expect(t!.problems).toEqual([]);
});

it("a reboot answered Pending more than five times boots on until accepted", async () => {
  const peer = await resetStation(5000);
  let answered = 0;
  await new Promise<void>((accepted) =>
    peer.handle("BootNotification", () => {
      // An interval of 1 s of the station's clock: 10 ms here.
      if (++answered <= 6) return Promise.resolve(pending(1));
      accepted();
      return Promise.resolve({ status: "Accepted", currentTime: new Date().toISOString(), interval: 300 });
    }),
  );
  await rpc!.log.waitForCount("SecurityEventNotification", 2);
  await roundTrip(peer);
  expect(answered).toBe(7);
  expect(t!.cp.registration).toBe("Accepted");
  expect(t!.problems).toEqual([]);
});

it("the run's end ends a reboot's wait through a Pending interval: no timer is left", async () => {
  const peer = await resetStation(5000);
  await new Promise<void>((arrived) =>
    peer.handle("BootNotification", () => {
      arrived();
      return Promise.resolve(pending(3600));
    }),
  );
  // Answered by the station after it took the Pending answer in: it is waiting out the interval.
  await roundTrip(peer);
  expect(t!.cp.registration).toBe("Pending");
  await closeChargePoint(t);
  t = undefined;
  await settled();
  expect(defaultScheduler.size).toBe(0);
});

it("disconnect() while the reboot's connection opens ends the reboot: that connection closes, no boot", async () => {
  const server = await bootedStation(5000);
  let admit: () => void = () => {};
  const knocking = new Promise<void>((arrived) =>
    rpc!.server.auth((accept) => {
      admit = () => accept();
      arrived();
    }),
  );
  const next = rpc!.nextClient();
  await server.call("Reset", { type: "Immediate" });
  await knocking;
  await t!.cp.disconnect();
  admit();
  const peer = await next;
  await new Promise<void>((closed) => peer.once("close", () => closed()));
  expect(rpc!.log.of("BootNotification")).toHaveLength(1);
  expect(t!.cp.connected).toBe(false);
});
