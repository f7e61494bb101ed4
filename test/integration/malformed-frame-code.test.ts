// A frame that is no proper OCPP-J message but carries a message id is answered with the
// negotiated protocol's own code for it: FormationViolation in 1.6 for every fault; in 2.0.1
// FormatViolation for a CALL's payload, MessageTypeNotSupported for a message type number it does
// not have and RpcFrameworkError for no RPC message at all (answered under "-1" when no id can be
// read), in the CALLERROR and in a 2.0.1 station's InvalidMessages event alike.
// Against ocpp-rpc in strict mode, which sends the raw frames, and the embedded central system.
import type { RPCClient } from "ocpp-rpc";
import { afterEach, describe, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { cpsimInProcess, tempFile } from "../cli/helpers.ts";
import {
  closeChargePoint,
  makeChargePoint,
  type OcppRpcCsms,
  startOcppRpcCsms,
  type TestChargePoint,
} from "./helpers.ts";
import { type OcppRpcCsms201, rawStation201, stationOnOcppRpc201 } from "./ocpp-rpc-201.ts";

/** A CALL without its payload: its id can be read, so it is answered. */
const MALFORMED = JSON.stringify([2, "bad-1", "Heartbeat"]);

/** Resolves with the first frame `peer` receives that is a CALLERROR. */
function nextCallError(peer: InstanceType<typeof RPCClient>): Promise<unknown[]> {
  return new Promise((resolve) => {
    const listener = ({ message, outbound }: { message: string; outbound: boolean }) => {
      const frame = JSON.parse(message) as unknown[];
      if (outbound || frame[0] !== 4) return;
      peer.off("message", listener);
      resolve(frame);
    };
    peer.on("message", listener);
  });
}

let t: TestChargePoint | undefined;
let csms: OcppRpcCsms | undefined;
let rpc: OcppRpcCsms201 | undefined;
let closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await closeChargePoint(t);
  await csms?.close();
  await rpc?.close();
  for (const close of closers) await close();
  t = csms = rpc = undefined;
  closers = [];
});

describe("the error code of a malformed frame", () => {
  it("a 1.6 charge point answers FormationViolation", async () => {
    csms = await startOcppRpcCsms();
    t = makeChargePoint(csms.url);
    const client = csms.nextClient();
    await t.cp.connect();
    await t.cp.boot();
    const server = await client;
    const answer = nextCallError(server);
    server.sendRaw(MALFORMED);
    expect(await answer).toEqual([4, "bad-1", "FormationViolation", expect.any(String), {}]);
    expect(t.problems).toEqual([expect.stringMatching(/^received a malformed frame, CALL must be/)]);
    expect(csms.strictFailures).toEqual([]);
  });

  it("a 2.0.1 station answers FormatViolation and reports it so in InvalidMessages", async () => {
    const station = await stationOnOcppRpc201();
    ({ rpc, t } = station);
    await rpc.log.waitForCount("SecurityEventNotification", 1);
    const answer = nextCallError(station.server);
    station.server.sendRaw(MALFORMED);
    expect(await answer).toEqual([4, "bad-1", "FormatViolation", expect.any(String), {}]);
    await rpc.log.waitForCount("SecurityEventNotification", 2);
    expect(rpc.log.of("SecurityEventNotification")[1]!.params).toMatchObject({
      type: "InvalidMessages",
      techInfo: "received a frame that is no OCPP-J message (FormatViolation)",
    });
    expect(rpc.strictFailures).toEqual([]);
  });

  it("a 2.0.1 station tells an unknown message type and an unreadable id apart; 1.6 does not", async () => {
    const station = await stationOnOcppRpc201();
    ({ rpc, t } = station);
    const faults = [
      [JSON.stringify([7, "x7", {}]), "x7"],
      [JSON.stringify([2, 42, "Heartbeat", {}]), "-1"],
    ] as const;
    const codes201: unknown[] = [];
    for (const [frame] of faults) {
      const answer = nextCallError(station.server);
      station.server.sendRaw(frame);
      codes201.push(await answer);
    }
    expect(codes201).toEqual([
      [4, "x7", "MessageTypeNotSupported", expect.any(String), {}],
      [4, "-1", "RpcFrameworkError", expect.any(String), {}],
    ]);

    csms = await startOcppRpcCsms();
    const t16 = makeChargePoint(csms.url);
    closers.push(() => closeChargePoint(t16));
    const client = csms.nextClient();
    await t16.cp.connect();
    await t16.cp.boot();
    const server = await client;
    const codes16: unknown[] = [];
    for (const [frame] of faults) {
      const answer = nextCallError(server);
      server.sendRaw(frame);
      codes16.push((await answer)[2]);
    }
    expect(codes16).toEqual(["FormationViolation", "FormationViolation"]);
  });

  it("the embedded central system answers a 2.0.1 station FormatViolation", async () => {
    const central = await CentralSystem.start({ onProblem: () => {} });
    closers.push(() => central.close());
    const station = await rawStation201(central.url, "CS-MALFORMED");
    closers.push(station.close);
    const answer = nextCallError(station.client);
    station.client.sendRaw(MALFORMED);
    expect(await answer).toEqual([4, "bad-1", "FormatViolation", expect.any(String), {}]);
  });

  it("the README's scenario expects FormatViolation of the embedded central system over 2.0.1", async () => {
    const scenario = `version: 1
name: 2.0.1 malformed frame
ocpp: [2.0.1]
steps:
  - boot
  - sendMalformed: { frame: '[2, "x1", "Heartbeat"]', expect: { errorCode: FormatViolation } }
`;
    const r = await cpsimInProcess(["run", tempFile("malformed.yaml", scenario), "--ocpp", "2.0.1"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("CALLERROR FormatViolation");
    expect(r.code).toBe(0);
  });
});
