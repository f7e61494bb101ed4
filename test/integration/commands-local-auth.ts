// Local authorization (ClearCache, SendLocalList, GetLocalListVersion, authorizing from the list)
// and the offline queue of transaction messages, as one suite run against two central systems:
// cpsim's embedded one and ocpp-rpc in strict mode. Each peer records every call the charge point
// makes with its payload, so a test can check what the central system received, in order.
import { afterEach, describe, expect, it } from "vitest";
import type { ChargePointOptions } from "../../src/chargepoint/charge-point.ts";
import { CentralSystem } from "../../src/csms/server.ts";
import type { AuthorizationStatus } from "../../src/ocpp/neutral.ts";
import { CP } from "./command-peers.ts";
import {
  CallLog,
  closeChargePoint,
  HEARTBEAT_INTERVAL,
  makeChargePoint,
  OCPP_RPC_TRANSACTION_ID,
  startOcppRpcCsms,
  type TestChargePoint,
} from "./helpers.ts";

export interface AuthPeer {
  url: string;
  /** Every call from the charge point, with its payload. */
  log: CallLog;
  /**
   * Whether the peer checks its own calls against the official schemas, errata included: the
   * official SendLocalList.json does not check expiryDate, ocpp-rpc's corrected copy does.
   */
  officialSchemas: boolean;
  /** The ids the peer gives the first two transactions. */
  transactionIds: [number, number];
  /** Sends a call to the charge point; resolves with its whole answer. */
  call(action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Sends a call the charge point must answer with a CALLERROR; resolves with its code. */
  callError(action: string, payload: Record<string, unknown>): Promise<string>;
  problems(): unknown[];
  close(): Promise<void>;
}

export interface AuthPeerOptions {
  authorize?: (idTag: string) => AuthorizationStatus;
}

export async function embeddedAuthPeer(
  opts: AuthPeerOptions,
  transport: "json" | "soap" = "json",
): Promise<AuthPeer> {
  const log = new CallLog();
  const cs = await CentralSystem.start({
    heartbeatIntervalSec: HEARTBEAT_INTERVAL,
    authorize: opts.authorize,
    trace: (m) => {
      if (m.dir === "in" && m.kind === "call") log.record(m.action, m.payload);
    },
  });
  const call = (action: string, payload: unknown) => cs.call(CP, action, payload);
  return {
    url: transport === "soap" ? cs.soapUrl("1.6") : cs.url,
    log,
    // The 1.6 WSDL puts expiryDate where it belongs, so over SOAP a bad one never leaves.
    officialSchemas: transport === "json",
    transactionIds: [1, 2],
    call: async (action, payload) => (await call(action, payload)) as Record<string, unknown>,
    callError: (action, payload) =>
      call(action, payload).then(
        () => "no error",
        (e: { code?: string }) => e.code ?? String(e),
      ),
    problems: () => cs.problems,
    close: () => cs.close(),
  };
}

export async function ocppRpcAuthPeer(opts: AuthPeerOptions): Promise<AuthPeer> {
  const csms = await startOcppRpcCsms(opts);
  type Client = Awaited<ReturnType<typeof csms.nextClient>>;
  let client: Client | undefined;
  let closed = false;
  // A reconnect opens a new connection: calls go to the newest one.
  void (async () => {
    while (!closed) client = await csms.nextClient();
  })();
  const call = (action: string, payload: unknown) => {
    if (!client) throw new Error("the charge point has not connected");
    return client.call(action, payload);
  };
  return {
    url: csms.url,
    log: csms.log,
    officialSchemas: false,
    transactionIds: [OCPP_RPC_TRANSACTION_ID, OCPP_RPC_TRANSACTION_ID],
    call: async (action, payload) => (await call(action, payload)) as Record<string, unknown>,
    callError: (action, payload) =>
      call(action, payload).then(
        () => "no error",
        (e: { rpcErrorCode?: string }) => e.rpcErrorCode ?? String(e),
      ),
    problems: () => [...csms.strictFailures, ...csms.badMessages],
    close: async () => {
      closed = true;
      await csms.close();
    },
  };
}

const ok = { status: "Accepted" };

export function localAuthTests(name: string, startPeer: (opts: AuthPeerOptions) => Promise<AuthPeer>): void {
  describe(`local authorization and the offline queue with ${name}`, () => {
    let peer: AuthPeer | undefined;
    let t: TestChargePoint | undefined;

    afterEach(async () => {
      await closeChargePoint(t);
      t = undefined;
      await peer?.close();
      peer = undefined;
    });

    async function setup(opts: AuthPeerOptions & Partial<ChargePointOptions> = {}) {
      const { authorize, ...cpOptions } = opts;
      peer = await startPeer({ authorize });
      t = makeChargePoint(peer.url, {
        ...cpOptions,
        config: { MeterValueSampleInterval: "0", ...cpOptions.config },
      });
      await t.cp.connect();
      await t.cp.boot();
      return { cp: t.cp, peer };
    }

    const listVersion = async () => (await peer!.call("GetLocalListVersion", {})).listVersion;

    function expectClean(): void {
      expect(peer!.problems()).toEqual([]);
      expect(t!.problems).toEqual([]);
    }

    it("SendLocalList Full and Differential move the version GetLocalListVersion reports; an old one is a VersionMismatch", async () => {
      const { cp } = await setup();
      expect(await listVersion()).toBe(0);
      const send = (updateType: string, version: number, list?: unknown[]) =>
        peer!.call("SendLocalList", {
          updateType,
          listVersion: version,
          ...(list && { localAuthorizationList: list }),
        });
      expect(
        await send("Full", 2, [
          { idTag: "TAG-A", idTagInfo: ok },
          { idTag: "TAG-B", idTagInfo: { status: "Blocked", expiryDate: "2040-01-01T00:00:00.000Z" } },
        ]),
      ).toEqual(ok);
      expect(await listVersion()).toBe(2);
      expect(await send("Differential", 5, [{ idTag: "TAG-A" }, { idTag: "TAG-C", idTagInfo: ok }])).toEqual(
        ok,
      );
      expect(await listVersion()).toBe(5);
      expect(await send("Differential", 5, [{ idTag: "TAG-D", idTagInfo: ok }])).toEqual({
        status: "VersionMismatch",
      });
      expect(await listVersion()).toBe(5);
      expect(
        ["TAG-A", "TAG-B", "TAG-C", "TAG-D"].map((tag) => cp.localAuth.lookup(tag)?.info.status),
      ).toEqual([undefined, "Blocked", "Accepted", undefined]);
      // An empty Full list leaves version 0, whatever version it carried (§5.10).
      expect(await send("Full", 6)).toEqual(ok);
      expect(await listVersion()).toBe(0);
      expectClean();
    });

    it("SendLocalList that breaks what the schema does not check gets a CALLERROR and changes nothing", async () => {
      await setup({ config: { SendLocalListMaxLength: "2" } });
      const list = (...tags: string[]) => tags.map((idTag) => ({ idTag, idTagInfo: ok }));
      const send = (localAuthorizationList: unknown[], listVersion = 1) =>
        peer!.callError("SendLocalList", { updateType: "Full", listVersion, localAuthorizationList });
      expect(await send(list("A", "B", "C"))).toBe("OccurenceConstraintViolation");
      expect(await send(list("A", "A"))).toBe("OccurenceConstraintViolation");
      expect(await send(list("A"), -1)).toBe("PropertyConstraintViolation");
      // The official schema misplaces idTagInfo's expiryDate, so the charge point checks it itself.
      const badDate = [{ idTag: "A", idTagInfo: { status: "Accepted", expiryDate: "next week" } }];
      if (peer!.officialSchemas) expect(await send(badDate)).toBe("PropertyConstraintViolation");
      expect(await listVersion()).toBe(0);
      expect(t!.problems).toEqual([]);
    });

    it("LocalAuthListEnabled false: GetLocalListVersion is -1 and SendLocalList NotSupported", async () => {
      await setup();
      expect(
        await peer!.call("ChangeConfiguration", { key: "LocalAuthListEnabled", value: "false" }),
      ).toEqual(ok);
      expect(await listVersion()).toBe(-1);
      expect(await peer!.call("SendLocalList", { updateType: "Full", listVersion: 1 })).toEqual({
        status: "NotSupported",
      });
      const { configurationKey } = await peer!.call("GetConfiguration", {
        key: ["SupportedFeatureProfiles"],
      });
      expect(configurationKey).toEqual([
        {
          key: "SupportedFeatureProfiles",
          readonly: true,
          value: "Core,FirmwareManagement,LocalAuthListManagement,Reservation,RemoteTrigger,SmartCharging",
        },
      ]);
      expectClean();
    });

    it("ClearCache empties the cache, so the next remote start asks the central system again; Rejected while the cache is disabled", async () => {
      const { cp } = await setup({ config: { LocalPreAuthorize: "true" } });
      await cp.authorize("TAG-K");
      const remoteStart = async () => {
        const mark = peer!.log.calls.length;
        expect(await peer!.call("RemoteStartTransaction", { connectorId: 1, idTag: "TAG-K" })).toEqual(ok);
        await peer!.log.waitForCount("StatusNotification", 1, (c) => c.params.status === "Charging");
        const actions = peer!.log.actions.slice(mark);
        await cp.stopTransaction(1);
        await cp.unplug(1);
        return actions;
      };
      // Cached and LocalPreAuthorize: the transaction starts without an Authorize.req.
      expect(await remoteStart()).toEqual(["StatusNotification", "StartTransaction", "StatusNotification"]);
      expect(await peer!.call("ClearCache", {})).toEqual(ok);
      expect(cp.localAuth.cache.size).toBe(0);
      const again = await peer!.call("RemoteStartTransaction", { connectorId: 1, idTag: "TAG-K" });
      expect(again).toEqual(ok);
      await peer!.log.waitForCount("Authorize", 2);
      expect(peer!.log.of("Authorize").map((c) => c.params.idTag)).toEqual(["TAG-K", "TAG-K"]);
      expect(
        await peer!.call("ChangeConfiguration", { key: "AuthorizationCacheEnabled", value: "false" }),
      ).toEqual(ok);
      expect(await peer!.call("ClearCache", {})).toEqual({ status: "Rejected" });
      expectClean();
    });

    it("a listed idTag authorizes without Authorize.req, offline too; the list outranks what the central system says", async () => {
      const { cp } = await setup({
        authorize: (idTag) => (idTag === "TAG-LISTED" ? "Blocked" : "Accepted"),
        config: { LocalPreAuthorize: "true" },
      });
      await peer!.call("SendLocalList", {
        updateType: "Full",
        listVersion: 1,
        localAuthorizationList: [{ idTag: "TAG-LISTED", idTagInfo: ok }],
      });
      expect(await cp.authorizeIdTag("TAG-LISTED")).toEqual({ info: ok, source: "LocalList" });
      await cp.disconnect();
      expect(await cp.authorizeIdTag("TAG-LISTED")).toEqual({ info: ok, source: "LocalList" });
      expect(await cp.authorizeIdTag("TAG-UNKNOWN")).toEqual({
        info: { status: "Invalid" },
        source: "Offline",
      });
      expect(peer!.log.of("Authorize")).toEqual([]);
      expectClean();
    });

    it("offline: the transaction messages are queued and delivered in order on reconnect, with the transaction id the central system gives", async () => {
      const { cp } = await setup();
      const [first, second] = peer!.transactionIds;
      await cp.startTransaction(1, "TAG-1");
      await cp.disconnect();
      await cp.sendMeterValues(1, "Sample.Periodic");
      expect(await cp.stopTransaction(1, "Local")).toEqual({ queued: true });
      await cp.unplug(1);
      expect(await cp.startTransaction(1, "TAG-2")).toEqual({ queued: true });
      await cp.sendMeterValues(1, "Sample.Periodic");
      const mark = peer!.log.calls.length;
      expect(await cp.connect()).toEqual({
        delivered: ["MeterValues", "StopTransaction", "StartTransaction", "MeterValues"],
        events: ["transactionUpdated", "transactionEnded", "transactionStarted", "transactionUpdated"],
        pending: 0,
      });
      await peer!.log.waitForCount("StatusNotification", 1, (c) => c.params.status === "Charging");
      const received = peer!.log.calls.slice(mark).map(({ action, params }) => {
        const { transactionId, idTag, status } = params as Record<string, unknown>;
        return [action, transactionId ?? idTag ?? status].join(" ");
      });
      expect(received).toEqual([
        `MeterValues ${first}`,
        `StopTransaction ${first}`,
        "StartTransaction TAG-2",
        `MeterValues ${second}`,
        // The status that changed offline follows the queue.
        "StatusNotification Charging",
      ]);
      expect(cp.connector(1).transaction?.id).toBe(second);
      // The readings keep the time they were taken, not the time they were delivered.
      const stop = peer!.log.of("StopTransaction")[0]!.params;
      const start = peer!.log.of("StartTransaction")[1]!.params;
      expect(Date.parse(start.timestamp as string)).toBeGreaterThanOrEqual(
        Date.parse(stop.timestamp as string),
      );
      await cp.stopTransaction(1);
      expect(peer!.log.of("StopTransaction")[1]!.params).toMatchObject({ transactionId: second });
      expectClean();
    });
  });
}
