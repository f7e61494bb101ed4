// 2.0.1 TxStartPoint Authorized with the token before the cable (Part 2 §E03, IdToken first), on
// the wire: checked by ocpp-rpc in strict mode (subprotocol ocpp2.0.1). The station's clock runs
// an hour a second, so EVConnectionTimeOut passes quickly where a test waits for it.
import { afterEach, describe, expect, it } from "vitest";
import { closeChargePoint, type TestChargePoint } from "./helpers.ts";
import { type OcppRpcCsms201, stationOnOcppRpc201 } from "./ocpp-rpc-201.ts";

// biome-ignore lint/suspicious/noExplicitAny: wire payloads, read by path in assertions
type Payload = Record<string, any>;

let t: TestChargePoint | undefined;
let rpc: OcppRpcCsms201 | undefined;
afterEach(async () => {
  await closeChargePoint(t);
  t = undefined;
  await rpc?.close();
  rpc = undefined;
});

const events = (): Payload[] => rpc!.log.of("TransactionEvent").map((c) => c.params);
const wire = () => events().map((e) => `${e.seqNo} ${e.eventType} ${e.triggerReason}`);
const received = (n: number) => rpc!.log.waitForCount("TransactionEvent", n);
const TOKEN = { value: "TAG-1", type: "ISO14443" } as const;

/** A station whose transactions start at the authorization; `timeoutSec` is EVConnectionTimeOut. */
async function authorizedFirst(connectors: number, timeoutSec: number) {
  ({ rpc, t } = await stationOnOcppRpc201({
    connectors,
    config: { TxStartPoint: "Authorized", ConnectionTimeOut: String(timeoutSec) },
  }));
  // The driver's token, accepted by Authorize, at the station (connector 0: which EVSE not known yet).
  await t.cp.authorize(TOKEN.value);
  return t.cp;
}

describe("2.0.1 TxStartPoint Authorized, the token before the cable", () => {
  it("starts at the authorization without an evse, names the EVSE the cable goes into, then charges and stops", async () => {
    // Ten hours of the station's clock: the cable comes well within it.
    const cp = await authorizedFirst(2, 36000);
    cp.driverAuthorized(0, TOKEN);
    await received(1);
    expect(wire()).toEqual(["0 Started Authorized"]);
    expect(events()[0]).toMatchObject({ idToken: { idToken: "TAG-1", type: "ISO14443" } });
    expect(events()[0]!.evse).toBeUndefined();
    await cp.plugIn(2);
    await received(2);
    expect(events()[1]).toMatchObject({
      triggerReason: "CablePluggedIn",
      evse: { id: 2, connectorId: 1 },
      transactionInfo: { chargingState: "EVConnected" },
    });
    await cp.startTransaction(2, "TAG-1");
    const modelId = cp.connector(2).transaction!.id;
    await cp.stopTransaction(2);
    expect(wire()).toEqual([
      "0 Started Authorized",
      "1 Updated CablePluggedIn",
      "2 Updated ChargingStateChanged",
      "3 Ended StopAuthorized",
    ]);
    // One transaction, the model's; the evse and the token each reported once.
    expect(new Set(events().map((e) => e.transactionInfo.transactionId))).toEqual(new Set([modelId]));
    expect(events().filter((e) => e.evse)).toHaveLength(1);
    expect(events().filter((e) => e.idToken)).toHaveLength(1);
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("with no cable within EVConnectionTimeOut ends it: EVConnectTimeout, stoppedReason Timeout", async () => {
    const cp = await authorizedFirst(1, 60);
    // One EVSE: the driver stands at it, and the Started names it.
    cp.driverAuthorized(1, TOKEN);
    await received(2);
    expect(wire()).toEqual(["0 Started Authorized", "1 Ended EVConnectTimeout"]);
    expect(events()[0]).toMatchObject({ evse: { id: 1, connectorId: 1 } });
    expect(events()[1]).toMatchObject({ transactionInfo: { stoppedReason: "Timeout" } });
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("with the default TxStartPoint the authorization opens nothing: Started waits for the cable", async () => {
    ({ rpc, t } = await stationOnOcppRpc201());
    await t.cp.authorize(TOKEN.value);
    t.cp.driverAuthorized(1, TOKEN);
    await t.cp.startTransaction(1, "TAG-1");
    // The Started came with the start, the cable in: it names the EVSE.
    expect(wire()[0]).toBe("0 Started Authorized");
    expect(events()[0]).toMatchObject({ evse: { id: 1 }, idToken: { idToken: "TAG-1" } });
  });
});
