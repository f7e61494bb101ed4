// A token the central system refuses in the answer to the transaction's own start, with
// StopTransactionOnInvalidId false: with no allowance (MaxEnergyOnInvalidId 0, the default) the
// charger never offers energy, so the central system sees SuspendedEVSE and never Charging; with
// an allowance it charges. Against ocpp-rpc in strict mode, 1.6 and 2.0.1, configured over the wire.
import { afterEach, describe, expect, it } from "vitest";
import { SimClock } from "../../src/util/clock.ts";
import {
  closeChargePoint,
  type LoggedCall,
  makeChargePoint,
  type OcppRpcCsms,
  startOcppRpcCsms,
  type TestChargePoint,
} from "./helpers.ts";
import { type OcppRpcCsms201, stationOnOcppRpc201 } from "./ocpp-rpc-201.ts";

// biome-ignore lint/suspicious/noExplicitAny: wire payloads, read by path in assertions
type Payload = Record<string, any>;

let t: TestChargePoint | undefined;
let csms: OcppRpcCsms | undefined;
let rpc: OcppRpcCsms201 | undefined;
afterEach(async () => {
  await closeChargePoint(t);
  t = undefined;
  await csms?.close();
  csms = undefined;
  await rpc?.close();
  rpc = undefined;
});

/** A 1.6 charge point against ocpp-rpc refusing "BAD", StopTransactionOnInvalidId false. */
async function refusing16(config: Record<string, string> = {}) {
  csms = await startOcppRpcCsms({ authorize: (idTag) => (idTag === "BAD" ? "Invalid" : "Accepted") });
  t = makeChargePoint(csms.url, { clock: new SimClock(3600), meterStartWh: 1000 });
  const client = csms.nextClient();
  await t.cp.connect();
  await t.cp.boot();
  const server = await client;
  for (const [key, value] of Object.entries({ StopTransactionOnInvalidId: "false", ...config }))
    expect(await server.call("ChangeConfiguration", { key, value })).toEqual({ status: "Accepted" });
  return { cp: t.cp, log: csms.log };
}

const statuses16 = (calls: LoggedCall[]) =>
  calls
    .filter((c) => c.action === "StatusNotification" && c.params.connectorId === 1)
    .map((c) => c.params.status);

describe("a token refused in the answer to its StartTransaction (1.6-J, ocpp-rpc strict)", () => {
  it("with no allowance goes Preparing to SuspendedEVSE, never Charging, and draws nothing", async () => {
    const { cp, log } = await refusing16();
    const mark = log.calls.length;
    expect(await cp.startTransaction(1, "BAD")).toMatchObject({ idTagInfo: { status: "Invalid" } });
    expect(statuses16(log.calls.slice(mark))).toEqual(["Preparing", "SuspendedEVSE"]);
    expect(cp.connector(1).status).toBe("SuspendedEVSE");
    expect(cp.connector(1).meter.power).toBe(0);
    expect(cp.connector(1).transaction).toBeDefined();

    await cp.stopTransaction(1);
    expect(log.of("StopTransaction")[0]!.params).toMatchObject({ meterStop: 1000, reason: "Local" });
    expect(csms!.strictFailures).toEqual([]);
    expect(t!.problems).toEqual([]);
  });

  it("with an allowance charges: Charging right after the refusal", async () => {
    // A megawatt-hour: far more than the test's half second at an hour a second delivers.
    const { cp, log } = await refusing16({ MaxEnergyOnInvalidId: "1000000" });
    const mark = log.calls.length;
    await cp.startTransaction(1, "BAD");
    expect(statuses16(log.calls.slice(mark))).toEqual(["Preparing", "Charging"]);
    expect(cp.connector(1).meter.power).toBeGreaterThan(0);
    expect(csms!.strictFailures).toEqual([]);
  });
});

const events201 = (): Payload[] => rpc!.log.of("TransactionEvent").map((c) => c.params);

describe("a token refused in the answer to its TransactionEvent Started (2.0.1, ocpp-rpc strict)", () => {
  it("with no allowance reports SuspendedEVSE (EnergyLimitReached), never the Charging state", async () => {
    const station = await stationOnOcppRpc201({ meterStartWh: 1000 }, { authorize: () => "Invalid" });
    ({ rpc, t } = station);
    const set = (await station.server.call("SetVariables", {
      setVariableData: [
        { component: { name: "TxCtrlr" }, variable: { name: "StopTxOnInvalidId" }, attributeValue: "false" },
      ],
    })) as Payload;
    expect(set.setVariableResult[0].attributeStatus).toBe("Accepted");
    const { cp } = station.t;

    await cp.startTransaction(1, "TAG-BAD");
    const limit = (c: LoggedCall) => c.params.triggerReason === "EnergyLimitReached";
    await rpc.log.waitForCount("TransactionEvent", 1, limit);
    expect(
      events201().map((e) => `${e.eventType} ${e.triggerReason} ${e.transactionInfo.chargingState}`),
    ).toEqual(["Started Authorized EVConnected", "Updated EnergyLimitReached SuspendedEVSE"]);
    expect(cp.connector(1).status).toBe("SuspendedEVSE");
    expect(cp.connector(1).meter.power).toBe(0);

    await cp.stopTransaction(1);
    const ended = events201().at(-1)!;
    expect(ended).toMatchObject({ eventType: "Ended", transactionInfo: { stoppedReason: "Local" } });
    expect(events201().some((e) => e.transactionInfo.chargingState === "Charging")).toBe(false);
    expect(rpc.strictFailures).toEqual([]);
    expect(t!.problems).toEqual([]);
  });
});
