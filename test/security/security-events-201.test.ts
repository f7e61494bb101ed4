// The 2.0.1 security events of connections and messages (Part 2, Appendix 1), against ocpp-rpc in
// strict mode over 127.0.0.1: a CSMS whose TLS certificate fails verification for a while
// (InvalidCsmsCertificate), one that refuses the credentials with HTTP 401 (FailedToAuthenticateAtCsms),
// one that sends frames that are no valid OCPP (InvalidMessages), and a SetVariables of a
// SecurityCtrlr variable (ReconfigurationOfSecurityParameters). Each is delivered once a
// connection is up, once, and never carries a password.
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { SecureContextOptions } from "node:tls";
import { type RPCClient, RPCServer } from "ocpp-rpc";
import { afterEach, describe, expect, it } from "vitest";
import { STATION_INITIATED_201 } from "../../src/ocpp/v201/actions.ts";
import { CentralSystem201 } from "../../src/ocpp/v201/csms-answers.ts";
import { SimClock } from "../../src/util/clock.ts";
import { passingRunMessages } from "../cli/helpers.ts";
import {
  CallLog,
  closeChargePoint,
  HEARTBEAT_INTERVAL,
  HOST,
  Inbox,
  makeChargePoint,
  type TestChargePoint,
} from "../integration/helpers.ts";
import { CsmsStateForTests, SUBPROTOCOL_201, stationOnOcppRpc201 } from "../integration/ocpp-rpc-201.ts";
import { FAST_RECONNECT } from "../integration/reconnect-drops.ts";
import { fixture } from "./tls-peer.ts";

type RpcPeer = InstanceType<typeof RPCClient>;
const PASSWORD = "s3cret-station-pa55word";
const pem = (name: string) => readFileSync(fixture(name));

/**
 * A strict ocpp-rpc CSMS behind basic auth, over TLS with the fixtures' server certificate or over
 * plain ws://. `present(…)` changes the TLS set-up of the next handshakes, `state.refuse` is the
 * number of upgrades it answers with 401 before it accepts the password again.
 */
async function startCsms(tls: boolean) {
  const rpc = new RPCServer({ protocols: [SUBPROTOCOL_201], strictMode: true, pingIntervalMs: 0 });
  const log = new CallLog();
  const clients = new Inbox<RpcPeer>();
  const strictFailures: unknown[] = [];
  const csms = new CentralSystem201(
    new CsmsStateForTests({
      bootStatus: () => "Accepted",
      heartbeatIntervalSec: HEARTBEAT_INTERVAL,
      authorize: () => "Accepted",
    }),
  );
  const state = { refuse: 0, refused: 0 };
  rpc.auth((accept, reject, handshake) => {
    if (state.refuse > 0) {
      state.refuse--;
      state.refused++;
      return reject(401, "Unauthorized");
    }
    if (handshake.password?.toString("utf8") !== PASSWORD) return reject(401, "Unauthorized");
    accept();
  });
  rpc.on("client", (client: RpcPeer) => {
    client.on("strictValidationFailure", (e) => strictFailures.push(e));
    for (const action of STATION_INITIATED_201)
      client.handle(action, async ({ params }) => {
        log.record(action, params);
        return csms.answer(client.identity ?? "", action, params) as Record<string, unknown>;
      });
    clients.push(client);
  });
  const https = tls ? createHttpsServer({ key: pem("server.key"), cert: pem("server.pem") }) : undefined;
  const server: Server = https ?? createHttpServer();
  server.on("upgrade", rpc.handleUpgrade);
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? "wss" : "ws"}://${HOST}:${port}/ocpp`,
    log,
    state,
    strictFailures,
    nextClient: () => clients.next(),
    /** Resolves when a TLS client gives up on the handshake (it refused the certificate). */
    handshakeRefused: () => once(server, "tlsClientError"),
    /** The TLS set-up of the next handshakes: the fixtures' server certificate and Node's defaults, unless changed. */
    present(context: SecureContextOptions = {}) {
      https?.setSecureContext({ key: pem("server.key"), cert: pem("server.pem"), ...context });
    },
    close: async () => {
      await rpc.close({ force: true });
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Csms = Awaited<ReturnType<typeof startCsms>>;

let t: TestChargePoint | undefined;
let csms: Csms | undefined;
let closeStation: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeChargePoint(t);
  await csms?.close();
  await closeStation?.();
  t = csms = closeStation = undefined;
});

const securityEvents = (log: CallLog) =>
  log.of("SecurityEventNotification").map((c) => c.params as { type: string; techInfo?: string });

/** A 2.0.1 station of quick reconnections, connected and booted against `c`. */
async function bootedStation(c: Csms, link: { ca?: Buffer } = {}) {
  const station = makeChargePoint(c.url, {
    clock: new SimClock(100),
    config: FAST_RECONNECT,
    link: { version: "2.0.1", password: PASSWORD, ...(link.ca && { tls: { ca: link.ca } }) },
  });
  const server = c.nextClient();
  await station.cp.connect();
  const peer = await server;
  await station.cp.boot();
  await c.log.waitForCount("SecurityEventNotification", 1);
  return { station, peer };
}

describe("2.0.1 security events of connections", () => {
  // Each TLS set-up the station must refuse, and what it reports once a connection succeeds.
  const refusedTls = [
    {
      type: "InvalidCsmsCertificate",
      // The fixtures' client certificate: issued for a charge point, not for this host.
      context: { key: pem("client.key"), cert: pem("client.pem") },
      error: "the TLS certificate of the central system was not accepted (INVALID_PURPOSE)",
      techInfo: "the CSMS's TLS certificate failed verification (INVALID_PURPOSE); no connection was made",
    },
    {
      type: "InvalidTLSVersion",
      // TLS 1.0 and 1.1 only (OpenSSL allows them at security level 0).
      context: { minVersion: "TLSv1", maxVersion: "TLSv1.1", ciphers: "DEFAULT@SECLEVEL=0" },
      error: "the central system speaks no TLS version of 1.2 or later (tlsv1 alert protocol version)",
      techInfo:
        "the CSMS speaks no TLS version of 1.2 or later (tlsv1 alert protocol version); no connection was made",
    },
  ] satisfies { context: SecureContextOptions; [k: string]: unknown }[];

  it.each(refusedTls)(
    "$type: reconnections refused for the CSMS's TLS give one event once the next one succeeds",
    async (c) => {
      csms = await startCsms(true);
      const { station, peer } = await bootedStation(csms, { ca: pem("ca.pem") });
      t = station;
      // The CSMS changes its TLS and drops the station, whose reconnections fail until it is back.
      csms.present(c.context);
      const refused = csms.handshakeRefused();
      const back = csms.nextClient();
      await peer.close({ force: true });
      await refused;
      csms.present();
      await back;
      await csms.log.waitForCount("SecurityEventNotification", 2);
      await t.cp.heartbeat();

      const tries = t.events.filter((e) => e.type === "reconnecting" && e.error);
      expect(tries.length).toBeGreaterThanOrEqual(1);
      expect(tries[0]).toMatchObject({ error: expect.stringContaining(c.error) });
      // However many attempts failed, one event, before anything else on the new connection.
      expect(securityEvents(csms.log)).toEqual([
        { type: "StartupOfTheDevice", timestamp: expect.any(String), techInfo: "powered up" },
        { type: c.type, timestamp: expect.any(String), techInfo: c.techInfo },
      ]);
      expect(csms.log.actions.slice(-2)).toEqual(["SecurityEventNotification", "Heartbeat"]);
      expect(csms.strictFailures).toEqual([]);
    },
  );

  it("FailedToAuthenticateAtCsms: upgrades answered 401 during the reconnection give one event, without the password", async () => {
    csms = await startCsms(false);
    const { station, peer } = await bootedStation(csms);
    t = station;
    csms.state.refuse = 3;
    const back = csms.nextClient();
    await peer.close({ force: true });
    await back;
    await csms.log.waitForCount("SecurityEventNotification", 2);
    await t.cp.heartbeat();

    expect(csms.state.refused).toBe(3);
    const tries = t.events.filter((e) => e.type === "reconnecting" && e.error);
    expect(tries).toHaveLength(3);
    const events = securityEvents(csms.log);
    expect(events.map((e) => e.type)).toEqual(["StartupOfTheDevice", "FailedToAuthenticateAtCsms"]);
    expect(events[1]!.techInfo).toBe(
      "the CSMS refused the station's credentials (HTTP 401 to the WebSocket upgrade)",
    );
    expect(JSON.stringify(csms.log.calls)).not.toContain(PASSWORD);
    expect(csms.strictFailures).toEqual([]);
  });

  it("a refusal before the first boot goes out after it, in the order things happened", async () => {
    csms = await startCsms(false);
    csms.state.refuse = 1;
    t = makeChargePoint(csms.url, { link: { version: "2.0.1", password: PASSWORD } });
    await expect(t.cp.connect()).rejects.toThrow(
      /HTTP 401 Unauthorized, the central system refused the credentials\.$/,
    );
    await t.cp.connect();
    await t.cp.boot();
    await csms.log.waitForCount("SecurityEventNotification", 2);
    expect(csms.log.actions).toEqual([
      "BootNotification",
      "SecurityEventNotification",
      "SecurityEventNotification",
      "StatusNotification",
    ]);
    expect(securityEvents(csms.log).map((e) => e.type)).toEqual([
      "FailedToAuthenticateAtCsms",
      "StartupOfTheDevice",
    ]);
  });
});

describe("2.0.1 security events of messages", () => {
  async function station() {
    const s = await stationOnOcppRpc201();
    closeStation = s.close;
    await s.rpc.log.waitForCount("SecurityEventNotification", 1);
    return s;
  }

  it("InvalidMessages: bad frames are each answered, and reported once per connection, never their content", async () => {
    const { rpc, t: cp, server } = await station();
    const answers: unknown[] = [];
    server.on("message", ({ message, outbound }: { message: string; outbound: boolean }) => {
      if (!outbound) answers.push(JSON.parse(message));
    });
    // A SetVariables whose item has a property its schema forbids, with a password in it.
    const item = {
      component: { name: "SecurityCtrlr" },
      variable: { name: "BasicAuthPassword" },
      attributeValue: "leaked-pa55word-0123",
      colour: "red",
    };
    server.sendRaw(JSON.stringify([2, "bad-1", "SetVariables", { setVariableData: [item] }]));
    server.sendRaw("[2, not json");
    server.sendRaw(JSON.stringify([2, "bad-3", "NoSuchAction", {}]));
    await rpc.log.waitForCount("SecurityEventNotification", 2);
    // A valid call afterwards: by its answer the station has read every frame before it.
    await server.call("GetVariables", {
      getVariableData: [{ component: { name: "OCPPCommCtrlr" }, variable: { name: "HeartbeatInterval" } }],
    });
    await cp.cp.heartbeat();

    // Text that is no JSON at all has no id to answer; it is reported instead.
    expect(answers.filter((a) => Array.isArray(a) && a[0] === 4)).toEqual([
      [4, "bad-1", "FormatViolation", expect.any(String), {}],
      [4, "bad-3", "NotImplemented", expect.any(String), {}],
    ]);
    expect(cp.problems).toEqual([expect.stringMatching(/^received a malformed frame, not valid JSON/)]);
    const events = securityEvents(rpc.log);
    expect(events.map((e) => e.type)).toEqual(["StartupOfTheDevice", "InvalidMessages"]);
    expect(events[1]!.techInfo).toBe("received a SetVariables CALL that breaks its schema (FormatViolation)");
    expect(JSON.stringify(rpc.log.calls)).not.toContain("leaked-pa55word");
    expect(rpc.strictFailures).toEqual([]);
  });

  it("ReconfigurationOfSecurityParameters: a SetVariables of a SecurityCtrlr variable, named without its value", async () => {
    const { rpc, server } = await station();
    // Not a security parameter: no event.
    const heartbeat = { component: { name: "OCPPCommCtrlr" }, variable: { name: "HeartbeatInterval" } };
    expect(
      await server.call("SetVariables", { setVariableData: [{ ...heartbeat, attributeValue: "600" }] }),
    ).toEqual({
      setVariableResult: [{ ...heartbeat, attributeStatus: "Accepted" }],
    });
    const password = "n3w-basic-auth-pa55word";
    await server.call("SetVariables", {
      setVariableData: [
        {
          component: { name: "SecurityCtrlr" },
          variable: { name: "BasicAuthPassword" },
          attributeValue: password,
        },
        {
          component: { name: "SecurityCtrlr" },
          variable: { name: "OrganizationName" },
          attributeValue: "ACME",
        },
        // Refused (read-only): changes nothing, so it is not named.
        { component: { name: "SecurityCtrlr" }, variable: { name: "SecurityProfile" }, attributeValue: "2" },
      ],
    });
    await rpc.log.waitForCount("SecurityEventNotification", 2);

    expect(securityEvents(rpc.log)).toEqual([
      expect.objectContaining({ type: "StartupOfTheDevice" }),
      {
        type: "ReconfigurationOfSecurityParameters",
        timestamp: expect.any(String),
        techInfo: "SetVariables changed SecurityCtrlr.BasicAuthPassword, SecurityCtrlr.OrganizationName",
      },
    ]);
    expect(JSON.stringify(rpc.log.calls)).not.toContain(password);
    expect(rpc.strictFailures).toEqual([]);
  });
});

describe("the README's scenario", () => {
  it("waits for ReconfigurationOfSecurityParameters after a SetVariables, against the embedded central system", async () => {
    const messages = await passingRunMessages(
      "security-parameters.yaml",
      `version: 1
name: 2.0.1 security parameters
ocpp: [2.0.1]
steps:
  - boot
  - centralSystemCall:
      action: SetVariables
      payload: { setVariableData: [ { component: { name: SecurityCtrlr }, variable: { name: OrganizationName }, attributeValue: ACME } ] }
      expect: { setVariableResult.0.attributeStatus: Accepted }
  - waitForMessage:
      action: SecurityEventNotification
      expect: { type: ReconfigurationOfSecurityParameters, techInfo: "SetVariables changed SecurityCtrlr.OrganizationName" }
      within: 5s
`,
      ["--ocpp", "2.0.1"],
    );
    const events = messages.filter((m) => m.action === "SecurityEventNotification" && m.kind === "call");
    expect(events.map((m) => (m.payload as { type: string }).type)).toEqual([
      "StartupOfTheDevice",
      "ReconfigurationOfSecurityParameters",
    ]);
  });
});
