// The CSMS's 2.0.1 commands beyond the session, answered by cpsim's station and checked by
// ocpp-rpc in strict mode (subprotocol ocpp2.0.1): each answer schema-valid, with its follow-ups.
import { afterEach, describe, expect, it } from "vitest";
import type { TestChargePoint } from "./helpers.ts";
import { type OcppRpcCsms201, stationOnOcppRpc201 } from "./ocpp-rpc-201.ts";

let t: TestChargePoint | undefined;
let rpc: OcppRpcCsms201 | undefined;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = t = rpc = undefined;
});

async function connected(config: Record<string, string> = {}) {
  const station = await stationOnOcppRpc201({ config });
  ({ t, rpc, close } = station);
  return station.server;
}

describe("2.0.1 CSMS commands against cpsim's station (ocpp-rpc strict)", () => {
  it("RequestStartTransaction keeps the idToken's type: an eMAID is authorized and started as eMAID", async () => {
    const server = await connected({ AuthorizeRemoteTxRequests: "true" });
    const started = rpc!.log.waitForCount("TransactionEvent", 1, (c) => c.params.eventType === "Started");
    const idToken = { idToken: "DE8ACC12E46L89", type: "eMAID" };
    expect(await server.call("RequestStartTransaction", { evseId: 1, remoteStartId: 5, idToken })).toEqual({
      status: "Accepted",
    });
    await started;
    expect(rpc!.log.of("Authorize").map((c) => c.params.idToken)).toEqual([idToken]);
    expect(rpc!.log.of("TransactionEvent")[0]!.params).toMatchObject({
      triggerReason: "RemoteStart",
      idToken,
    });
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("GetLog and UpdateFirmware are accepted; their status notifications carry the requestId", async () => {
    const server = await connected();
    const uploaded = rpc!.log.waitForCount(
      "LogStatusNotification",
      1,
      (c) => c.params.status !== "Uploading",
    );
    const log = (await server.call("GetLog", {
      requestId: 32,
      logType: "DiagnosticsLog",
      log: { remoteLocation: "https://example.com/logs" },
    })) as Record<string, unknown>;
    expect(log.status).toBe("Accepted");
    await uploaded;
    expect(rpc!.log.of("LogStatusNotification").every((c) => c.params.requestId === 32)).toBe(true);
    // Installed firmware reboots the station: it boots again on a new connection.
    const rebooted = rpc!.log.waitForCount("BootNotification", 2);
    expect(
      await server.call("UpdateFirmware", {
        requestId: 31,
        firmware: { location: "https://example.com/fw.bin", retrieveDateTime: new Date().toISOString() },
      }),
    ).toEqual({ status: "Accepted" });
    await rebooted;
    const fw = rpc!.log.of("FirmwareStatusNotification").map((c) => c.params);
    expect(fw.map((p) => p.status)).toEqual(["Downloading", "Downloaded", "Installing", "Installed"]);
    expect(fw.every((p) => p.requestId === 31)).toBe(true);
    expect(rpc!.strictFailures).toEqual([]);
  });

  it("availability, triggers, unlock and the features the station lacks", async () => {
    const server = await connected();
    expect(
      await server.call("ChangeAvailability", { operationalStatus: "Inoperative", evse: { id: 1 } }),
    ).toEqual({ status: "Accepted" });
    expect(
      await server.call("ChangeAvailability", { operationalStatus: "Operative", evse: { id: 3 } }),
    ).toMatchObject({ status: "Rejected" });
    const beat = rpc!.log.waitForCount("Heartbeat", 1);
    expect(await server.call("TriggerMessage", { requestedMessage: "Heartbeat" })).toEqual({
      status: "Accepted",
    });
    await beat;
    expect(await server.call("TriggerMessage", { requestedMessage: "SignV2GCertificate" })).toEqual({
      status: "NotImplemented",
    });
    expect(await server.call("UnlockConnector", { evseId: 2, connectorId: 1 })).toEqual({
      status: "UnknownConnector",
    });
    expect(await server.call("ClearCache", {})).toEqual({ status: "Accepted" });
    expect(await server.call("GetLocalListVersion", {})).toMatchObject({ versionNumber: expect.any(Number) });
    expect(await server.call("DataTransfer", { vendorId: "com.example" })).toEqual({
      status: "UnknownVendorId",
    });
    expect(await server.call("GetCompositeSchedule", { duration: 60, evseId: 3 })).toMatchObject({
      status: "Rejected",
      statusInfo: { reasonCode: "UnknownEvse" },
    });
    expect(await server.call("GetDisplayMessages", { requestId: 1 })).toEqual({ status: "Unknown" });
    expect(rpc!.strictFailures).toEqual([]);
    expect(t!.problems).toEqual([]);
  });
});
