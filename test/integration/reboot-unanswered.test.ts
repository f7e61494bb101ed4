// A reboot whose BootNotification the central system leaves unanswered over a connection that
// stays up: the charge point keeps trying, as a real one that restarted does, rather than staying
// connected and unregistered. ocpp-rpc in strict mode (2.0.1), answering only the second boot.
import { afterEach, expect, it } from "vitest";
import { SimClock } from "../../src/util/clock.ts";
import { closeChargePoint, makeChargePoint, type TestChargePoint } from "./helpers.ts";
import { type OcppRpcCsms201, startOcppRpcCsms201 } from "./ocpp-rpc-201.ts";

let t: TestChargePoint | undefined;
let rpc: OcppRpcCsms201 | undefined;
afterEach(async () => {
  await closeChargePoint(t);
  await rpc?.close();
  t = undefined;
  rpc = undefined;
});

it("a reboot's unanswered BootNotification goes again after 10 s until it is accepted", async () => {
  rpc = await startOcppRpcCsms201();
  // A hundred times faster: the 10 s wait is a tenth of a second.
  t = makeChargePoint(rpc.url, {
    clock: new SimClock(100),
    config: { MeterValueSampleInterval: "0" },
    link: { version: "2.0.1", callTimeoutMs: 300 },
  });
  const first = rpc.nextClient();
  await t.cp.connect();
  const server = await first;
  await t.cp.boot();

  const next = rpc.nextClient();
  await server.call("Reset", { type: "Immediate" });
  const peer = await next;
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
  await rpc.log.waitForCount("SecurityEventNotification", 2);
  expect(boots).toEqual(["RemoteReset", "RemoteReset"]);
  expect(t.problems).toEqual([
    "BootNotification got no answer within 0.3s; BootNotification is sent again in 10s",
  ]);
  expect(rpc.log.of("SecurityEventNotification")[1]!.params).toMatchObject({ type: "ResetOrReboot" });
  expect(rpc.strictFailures).toEqual([]);
});
