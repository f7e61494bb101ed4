// The neutral commands as a 2.0.1 central system sends them, checked by an independent peer:
// ocpp-rpc in strict mode (subprotocol ocpp2.0.1) sends each call the 2.0.1 row makes of a neutral
// command to cpsim's station and validates it and its answer against ocpp-rpc's own schemas. The
// station's messages are read back as neutral events. (A scenario's centralSystemCall needs the
// embedded central system, so this drives the same translation from the test instead.)
import { afterEach, describe, expect, it } from "vitest";
import {
  type CentralCommandArgs,
  type CentralCommandName,
  versionCommand,
} from "../../src/ocpp/central-commands.ts";
import { versionRow } from "../../src/ocpp/versions.ts";
import type { TestChargePoint } from "./helpers.ts";
import { type OcppRpcCsms201, stationOnOcppRpc201 } from "./ocpp-rpc-201.ts";

const ROW = versionRow("2.0.1");

let t: TestChargePoint | undefined;
let rpc: OcppRpcCsms201 | undefined;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = t = rpc = undefined;
});

async function connected() {
  const station = await stationOnOcppRpc201({ connectors: 2 });
  ({ t, rpc, close } = station);
  /** Sends a neutral command as the 2.0.1 row translates it; resolves with its neutral answer. */
  return async <C extends CentralCommandName>(name: C, args: CentralCommandArgs[C]) => {
    const command = versionCommand(ROW.centralSystemCommands, name, args)!;
    return command.answer(await station.server.call(command.call.action, command.call.payload));
  };
}

/** The station's messages so far, as neutral events. */
const events = () => rpc!.log.calls.map((c) => ROW.readEvent(c.action, c.params)).filter((e) => e);

describe("neutral commands over OCPP 2.0.1 against ocpp-rpc strict", () => {
  it("remote start and stop, with the station's own transaction id, as remote-start-stop.yaml does", async () => {
    const send = await connected();
    const started = rpc!.log.waitForCount("TransactionEvent", 1, (c) => c.params.eventType === "Started");
    expect(await send("remoteStart", { connector: 1, idTag: "TAG-REMOTE" })).toEqual({ status: "Accepted" });
    await started;
    expect(events()).toContainEqual({
      event: "transactionStarted",
      fields: { connector: 1, idTag: "TAG-REMOTE", reservationId: undefined },
    });
    expect(await send("remoteStart", { connector: 1, idTag: "TAG-OTHER" })).toEqual({ status: "Rejected" });
    const txId = t!.cp.connector(1).transaction!.id!;
    const ended = rpc!.log.waitForCount("TransactionEvent", 1, (c) => c.params.eventType === "Ended");
    expect(await send("remoteStop", { transactionId: txId })).toEqual({ status: "Accepted" });
    await ended;
    expect(events()).toContainEqual({
      event: "transactionEnded",
      fields: { transactionId: String(txId), reason: "Remote", idTag: undefined },
    });
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("reservations, settings, availability, triggers and diagnostics", async () => {
    const send = await connected();
    const reserve = { idTag: "TAG-R", reservationId: 5, expiry: "2099-01-01T00:00:00Z" };
    expect(await send("reserve", { ...reserve, connector: 2 })).toEqual({ status: "Accepted" });
    expect(await send("cancelReservation", { reservationId: 5 })).toEqual({ status: "Accepted" });
    expect(await send("cancelReservation", { reservationId: 5 })).toEqual({ status: "Rejected" });
    expect(await send("setConfiguration", { key: "HeartbeatInterval", value: 90 })).toEqual({
      status: "Accepted",
    });
    expect(await send("getConfiguration", { key: "HeartbeatInterval" })).toEqual({
      status: "Accepted",
      value: "90",
    });
    expect(await send("changeAvailability", { connector: 2, availability: "Inoperative" })).toEqual({
      status: "Accepted",
    });
    const beat = rpc!.log.waitForCount("Heartbeat", 1);
    expect(await send("triggerMessage", { message: "heartbeat" })).toEqual({ status: "Accepted" });
    await beat;
    const uploaded = rpc!.log.waitForCount("LogStatusNotification", 1, (c) => c.params.status === "Uploaded");
    const upload = await send("uploadDiagnostics", { location: "https://example.com/logs" });
    expect(upload).toMatchObject({ status: "Accepted", fileName: expect.any(String) });
    await uploaded;
    expect(
      events()
        .filter((e) => e!.event === "diagnosticsStatus")
        .map((e) => e!.fields.status),
    ).toEqual(["Uploading", "Uploaded"]);
    expect(rpc!.strictFailures).toEqual([]);
  });
});
