// An independent OCPP 2.0.1 peer for tests: ocpp-rpc's RPCServer in strict mode with subprotocol
// ocpp2.0.1, answering with the embedded central system's 2.0.1 answers, and a raw ocpp-rpc
// RPCClient, also strict. ocpp-rpc validates every frame both ways against its own copy of the
// 2.0.1 schemas, so a payload cpsim builds is checked by code that is not cpsim's.
import type { AddressInfo } from "node:net";
import { RPCClient, RPCServer } from "ocpp-rpc";
import type { RPC_ClientOptions } from "ocpp-rpc/lib/client.js";
import type { ChargePointOptions } from "../../src/chargepoint/charge-point.ts";
import { STATION_INITIATED_201 } from "../../src/ocpp/v201/actions.ts";
import {
  CentralSystem201,
  type CsmsPolicy201,
  type SharedCsmsState,
} from "../../src/ocpp/v201/csms-answers.ts";
import { SimClock } from "../../src/util/clock.ts";
import {
  CallLog,
  closeChargePoint,
  HEARTBEAT_INTERVAL,
  HOST,
  Inbox,
  makeChargePoint,
  type TestChargePoint,
} from "./helpers.ts";

export const SUBPROTOCOL_201 = "ocpp2.0.1";
export type RpcPeer = InstanceType<typeof RPCClient>;

/**
 * The embedded central system's version-neutral state as the 2.0.1 answers see it. Stands in
 * for src/csms/state.ts until the version boundary is merged; then the tests use that one.
 */
export class CsmsStateForTests implements SharedCsmsState {
  readonly transactions: SharedCsmsState["transactions"] = new Map();

  constructor(readonly policy: CsmsPolicy201) {}

  startStatus(idTag: string) {
    const status = this.policy.authorize(idTag);
    if (status !== "Accepted" || !this.policy.oneTransactionPerIdTag) return status;
    for (const tx of this.transactions.values()) if (tx.idTag === idTag) return "ConcurrentTx";
    return status;
  }
}

export async function startOcppRpcCsms201(opts: Partial<CsmsPolicy201> = {}) {
  const server = new RPCServer({ protocols: [SUBPROTOCOL_201], strictMode: true, pingIntervalMs: 0 });
  const http = await server.listen(0, HOST);
  const state = new CsmsStateForTests({
    bootStatus: () => "Accepted",
    heartbeatIntervalSec: HEARTBEAT_INTERVAL,
    authorize: () => "Accepted",
    ...opts,
  });
  const csms = new CentralSystem201(state);
  const log = new CallLog();
  const clients = new Inbox<RpcPeer>();
  const strictFailures: unknown[] = [];
  const badMessages: unknown[] = [];
  // Actions the CSMS takes and never answers (the station's call times out), while a test says so.
  const unanswered = new Set<string>();
  server.on("client", (client: RpcPeer) => {
    client.on("strictValidationFailure", (e) => strictFailures.push(e));
    client.on("badMessage", (e) => badMessages.push(e));
    for (const action of STATION_INITIATED_201) {
      client.handle(action, async ({ params }) => {
        if (unanswered.has(action)) return new Promise<never>(() => {});
        log.record(action, params);
        return csms.answer(client.identity!, action, params) as Record<string, unknown>;
      });
    }
    clients.push(client);
  });
  return {
    url: `ws://${HOST}:${(http.address() as AddressInfo).port}`,
    state,
    log,
    /** The server side of the next station that connects (to call the station). */
    nextClient: () => clients.next(),
    strictFailures,
    badMessages,
    unanswered,
    /** The ocpp-rpc server itself, for what a test sets up beyond the answers (auth). */
    server,
    close: () => server.close({ force: true }),
  };
}

export type OcppRpcCsms201 = Awaited<ReturnType<typeof startOcppRpcCsms201>>;

/** A raw 2.0.1 station connection: ocpp-rpc's RPCClient in strict mode, no reconnection. */
export async function rawStation201(url: string, identity: string) {
  // The typings want every option; ocpp-rpc fills the ones left out with its defaults.
  const options: Partial<RPC_ClientOptions> = {
    endpoint: url,
    identity,
    protocols: [SUBPROTOCOL_201],
    strictMode: true,
    reconnect: false,
    pingIntervalMs: 0,
  };
  const client = new RPCClient(options as RPC_ClientOptions);
  const strictFailures: unknown[] = [];
  client.on("strictValidationFailure", (e) => strictFailures.push(e));
  await client.connect();
  return { client, strictFailures, close: () => client.close({ force: true }) };
}

/**
 * A cpsim 2.0.1 station (an hour a second unless `clock` says, sampling off) connected to `rpc`,
 * not booted; `server` is the CSMS's side of the connection, to call the station.
 */
export async function connectStation201(
  rpc: OcppRpcCsms201,
  opts: Partial<ChargePointOptions> & { callTimeoutMs?: number } = {},
) {
  const { callTimeoutMs, ...cpOptions } = opts;
  const t: TestChargePoint = makeChargePoint(rpc.url, {
    clock: new SimClock(3600),
    ...cpOptions,
    config: { MeterValueSampleInterval: "0", ...opts.config },
    link: callTimeoutMs === undefined ? { version: "2.0.1" } : { version: "2.0.1", callTimeoutMs },
  });
  const next = rpc.nextClient();
  await t.cp.connect();
  return { t, server: await next };
}

/**
 * A cpsim 2.0.1 station (an hour a second, sampling off), connected and booted against a fresh
 * ocpp-rpc strict CSMS; `server` is the CSMS's side of the connection, to call the station.
 */
export async function stationOnOcppRpc201(
  opts: Partial<ChargePointOptions> = {},
  policy: Partial<CsmsPolicy201> = {},
) {
  const rpc = await startOcppRpcCsms201(policy);
  const { t, server } = await connectStation201(rpc, opts);
  await t.cp.boot();
  return {
    rpc,
    t,
    server,
    close: async () => {
      await closeChargePoint(t);
      await rpc.close();
    },
  };
}
