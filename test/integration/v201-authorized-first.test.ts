// 2.0.1 TxStartPoint Authorized with the token before the cable (Part 2 §E03, IdToken first), on
// the wire: checked by ocpp-rpc in strict mode (subprotocol ocpp2.0.1). The station's clock runs
// an hour a second, so EVConnectionTimeOut passes quickly where a test waits for it.
import { afterEach, describe, expect, it } from "vitest";
import { restoreChargePoint, snapshotChargePoint } from "../../src/chargepoint/persistence/snapshot.ts";
import type { ChargePointState } from "../../src/chargepoint/persistence/state.ts";
import { SimClock } from "../../src/util/clock.ts";
import { closeChargePoint, makeChargePoint, type TestChargePoint } from "./helpers.ts";
import { type OcppRpcCsms201, type RpcPeer, stationOnOcppRpc201 } from "./ocpp-rpc-201.ts";

// biome-ignore lint/suspicious/noExplicitAny: wire payloads, read by path in assertions
type Payload = Record<string, any>;

let t: TestChargePoint | undefined;
let rpc: OcppRpcCsms201 | undefined;
let server: RpcPeer | undefined;
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
const authorizedFirstConfig = (timeoutSec: number) => ({
  TxStartPoint: "Authorized",
  ConnectionTimeOut: String(timeoutSec),
  MeterValueSampleInterval: "0",
});
const endings = () =>
  events()
    .filter((e) => e.eventType === "Ended")
    .map((e) => `${e.triggerReason} ${e.transactionInfo.stoppedReason}`);

/** A station whose transactions start at the authorization; `timeoutSec` is EVConnectionTimeOut. */
async function authorizedFirst(connectors: number, timeoutSec: number) {
  ({ rpc, t, server } = await stationOnOcppRpc201({
    connectors,
    config: authorizedFirstConfig(timeoutSec),
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

  it("each driver's token waits for its own cable: two timeouts end two transactions", async () => {
    const cp = await authorizedFirst(2, 60);
    cp.driverAuthorized(1, TOKEN);
    cp.driverAuthorized(2, { value: "TAG-2", type: "ISO14443" });
    await received(4);
    expect(endings()).toEqual(["EVConnectTimeout Timeout", "EVConnectTimeout Timeout"]);
    expect(new Set(events().map((e) => e.transactionInfo.transactionId)).size).toBe(2);
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("a reset ends a token waiting at the station, its EVSE not known, without waiting for its timeout", async () => {
    // Ten hours of the station's clock: only the reset can end it within the test.
    const cp = await authorizedFirst(2, 36000);
    cp.driverAuthorized(0, TOKEN);
    await received(1);
    await server!.call("Reset", { type: "Immediate" });
    await received(2);
    expect(wire()).toEqual(["0 Started Authorized", "1 Ended ResetCommand"]);
    expect(endings()).toEqual(["ResetCommand ImmediateReset"]);
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("a restored token whose timeout ran out while cpsim was down ends once the station has booted", async () => {
    const cp = await authorizedFirst(2, 36000);
    cp.driverAuthorized(0, TOKEN);
    // Its answer in: the restart has nothing to send again.
    await cp.transactionMessages.flush();
    const state = snapshotChargePoint(cp);
    // Written eleven hours ago: the ten-hour wait is over before the new process connects.
    for (const tx of state.transactions) tx.startedAt -= 11 * 3_600_000;
    await restartFrom(state);
    await received(2);
    expect(wire()).toEqual(["0 Started Authorized", "1 Ended EVConnectTimeout"]);
    expect(new Set(events().map((e) => e.transactionInfo.transactionId)).size).toBe(1);
    expect(rpc!.log.actions.lastIndexOf("BootNotification")).toBeLessThan(
      rpc!.log.actions.lastIndexOf("TransactionEvent"),
    );
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("a token's Started still unanswered when the state was written goes again as built after the restart", async () => {
    const cp = await authorizedFirst(2, 36000);
    cp.driverAuthorized(0, TOKEN);
    // Taken in the tick the event is queued: its EVSE is the station's (0), its answer not in.
    const state = snapshotChargePoint(cp);
    expect(state.queue).toMatchObject([{ connectorId: 0 }]);
    await restartFrom(state);
    await t!.cp.transactionMessages.flush();
    const ids = new Set(events().map((e) => e.transactionInfo.transactionId));
    expect(ids.size).toBe(1);
    // At least once: the CSMS may see the Started twice, both times as seqNo 0.
    expect(new Set(wire())).toEqual(new Set(["0 Started Authorized"]));
    expect(rpc!.strictFailures).toEqual([]);
  });
});

/** The station again, as a new process restores it from `state` (its JSON, as --state-dir writes it), booted. */
async function restartFrom(state: ChargePointState): Promise<void> {
  await closeChargePoint(t);
  t = makeChargePoint(rpc!.url, {
    clock: new SimClock(3600),
    connectors: 2,
    config: authorizedFirstConfig(36000),
    link: { version: "2.0.1" },
  });
  restoreChargePoint(t.cp, JSON.parse(JSON.stringify(state)) as ChargePointState);
  await t.cp.connect();
  await t.cp.boot();
}
