// Where a 2.0.1 transaction starts and ends, on the wire: TxStartPoint/TxStopPoint and the CSMS's
// verdict on the token (idTokenInfo), checked by ocpp-rpc in strict mode (subprotocol ocpp2.0.1).
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
/** eventType/triggerReason/seqNo of each TransactionEvent, one string each, for a readable diff. */
const wire = () => events().map((e) => `${e.seqNo} ${e.eventType} ${e.triggerReason}`);
/**
 * Resolves once the CSMS has `n` TransactionEvents. The EV's arrival and departure are not steps
 * that wait for their events (plugIn resolves once its status is out): the test waits for them.
 */
const received = (n: number) => rpc!.log.waitForCount("TransactionEvent", n);

/** The CSMS's side of the station's connection, to call it. */
let server: Awaited<ReturnType<typeof stationOnOcppRpc201>>["server"] | undefined;

/** Boots a station and sets its transaction points as a CSMS does, by SetVariables. */
async function withPoints(
  start: string,
  stop: string,
  policy: Parameters<typeof stationOnOcppRpc201>[1] = {},
) {
  const booted = await stationOnOcppRpc201({}, policy);
  ({ rpc, t, server } = booted);
  const answer = (await server.call("SetVariables", {
    setVariableData: [
      { component: { name: "TxCtrlr" }, variable: { name: "TxStartPoint" }, attributeValue: start },
      { component: { name: "TxCtrlr" }, variable: { name: "TxStopPoint" }, attributeValue: stop },
    ],
  })) as Payload;
  expect(answer.setVariableResult.map((r: Payload) => r.attributeStatus)).toEqual(["Accepted", "Accepted"]);
  return booted.t.cp;
}

/** Every event of the run belongs to one transaction, the one the model knows by that id too. */
function expectOneTransaction(modelId: unknown) {
  const ids = new Set(events().map((e) => e.transactionInfo.transactionId));
  expect(ids).toEqual(new Set([modelId]));
}

describe("2.0.1 TxStartPoint and TxStopPoint on the wire", () => {
  it("start EVConnected: Started at plug-in, the token in the next event, Ended by the driver's stop", async () => {
    const cp = await withPoints("EVConnected", "EVConnected,Authorized");
    const before = cp.clock.now();
    await cp.plugIn(1);
    await received(1);
    expect(wire()).toEqual(["0 Started CablePluggedIn"]);
    // Stamped by the station's clock at plug-in (an hour a second here), not by its last message.
    expect(Date.parse(events()[0]!.timestamp)).toBeGreaterThanOrEqual(before);
    expect(events()[0]).toMatchObject({
      evse: { id: 1, connectorId: 1 },
      transactionInfo: { chargingState: "EVConnected" },
    });
    expect(events()[0]!.idToken).toBeUndefined();
    await cp.authorize("TAG-1");
    await cp.startTransaction(1, "TAG-1");
    // The model knows its transaction by the id the station gave it at plug-in.
    const modelId = cp.connector(1).transaction!.id;
    await cp.stopTransaction(1);
    expect(wire()).toEqual([
      "0 Started CablePluggedIn",
      "1 Updated Authorized",
      "2 Updated ChargingStateChanged",
      "3 Ended StopAuthorized",
    ]);
    expect(events()[1]).toMatchObject({ idToken: { idToken: "TAG-1", type: "ISO14443" } });
    expect(events()[3]).toMatchObject({ transactionInfo: { stoppedReason: "Local" } });
    expectOneTransaction(modelId);
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("start EVConnected: a RequestStartTransaction after plug-in names the transaction and carries on in it", async () => {
    const cp = await withPoints("EVConnected", "EVConnected,Authorized");
    await cp.plugIn(1);
    await received(1);
    const id = events()[0]!.transactionInfo.transactionId;
    const answer = await server!.call("RequestStartTransaction", {
      remoteStartId: 12,
      evseId: 1,
      idToken: { idToken: "TAG-R", type: "Central" },
    });
    expect(answer).toEqual({ status: "Accepted", transactionId: id });
    await received(3);
    expect(wire()).toEqual([
      "0 Started CablePluggedIn",
      "1 Updated RemoteStart",
      "2 Updated ChargingStateChanged",
    ]);
    expect(events()[1]).toMatchObject({ transactionInfo: { transactionId: id, remoteStartId: 12 } });
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("start EnergyTransfer: nothing at plug-in or authorisation; Started when energy flows", async () => {
    const cp = await withPoints("EnergyTransfer", "EVConnected,Authorized");
    await cp.plugIn(1);
    await cp.startTransaction(1, "TAG-1");
    await cp.stopTransaction(1);
    expect(wire()).toEqual(["0 Started ChargingStateChanged", "1 Ended StopAuthorized"]);
    expect(events()[0]).toMatchObject({
      idToken: { idToken: "TAG-1" },
      transactionInfo: { chargingState: "Charging" },
    });
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("stop EVConnected alone: the driver's stop is an Updated event; the transaction ends when the EV leaves", async () => {
    const cp = await withPoints("PowerPathClosed", "EVConnected");
    await cp.plugIn(1);
    await cp.startTransaction(1, "TAG-1");
    const id = cp.connector(1).transaction!.id;
    await cp.stopTransaction(1);
    expect(wire()).toEqual([
      "0 Started Authorized",
      "1 Updated ChargingStateChanged",
      "2 Updated StopAuthorized",
    ]);
    expect(events()[2]).toMatchObject({ transactionInfo: { chargingState: "EVConnected" } });
    // Open until the EV leaves, though the model's session is over.
    const status = { transactionId: id };
    expect(await server!.call("GetTransactionStatus", status)).toMatchObject({ ongoingIndicator: true });
    await cp.unplug(1);
    await received(4);
    expect(wire().at(-1)).toBe("3 Ended EVCommunicationLost");
    expect(await server!.call("GetTransactionStatus", status)).toMatchObject({ ongoingIndicator: false });
    expect(events()[3]).toMatchObject({ transactionInfo: { stoppedReason: "Local" } });
    expectOneTransaction(id);
    // The next session is a transaction of its own.
    await cp.plugIn(1);
    await cp.startTransaction(1, "TAG-2");
    await received(6);
    expect(wire().slice(4)).toEqual(["0 Started Authorized", "1 Updated ChargingStateChanged"]);
    expect(events()[4]!.transactionInfo.transactionId).not.toBe(id);
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("stop EVConnected alone: a fault, then an emergency stop, ends it at once and holds nothing", async () => {
    const cp = await withPoints("PowerPathClosed", "EVConnected");
    await cp.plugIn(1);
    await cp.startTransaction(1, "TAG-1");
    const id = cp.connector(1).transaction!.id;
    // The fault stops the energy: the transaction is held to end when the EV leaves.
    await cp.fault(1, "GroundFailure");
    await cp.stopTransaction(1, "EmergencyStop");
    expect(wire()).toEqual([
      "0 Started Authorized",
      "1 Updated ChargingStateChanged",
      "2 Ended AbnormalCondition",
    ]);
    expect(events()[2]).toMatchObject({ transactionInfo: { stoppedReason: "EmergencyStop" } });
    expectOneTransaction(id);
    // Ended on the wire, so no longer held for the EV's departure (nor saved with --state-dir).
    expect([...cp.held.ended.keys()]).toEqual([]);
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("stop EVConnected alone: a new token while the EV stays goes on in the same transaction", async () => {
    const cp = await withPoints("PowerPathClosed", "EVConnected");
    await cp.startTransaction(1, "TAG-1");
    const id = cp.connector(1).transaction!.id;
    await cp.stopTransaction(1);
    await cp.startTransaction(1, "TAG-2");
    expect(cp.connector(1).transaction!.id).toBe(id);
    await cp.stopTransaction(1);
    await cp.unplug(1);
    await received(7);
    expect(wire()).toEqual([
      "0 Started Authorized",
      "1 Updated ChargingStateChanged",
      "2 Updated StopAuthorized",
      "3 Updated Authorized",
      "4 Updated ChargingStateChanged",
      "5 Updated StopAuthorized",
      "6 Ended EVCommunicationLost",
    ]);
    expect(events()[3]).toMatchObject({ idToken: { idToken: "TAG-2" } });
    expectOneTransaction(id);
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("stop EVConnected alone: an EV that leaves while the station is offline ends it on reconnection", async () => {
    const cp = await withPoints("PowerPathClosed", "EVConnected");
    await cp.startTransaction(1, "TAG-1");
    await cp.stopTransaction(1);
    await received(3);
    await cp.disconnect();
    await cp.unplug(1);
    const back = rpc!.nextClient();
    await cp.connect();
    await back;
    await received(4);
    expect(wire().at(-1)).toBe("3 Ended EVCommunicationLost");
    expect(events().at(-1)).toMatchObject({ offline: true });
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("start ParkingBayOccupancy: the EV in the bay starts it; leaving without a token ends it", async () => {
    const cp = await withPoints("ParkingBayOccupancy", "EVConnected,Authorized");
    await cp.plugIn(1);
    await received(2);
    expect(wire()).toEqual(["0 Started EVDetected", "1 Updated CablePluggedIn"]);
    await cp.unplug(1);
    await received(3);
    expect(wire().at(-1)).toBe("2 Ended EVCommunicationLost");
    expect(events()[2]).toMatchObject({ transactionInfo: { stoppedReason: "EVDisconnected" } });
    expect(rpc!.strictFailures).toEqual([]);
  });

  it.each([
    ["EVConnected", "EVConnected,Authorized", false, "0 Started CablePluggedIn"],
    ["PowerPathClosed", "EVConnected", true, "2 Updated StopAuthorized"],
  ])(
    "start %s, stop %s: an EVSE reset ends the transaction the model no longer holds",
    async (start, stop, charged, last) => {
      const cp = await withPoints(start, stop);
      await cp.plugIn(1);
      if (charged) {
        await cp.startTransaction(1, "TAG-1");
        await cp.stopTransaction(1);
      }
      await received(charged ? 3 : 1);
      expect(wire().at(-1)).toBe(last);
      const n = events().length;
      expect(await server!.call("Reset", { type: "Immediate", evseId: 1 })).toEqual({ status: "Accepted" });
      await received(n + 1);
      expect(wire().at(-1)).toBe(`${n} Ended ResetCommand`);
      expect(events().at(-1)).toMatchObject({ transactionInfo: { stoppedReason: "ImmediateReset" } });
      expect(rpc!.strictFailures).toEqual([]);
    },
  );

  it("start EVConnected, then the CSMS refuses the token: Deauthorized ends the transaction", async () => {
    const cp = await withPoints("EVConnected", "EVConnected,Authorized", { authorize: () => "Invalid" });
    await cp.plugIn(1);
    await cp.startTransaction(1, "TAG-BAD");
    expect(cp.connector(1).transaction).toBeUndefined();
    expect(wire()).toEqual(["0 Started CablePluggedIn", "1 Updated Authorized", "2 Ended Deauthorized"]);
    expect(events()[2]).toMatchObject({ transactionInfo: { stoppedReason: "DeAuthorized" } });
    expect(rpc!.strictFailures).toEqual([]);
  });
});

describe("2.0.1 idTokenInfo in TransactionEvent answers", () => {
  it.each(["Invalid", "Blocked"] as const)(
    "a token the CSMS answers %s ends the transaction: Deauthorized, stoppedReason DeAuthorized",
    async (verdict) => {
      ({ rpc, t } = await stationOnOcppRpc201({}, { authorize: () => verdict }));
      const answer = await t.cp.startTransaction(1, "TAG-BAD");
      expect(answer).toMatchObject({ idTagInfo: { status: verdict } });
      expect(t.cp.connector(1).transaction).toBeUndefined();
      expect(wire()).toEqual(["0 Started Authorized", "1 Ended Deauthorized"]);
      expect(events()[1]).toMatchObject({ transactionInfo: { stoppedReason: "DeAuthorized" } });
      expect(rpc.strictFailures).toEqual([]);
    },
  );

  it("with StopTxOnInvalidId false the transaction goes on", async () => {
    ({ rpc, t } = await stationOnOcppRpc201(
      { config: { MeterValueSampleInterval: "0", StopTransactionOnInvalidId: "false" } },
      { authorize: () => "Invalid" },
    ));
    await t.cp.startTransaction(1, "TAG-BAD");
    expect(t.cp.connector(1).transaction).toBeDefined();
    expect(events().some((e) => e.eventType === "Ended")).toBe(false);
  });
});
