// A whole charging session over OCPP 1.5 and 1.6 SOAP against a central system built only from
// the `soap` package and the official WSDLs, including its calls back to the charge point.
import { afterEach, describe, expect, it } from "vitest";
import { closeChargePoint, makeChargePoint, type TestChargePoint } from "./helpers.ts";
import { type SoapPeer, type SoapVersion, startSoapPeer } from "./soap-peer.ts";

for (const version of ["1.5", "1.6"] as SoapVersion[]) {
  describe(`OCPP ${version} SOAP against an independent soap central system`, () => {
    let peer: SoapPeer | undefined;
    let t: TestChargePoint | undefined;

    afterEach(async () => {
      await closeChargePoint(t);
      await peer?.close();
      t = undefined;
      peer = undefined;
    });

    async function booted() {
      peer = await startSoapPeer(version);
      t = makeChargePoint(peer.url, {
        id: "CP-SOAP-1",
        connectors: 1,
        config: { MeterValueSampleInterval: "0" },
        link: { version },
      });
      await t.cp.connect();
      const boot = await t.cp.boot();
      return { peer, cp: t.cp, boot };
    }

    it("boots with the OCPP and WS-Addressing headers a central system reads", async () => {
      const { peer, boot } = await booted();
      expect(boot.status).toBe("Accepted");
      expect(boot.intervalSec).toBe(86400);
      const h = peer.headers[0]!;
      expect(h.chargeBoxIdentity).toBe("CP-SOAP-1");
      expect(h.Action).toMatchObject({ $value: "/BootNotification" });
      expect(String((h.MessageID as string) ?? "")).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect((h.To as { $value: string }).$value).toBe(peer.url);
      const from = (h.From as { Address: string }).Address;
      expect(from).toMatch(
        new RegExp(`^http://127\\.0\\.0\\.1:\\d+/ocpp${version.replace(".", "\\.")}/CP-SOAP-1$`),
      );
      expect(peer.log.calls[0]!.params).toMatchObject({ chargePointVendor: expect.any(String) });
      expect(t!.problems).toEqual([]);
    });

    it("runs a session: status, authorize, start, meter values, stop, heartbeat", async () => {
      const { peer, cp } = await booted();
      await cp.plugIn(1);
      expect((await cp.authorize("TAG-1")).status).toBe("Accepted");
      const started = await cp.startTransaction(1, "TAG-1", { powerW: 11_000 });
      expect(started.transactionId).toBe(4242);
      await cp.sendMeterValues(1);
      await cp.stopTransaction(1, "Local");
      await cp.heartbeat();
      const actions = peer.log.actions;
      expect(actions[0]).toBe("BootNotification");
      expect(actions).toContain("Authorize");
      expect(actions.filter((a) => a === "StartTransaction")).toHaveLength(1);
      const start = peer.log.of("StartTransaction")[0]!.params;
      expect(start).toMatchObject({ connectorId: 1, idTag: "TAG-1" });
      // The `soap` package parses xsd:dateTime into a Date: an invalid one would be NaN.
      expect((start.timestamp as Date).getTime()).toBeGreaterThan(Date.parse("2020-01-01"));
      const mv = peer.log.of("MeterValues")[0]!.params;
      expect(mv.transactionId).toBe(4242);
      const stop = peer.log.of("StopTransaction")[0]!.params;
      expect(stop.transactionId).toBe(4242);
      // 1.5 has no stop reason; 1.6 sends it.
      expect(stop.reason).toBe(version === "1.5" ? undefined : "Local");
      const statuses = peer.log
        .of("StatusNotification")
        .map((c) => `${c.params.connectorId}:${c.params.status}`);
      // 1.5 folds Preparing, Charging and Finishing into one Occupied.
      expect(statuses).toEqual(
        version === "1.5"
          ? ["0:Available", "1:Available", "1:Occupied"]
          : ["0:Available", "1:Available", "1:Preparing", "1:Charging", "1:Finishing"],
      );
      expect(actions.at(-1)).toBe("Heartbeat");
      expect(t!.problems).toEqual([]);
    });

    it("answers RemoteStartTransaction, ChangeConfiguration and Reset on its own endpoint", async () => {
      const { peer } = await booted();
      expect(await peer.command("ChangeConfiguration", { key: "HeartbeatInterval", value: "120" })).toEqual({
        status: "Accepted",
      });
      expect(await peer.command("ChangeConfiguration", { key: "NoSuchKey", value: "1" })).toEqual({
        status: "NotSupported",
      });
      expect(await peer.command("RemoteStartTransaction", { idTag: "TAG-R", connectorId: 1 })).toEqual({
        status: "Accepted",
      });
      await peer.log.waitForCount("StartTransaction", 1);
      expect(peer.log.of("StartTransaction")[0]!.params).toMatchObject({ idTag: "TAG-R", connectorId: 1 });
      expect(await peer.command("Reset", { type: "Soft" })).toEqual({ status: "Accepted" });
      await peer.log.waitForCount("BootNotification", 2);
      const stop = peer.log.of("StopTransaction")[0]!.params;
      expect(stop.transactionId).toBe(4242);
      if (version === "1.6") expect(stop.reason).toBe("SoftReset");
      expect(t!.problems).toEqual([]);
    });
  });
}

describe("OCPP 1.5 SOAP: overrides speak 1.6, the wire speaks 1.5", () => {
  let peer: SoapPeer | undefined;
  let t: TestChargePoint | undefined;
  afterEach(async () => {
    await closeChargePoint(t);
    await peer?.close();
  });

  it("translates requests before an override sees them and its answers after, and hides 1.6-only keys", async () => {
    peer = await startSoapPeer("1.5");
    const seen: Record<string, unknown>[] = [];
    t = makeChargePoint(peer.url, {
      id: "CP-SOAP-15",
      connectors: 1,
      config: { MeterValueSampleInterval: "0" },
      link: {
        version: "1.5",
        intercept: (_cp, action, payload, auto) => {
          seen.push({ action, payload });
          // A scenario's respond: is written in 1.6 words, whatever the version.
          return action === "UnlockConnector" ? { status: "Unlocked" } : auto();
        },
      },
    });
    await t.cp.connect();
    await t.cp.boot();
    expect(await peer.command("UnlockConnector", { connectorId: 1 })).toEqual({ status: "Accepted" });
    await peer.command("SendLocalList", {
      updateType: "Full",
      listVersion: 2,
      localAuthorisationList: [{ idTag: "L-1", idTagInfo: { status: "Accepted" } }],
    });
    expect(seen.find((s) => s.action === "SendLocalList")?.payload).toMatchObject({
      localAuthorizationList: [{ idTag: "L-1" }],
    });
    const conf = await peer.command("GetConfiguration", {
      key: ["SupportedFeatureProfiles", "ChargeProfileMaxStackLevel"],
    });
    expect(conf).toEqual({
      configurationKey: [
        {
          key: "SupportedFeatureProfiles",
          readonly: true,
          value: "Core,FirmwareManagement,LocalAuthListManagement,Reservation",
        },
      ],
      unknownKey: ["ChargeProfileMaxStackLevel"],
    });
    expect(
      await peer.command("ChangeConfiguration", { key: "ChargeProfileMaxStackLevel", value: "3" }),
    ).toEqual({
      status: "NotSupported",
    });
    expect(t.problems).toEqual([]);
  });
});
