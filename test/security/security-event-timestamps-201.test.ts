// 2.0.1 security events are stamped by the station's model clock, as its transactions are: under
// --time-scale (here an hour a second) that clock runs far ahead of the wall's, and an event
// stamped by the wall would read as having happened before the TransactionEvents sent already.
// Against ocpp-rpc in strict mode over 127.0.0.1.
import { afterEach, describe, expect, it } from "vitest";
import type { TestChargePoint } from "../integration/helpers.ts";
import { type OcppRpcCsms201, stationOnOcppRpc201 } from "../integration/ocpp-rpc-201.ts";

let closeStation: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeStation?.();
  closeStation = undefined;
});

async function station() {
  const s = await stationOnOcppRpc201();
  closeStation = s.close;
  await s.rpc.log.waitForCount("SecurityEventNotification", 1);
  return s;
}

const timestamps = (rpc: OcppRpcCsms201, action: string) =>
  rpc.log.of(action).map((c) => Date.parse(c.params.timestamp as string));

/**
 * The last security event's stamp lies after every TransactionEvent's, and in the model's time
 * between `before` (read before what caused it) and now.
 */
function expectStampedByModel(rpc: OcppRpcCsms201, t: TestChargePoint, type: string, before: number) {
  const events = rpc.log.of("SecurityEventNotification");
  expect(events.at(-1)!.params.type).toBe(type);
  const stamped = timestamps(rpc, "SecurityEventNotification").at(-1)!;
  const transactions = timestamps(rpc, "TransactionEvent");
  expect(transactions.length).toBeGreaterThan(0);
  expect(stamped).toBeGreaterThanOrEqual(Math.max(...transactions));
  expect(stamped).toBeGreaterThanOrEqual(before);
  expect(stamped).toBeLessThanOrEqual(t.cp.clock.now());
}

describe("2.0.1 security event timestamps under --time-scale", () => {
  it("ReconfigurationOfSecurityParameters is stamped after the transaction's events", async () => {
    const { rpc, t, server } = await station();
    await t.cp.startTransaction(1, "TAG-1");
    const before = t.cp.clock.now();
    await server.call("SetVariables", {
      setVariableData: [
        {
          component: { name: "SecurityCtrlr" },
          variable: { name: "OrganizationName" },
          attributeValue: "ACME",
        },
      ],
    });
    await rpc.log.waitForCount("SecurityEventNotification", 2);
    expectStampedByModel(rpc, t, "ReconfigurationOfSecurityParameters", before);
    expect(rpc.strictFailures).toEqual([]);
  });

  it("FailedToAuthenticateAtCsms of a refused reconnection is stamped after the transaction's events", async () => {
    const { rpc, t } = await station();
    await t.cp.startTransaction(1, "TAG-1");
    let refuse = 1;
    rpc.server.auth((accept, reject) => (refuse-- > 0 ? reject(401, "Unauthorized") : accept()));
    await t.cp.disconnect();
    const before = t.cp.clock.now();
    await expect(t.cp.connect()).rejects.toThrow(/HTTP 401/);
    await t.cp.connect();
    await rpc.log.waitForCount("SecurityEventNotification", 2);
    expectStampedByModel(rpc, t, "FailedToAuthenticateAtCsms", before);
    expect(rpc.strictFailures).toEqual([]);
  });

  it("InvalidMessages is stamped by the model's clock, not by the last thing it reported", async () => {
    const { rpc, t, server } = await station();
    await t.cp.startTransaction(1, "TAG-1");
    const before = t.cp.clock.now();
    server.sendRaw(JSON.stringify([2, "bad-1", "NoSuchAction", {}]));
    await rpc.log.waitForCount("SecurityEventNotification", 2);
    expectStampedByModel(rpc, t, "InvalidMessages", before);
    expect(rpc.strictFailures).toEqual([]);
  });
});

describe("2.0.1 reports under --time-scale", () => {
  it("NotifyReport's generatedAt is the station's time, after the transaction's events", async () => {
    const { rpc, t, server } = await station();
    await t.cp.startTransaction(1, "TAG-1");
    const before = t.cp.clock.now();
    await server.call("GetBaseReport", { requestId: 5, reportBase: "SummaryInventory" });
    await rpc.log.waitForCount("NotifyReport", 1);
    const generated = Date.parse(rpc.log.of("NotifyReport")[0]!.params.generatedAt as string);
    expect(generated).toBeGreaterThanOrEqual(before);
    expect(generated).toBeGreaterThanOrEqual(Math.max(...timestamps(rpc, "TransactionEvent")));
    expect(generated).toBeLessThanOrEqual(t.cp.clock.now());
    expect(rpc.strictFailures).toEqual([]);
  });
});
