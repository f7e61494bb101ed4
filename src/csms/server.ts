import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { CentralSystemAnswer, OcppVersionRow } from "../ocpp/version-row.ts";
import { actionSet, type OcppVersion, versionRows } from "../ocpp/versions.ts";
import { JsonRpc, type TraceEvent } from "../transport/json/rpc.ts";
import { requestPath } from "../transport/request-path.ts";
import type { Scheduler } from "../util/scheduler.ts";
import { RepeatedCalls } from "./repeats.ts";
import { centralSystemSoap, type StationChannel } from "./soap-endpoint.ts";
import { type AnswerPolicy, CentralSystemState } from "./state.ts";

export interface RecordedMessage extends TraceEvent {
  /** The charge point identity the message was exchanged with. */
  cp: string;
}

export interface CentralSystemOptions extends Partial<AnswerPolicy> {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Keep the last N messages (default 10,000; 0 keeps none, for load runs). */
  recordLimit?: number;
  /** Sees every message both ways and every protocol problem, e.g. to print them. */
  trace?: (message: RecordedMessage) => void;
  onProblem?: (cp: string, message: string) => void;
  onConnection?: (cp: string, connected: boolean) => void;
  callTimeoutMs?: number;
  scheduler?: Scheduler;
}

/** The versions it serves over OCPP-J, by subprotocol, in the order it prefers them. */
const JSON_ROWS = new Map(
  versionRows()
    .filter((r) => r.subprotocol && r.centralSystem)
    .reverse()
    .map((r) => [r.subprotocol!, r]),
);
const SUBPROTOCOLS = [...JSON_ROWS.keys()];
const SOAP_ROWS = versionRows().filter((r) => r.soap && r.centralSystem);

/**
 * The embedded central system: the default target of `cpsim run` and a peer for tests. Speaks
 * every OCPP-J version of the version table to any identity at ws://host:port/<anything>/<identity>
 * (by subprotocol), and every SOAP version at http://host:port/ocpp<version> (today 1.6-J, and
 * 1.5 and 1.6 SOAP). Answers every charge-point action per spec, validates all
 * it receives against the official schemas and records the exchange.
 */
export class CentralSystem {
  readonly messages: RecordedMessage[] = [];
  readonly problems: { cp: string; message: string }[] = [];
  readonly state: CentralSystemState;
  /** Each version's answers, over the one state. */
  private readonly answers = new Map<OcppVersionRow, CentralSystemAnswer>();
  /** Transaction messages a charge point sent again under the same id, answered once. */
  readonly repeated = new RepeatedCalls();
  private readonly stations = new Map<string, StationChannel>();
  private readonly soapEndpoints = new Map<string, Awaited<ReturnType<typeof centralSystemSoap>>>();
  private readonly waiters = new Set<{
    match: (m: RecordedMessage) => boolean;
    resolve: (m: RecordedMessage) => void;
  }>();
  private readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    clientTracking: false,
    // Left alone, ws agrees to the first protocol the client offers, even one we do not speak.
    handleProtocols: (offered) => SUBPROTOCOLS.find((p) => offered.has(p)) ?? false,
  });

  private constructor(
    private readonly http: Server,
    private readonly opts: CentralSystemOptions,
  ) {
    this.state = new CentralSystemState({
      bootStatus: opts.bootStatus ?? (() => "Accepted"),
      heartbeatIntervalSec: opts.heartbeatIntervalSec ?? 300,
      authorize: opts.authorize ?? (() => "Accepted"),
      oneTransactionPerIdTag: opts.oneTransactionPerIdTag,
    });
    for (const row of [...JSON_ROWS.values(), ...SOAP_ROWS])
      this.answers.set(row, row.centralSystem!(this.state));
    http.on("upgrade", (req, socket, head) => this.onUpgrade(req, socket, head));
    http.on("request", (req, res) => {
      const path = requestPath(req.url);
      if (path === undefined) {
        res.writeHead(400, { "content-type": "text/plain", connection: "close" });
        res.end("cpsim central system: the request target is not a valid URL\n");
        return;
      }
      // /ocpp<version> (with anything after) are the SOAP endpoints; the rest is OCPP-J's.
      const soap = this.soapEndpoints.get(/^\/(ocpp[0-9.]+)(\/|$)/.exec(path)?.[1] ?? "");
      if (soap) {
        soap.handle(req, res);
        return;
      }
      res.writeHead(426, { "content-type": "text/plain", upgrade: "websocket" });
      res.end(
        `cpsim central system: OCPP-J at ws://host:port/<chargePointId>, SOAP at ${SOAP_ROWS.map((r) => `http://host:port/ocpp${r.id}`).join(" and ")}\n`,
      );
    });
  }

  static async start(opts: CentralSystemOptions = {}): Promise<CentralSystem> {
    const http = createServer();
    const cs = new CentralSystem(http, opts);
    for (const row of SOAP_ROWS) {
      cs.soapEndpoints.set(
        `ocpp${row.id}`,
        await centralSystemSoap(row.soap!, {
          answer: (cp, action, payload, id) => cs.answer(row, cp, action, payload, id),
          record: (cp, e) => cs.record({ ...e, cp }),
          problem: (cp, message) => cs.problem(cp, message),
          reachable: (cp, channel) => {
            const known = cs.stations.has(cp);
            cs.stations.set(cp, channel);
            if (!known) opts.onConnection?.(cp, true);
          },
          callTimeoutMs: opts.callTimeoutMs,
          scheduler: opts.scheduler,
        }),
      );
    }
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      // Node's default backlog (511) drops SYNs when a fleet connects at once; each drop costs a 1 s retry.
      http.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1", backlog: 4096 }, () => {
        http.off("error", reject);
        resolve();
      });
    });
    return cs;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /** The base URL OCPP-J charge points connect to (append /<chargePointId>). */
  get url(): string {
    return `ws://${this.host}:${this.port}`;
  }

  /** The SOAP endpoints by version, oldest first; a version without SOAP (2.0.1) has none. */
  get soapUrls(): Partial<Record<OcppVersion, string>> {
    return Object.fromEntries(SOAP_ROWS.map((r) => [r.id, this.soapUrl(r.id)]));
  }

  /** The versions it speaks over OCPP-J, newest first. */
  get jsonVersions(): string[] {
    return [...JSON_ROWS.values()].map((r) => r.id);
  }

  /** The SOAP endpoint of CentralSystemService for a version. */
  soapUrl(version: string): string {
    return `http://${this.host}:${this.port}/ocpp${version}`;
  }

  private get host(): string {
    const { address, family } = this.http.address() as AddressInfo;
    return family === "IPv6" ? `[${address}]` : address;
  }

  get connected(): string[] {
    return [...this.stations.keys()];
  }

  /** Sends a central-system-initiated call to a connected charge point. */
  call(cp: string, action: string, payload: unknown): Promise<unknown> {
    const rpc = this.stations.get(cp);
    if (!rpc) return Promise.reject(new Error(`charge point ${cp} is not connected`));
    return rpc.call(action, payload);
  }

  /**
   * Drops a charge point's OCPP-J connection without a closing handshake (it sees code 1006), as
   * a crashing central system or a broken network would; false when it is not connected over OCPP-J.
   */
  drop(cp: string): boolean {
    const rpc = this.stations.get(cp);
    if (!(rpc instanceof JsonRpc)) return false;
    rpc.terminate();
    return true;
  }

  /** Resolves with the first recorded message (past or future) that matches; for tests and scenarios. */
  waitFor(match: (m: RecordedMessage) => boolean, timeoutMs = 10_000): Promise<RecordedMessage> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (m: RecordedMessage) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.stations.values()].map((rpc) => rpc.close(1001, "central system shutting down")),
    );
    for (const e of this.soapEndpoints.values()) e.close();
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    // Plain HTTP connections that never upgraded would otherwise hold close() open.
    this.http.closeAllConnections();
    await closed;
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node hands an upgrading socket over with no error listener: a peer that resets it while we
    // refuse would otherwise raise an uncaught error. ws adds its own once it takes the socket.
    const ignore = () => socket.destroy();
    socket.on("error", ignore);
    const path = requestPath(req.url);
    if (path === undefined) {
      refuse(socket, 400, "the request target is not a valid URL");
      return;
    }
    let identity: string;
    try {
      identity = decodeURIComponent(path.split("/").filter(Boolean).pop() ?? "");
    } catch {
      refuse(socket, 400, "the charge point id in the URL is not valid percent-encoding");
      return;
    }
    if (!identity) {
      refuse(socket, 404, "the URL must end with the charge point id");
      return;
    }
    const offered = (req.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim());
    const protocol = SUBPROTOCOLS.find((p) => offered.includes(p));
    if (!protocol) {
      refuse(socket, 400, `no supported subprotocol offered (supported: ${SUBPROTOCOLS.join(", ")})`);
      return;
    }
    // ws would otherwise agree to the first protocol the client offers, not the one chosen here.
    this.wss.options.handleProtocols = () => protocol;
    socket.off("error", ignore);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // A charge point that reconnects replaces its stale connection, as real central systems do.
      void this.stations.get(identity)?.close(1000, "replaced by a new connection");
      const row = JSON_ROWS.get(protocol)!;
      const rpc = new JsonRpc(ws, {
        schemas: row.schemas(),
        incoming: actionSet(row.chargePointActions),
        handler: (action, payload, _signal, id) => this.answer(row, identity, action, payload, id),
        callTimeoutMs: this.opts.callTimeoutMs,
        scheduler: this.opts.scheduler,
        trace: (e) => this.record({ ...e, cp: identity }),
        onProblem: (message) => this.problem(identity, message),
        onClose: () => {
          if (this.stations.get(identity) === rpc) this.stations.delete(identity);
          this.opts.onConnection?.(identity, false);
        },
      });
      this.stations.set(identity, rpc);
      this.opts.onConnection?.(identity, true);
    });
  }

  private answer(
    row: OcppVersionRow,
    cp: string,
    action: string,
    payload: unknown,
    id: string | undefined,
  ): unknown {
    const answer = this.answers.get(row)!;
    return this.repeated.answer(cp, id, action, () => answer(cp, action, payload));
  }

  private problem(cp: string, message: string): void {
    this.problems.push({ cp, message });
    this.opts.onProblem?.(cp, message);
  }

  private record(m: RecordedMessage): void {
    const limit = this.opts.recordLimit ?? 10_000;
    if (limit > 0) {
      this.messages.push(m);
      if (this.messages.length > limit) this.messages.splice(0, this.messages.length - limit);
    }
    this.opts.trace?.(m);
    for (const w of this.waiters) {
      if (w.match(m)) {
        this.waiters.delete(w);
        w.resolve(m);
      }
    }
  }
}

function refuse(socket: Duplex, status: number, message: string): void {
  const text = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${status === 404 ? "Not Found" : "Bad Request"}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}
