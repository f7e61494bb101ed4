// The 2.0.1 builders against an independent peer: ocpp-rpc in strict mode with subprotocol
// ocpp2.0.1 on both ends validates every frame against ocpp-rpc's own 2.0.1 schemas. The
// station side is a raw RPCClient driven by cpsim's 2.0.1 modules (device model, transaction
// machine); the central system answers with the embedded central system's 2.0.1 answers.
import { afterEach, describe, expect, it } from "vitest";
import { CONNECTOR_STATUSES } from "../../src/ocpp/neutral.ts";
import { catalogOf } from "../../src/ocpp/v201/device-model/catalog.ts";
import { DEVICE_MODEL_ACTIONS, deviceModelCommand } from "../../src/ocpp/v201/device-model/commands.ts";
import { DeviceModel } from "../../src/ocpp/v201/device-model/model.ts";
import {
  bootNotification,
  firmwareStatusNotification,
  logStatusNotification,
  meterValues,
  statusNotification,
} from "../../src/ocpp/v201/messages.ts";
import { newTransactionIdState, nextTransactionId } from "../../src/ocpp/v201/tx/ids.ts";
import { EvseTransactions } from "../../src/ocpp/v201/tx/machine.ts";
import { txSettingsOf } from "../../src/ocpp/v201/tx/settings.ts";
import type { Happening } from "../../src/ocpp/v201/tx/state.ts";
import type { NotifyReportRequest, TransactionEventResponse } from "../../src/ocpp/v201/types.ts";
import { type OcppRpcCsms201, rawStation201, startOcppRpcCsms201 } from "./ocpp-rpc-201.ts";

let csms: OcppRpcCsms201 | undefined;
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await csms?.close();
  csms = undefined;
});

async function connect(identity: string) {
  csms ??= await startOcppRpcCsms201({ authorize: (t) => (t.startsWith("BAD") ? "Invalid" : "Accepted") });
  const station = await rawStation201(csms.url, identity);
  closers.push(station.close);
  const server = await csms.nextClient();
  return { ...station, server };
}

/** Runs `then` once the station's CALLRESULT to message `id` has gone out: NotifyReport follows the answer. */
function afterReply(
  client: Awaited<ReturnType<typeof rawStation201>>["client"],
  id: string,
  then: () => void,
) {
  const listener = ({ message, outbound }: { message: string; outbound: boolean }) => {
    if (!outbound) return;
    const frame = JSON.parse(message) as unknown[];
    if (frame[0] === 3 && frame[1] === id) {
      client.off("message", listener);
      then();
    }
  };
  client.on("message", listener);
}

describe("OCPP 2.0.1 payloads through ocpp-rpc strict mode", () => {
  it("boot, heartbeat, status, meter values, firmware and log status from the builders are valid and answered validly", async () => {
    const { client, strictFailures } = await connect("CS201-boot");
    const identity = {
      vendor: "cpsim",
      model: "cpsim",
      firmwareVersion: "1.0",
      chargePointSerialNumber: "SN-1",
      imsi: "2620",
    };
    const boot = await client.call("BootNotification", bootNotification(identity, "PowerUp"));
    expect(boot).toMatchObject({ status: "Accepted", interval: 86_400 });
    expect(await client.call("Heartbeat", {})).toHaveProperty("currentTime");
    for (const status of CONNECTOR_STATUSES)
      await client.call("StatusNotification", statusNotification(1, 1, status, Date.now()));
    await client.call(
      "MeterValues",
      meterValues(0, [
        {
          timestamp: Date.now(),
          values: [{ measurand: "Voltage", value: 230, unit: "V", context: "Sample.Clock" }],
        },
      ]),
    );
    await client.call("FirmwareStatusNotification", firmwareStatusNotification("Downloading", 1));
    await client.call("LogStatusNotification", logStatusNotification("UploadFailed", 2));
    // ocpp-rpc refuses a 1.6 payload on a 2.0.1 connection before it is sent: strict mode is on.
    await expect(client.call("Authorize", { idTag: "TAG" })).rejects.toThrow();
    expect(strictFailures).toHaveLength(1);
    expect(csms!.strictFailures).toEqual([]);
    expect(new Set(csms!.log.actions)).toEqual(
      new Set([
        "BootNotification",
        "Heartbeat",
        "StatusNotification",
        "MeterValues",
        "FirmwareStatusNotification",
        "LogStatusNotification",
      ]),
    );
  });

  it("a full session of TransactionEvents from the state machine", async () => {
    const { client, strictFailures } = await connect("CS201-tx");
    const dm = new DeviceModel(catalogOf([1]));
    const ids = newTransactionIdState();
    const evse = new EvseTransactions(1, 1);
    let wh = 0;
    let offline = false;
    const ctx = () => {
      wh += 250;
      return {
        now: Date.now(),
        meter: { "Energy.Active.Import.Register": wh, "Power.Active.Import": 7400, SoC: 50 },
        settings: txSettingsOf(dm),
        offline,
        newTransactionId: () => nextTransactionId(ids),
      };
    };
    const answers: TransactionEventResponse[] = [];
    const run = async (h: Happening) => {
      for (const event of evse.on(h, ctx())) {
        const answer = (await client.call("TransactionEvent", event)) as TransactionEventResponse;
        answers.push(answer);
      }
    };
    const set = (variable: string, value: string) =>
      dm.setVariables({
        setVariableData: [
          { component: { name: "SampledDataCtrlr" }, variable: { name: variable }, attributeValue: value },
        ],
      });
    set("TxUpdatedMeasurands", "Energy.Active.Import.Register,Power.Active.Import,SoC");
    set("TxEndedMeasurands", "Energy.Active.Import.Register,SoC");

    await run({ kind: "cablePlugged" });
    await run({ kind: "authorized", idToken: { idToken: "GOOD1", type: "ISO14443" } });
    await run({ kind: "powerPathClosed", trigger: "Authorized" });
    await run({ kind: "energyTransferStarted" });
    offline = true;
    await run({ kind: "meterSampleDue" });
    offline = false;
    await run({ kind: "stopAuthorized" });
    const events = csms!.log.of("TransactionEvent").map((c) => c.params);
    expect(events.map((e) => [e.eventType, e.triggerReason, e.seqNo])).toEqual([
      ["Started", "Authorized", 0],
      ["Updated", "ChargingStateChanged", 1],
      ["Updated", "MeterValuePeriodic", 2],
      ["Ended", "StopAuthorized", 3],
    ]);
    expect(events[2]!.offline).toBe(true);
    expect(answers[0]).toEqual({ idTokenInfo: { status: "Accepted" } });
    expect(csms!.state.transactions.size).toBe(0);

    expect(strictFailures).toEqual([]);
    expect(csms!.strictFailures).toEqual([]);
  });

  it("GetBaseReport/GetReport answered, then NotifyReport in parts; GetVariables/SetVariables round trip", async () => {
    const { client, server, strictFailures } = await connect("CS201-dm");
    const dm = new DeviceModel(catalogOf([2, 1]));
    // The station answers each command, then sends what follows it (NotifyReport parts) in order.
    for (const action of DEVICE_MODEL_ACTIONS) {
      client.handle(action, async ({ params, messageId }) => {
        const { answer, followUps } = deviceModelCommand(dm, action, params, Date.now())!;
        afterReply(client, messageId!, async () => {
          for (const f of followUps) await client.call(f.action, f.payload);
        });
        return answer as Record<string, unknown>;
      });
    }

    expect(await server.call("GetBaseReport", { requestId: 11, reportBase: "FullInventory" })).toEqual({
      status: "Accepted",
    });
    const total = dm.catalog.slots.length;
    const parts = Math.ceil(total / 20);
    await csms!.log.waitForCount("NotifyReport", parts);
    const notified = csms!.log.of("NotifyReport").map((c) => c.params as unknown as NotifyReportRequest);
    expect(notified.map((n) => [n.requestId, n.seqNo, n.tbc])).toEqual(
      Array.from({ length: parts }, (_, i) => [11, i, i < parts - 1]),
    );
    expect(notified.flatMap((n) => n.reportData ?? [])).toHaveLength(total);

    expect(await server.call("GetReport", { requestId: 12, componentCriteria: ["Problem"] })).toEqual({
      status: "EmptyResultSet",
    });
    expect(
      await server.call("GetReport", {
        requestId: 13,
        componentVariable: [{ component: { name: "EVSE", evse: { id: 2 } } }],
      }),
    ).toEqual({ status: "Accepted" });
    await csms!.log.waitForCount("NotifyReport", parts + 1);
    expect(csms!.log.of("NotifyReport").at(-1)!.params).toMatchObject({
      requestId: 13,
      seqNo: 0,
      tbc: false,
    });

    const setResult = await server.call("SetVariables", {
      setVariableData: [
        { component: { name: "TxCtrlr" }, variable: { name: "TxStartPoint" }, attributeValue: "EVConnected" },
        { component: { name: "DeviceDataCtrlr" }, variable: { name: "ValueSize" }, attributeValue: "1" },
        { component: { name: "Nope" }, variable: { name: "Enabled" }, attributeValue: "true" },
      ],
    });
    expect(
      (setResult as { setVariableResult: { attributeStatus: string }[] }).setVariableResult.map(
        (r) => r.attributeStatus,
      ),
    ).toEqual(["Accepted", "Rejected", "UnknownComponent"]);
    const getResult = await server.call("GetVariables", {
      getVariableData: [{ component: { name: "TxCtrlr" }, variable: { name: "TxStartPoint" } }],
    });
    expect(getResult).toEqual({
      getVariableResult: [
        {
          attributeStatus: "Accepted",
          attributeValue: "EVConnected",
          component: { name: "TxCtrlr" },
          variable: { name: "TxStartPoint" },
        },
      ],
    });
    expect(strictFailures).toEqual([]);
    expect(csms!.strictFailures).toEqual([]);
  });
});
