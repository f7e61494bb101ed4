import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type soap from "soap";
import type { TraceEvent } from "../json/rpc.ts";
import { UnknownIdentityError } from "./envelope.ts";
import { serveSoap } from "./server.ts";
import type { SoapService } from "./service.ts";

export interface CallbackListen {
  /** Where to listen (default 127.0.0.1, any free port). */
  host?: string;
  port?: number;
  /** The base address the central system is told (wsa:From); default http://<host>:<port>. */
  endpointUrl?: string;
}

export interface Registration {
  /** This charge point's endpoint, sent as wsa:From. */
  address: string;
  unregister(): void;
}

interface Served {
  handler: (action: string, payload: unknown) => unknown;
  trace?: (event: TraceEvent) => void;
  onProblem?: (message: string) => void;
}

/**
 * The HTTP server through which a central system calls simulated SOAP charge points: one per
 * process and listen address, whatever the number of charge points, each routed by its
 * chargeBoxIdentity header (or the last path segment). It closes when the last charge point leaves.
 */
export class CallbackHost {
  private readonly routes = new Map<string, Map<string, Served>>();
  private readonly soapServers = new Map<string, Promise<soap.Server>>();
  private users = 0;

  private constructor(
    private readonly http: Server,
    private readonly key: string,
    private readonly listen: CallbackListen,
  ) {}

  static acquire(listen: CallbackListen = {}): Promise<CallbackHost> {
    const key = `${listen.host ?? "127.0.0.1"}:${listen.port ?? 0}`;
    let host = HOSTS.get(key);
    if (!host) {
      host = CallbackHost.start(key, listen);
      HOSTS.set(key, host);
      host.catch(() => HOSTS.delete(key));
    }
    return host;
  }

  private static async start(key: string, listen: CallbackListen): Promise<CallbackHost> {
    const http = createServer((_req, res) => {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("cpsim: the SOAP endpoints of simulated charge points are /ocpp1.5/<id> and /ocpp1.6/<id>\n");
    });
    http.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      http.once("error", (err: Error & { code?: string }) =>
        reject(
          new Error(
            err.code === "EADDRINUSE"
              ? `cannot listen for central system calls on ${key}: the port is in use`
              : `cannot listen for central system calls on ${key}: ${err.message}`,
          ),
        ),
      );
      http.listen({ host: listen.host ?? "127.0.0.1", port: listen.port ?? 0, backlog: 4096 }, resolve);
    });
    return new CallbackHost(http, key, listen);
  }

  get baseUrl(): string {
    if (this.listen.endpointUrl) return this.listen.endpointUrl.replace(/\/+$/, "");
    const { address, family, port } = this.http.address() as AddressInfo;
    const host = address === "0.0.0.0" || address === "::" ? "127.0.0.1" : address;
    return `http://${family === "IPv6" && host !== "127.0.0.1" ? `[${host}]` : host}:${port}`;
  }

  /** Serves a charge point's ChargePointService under /<prefix>/<identity>. */
  async register(
    prefix: string,
    service: SoapService,
    identity: string,
    served: Served,
  ): Promise<Registration> {
    let routes = this.routes.get(prefix);
    if (!routes) {
      routes = new Map();
      this.routes.set(prefix, routes);
    }
    const table = routes;
    if (!this.soapServers.has(prefix)) {
      this.soapServers.set(
        prefix,
        serveSoap(this.http, new RegExp(`^/${prefix.replace(/\./g, "\\.")}/`), service, {
          handler: (action, payload, ctx) => {
            const s = table.get(ctx.identity);
            if (!s) throw new UnknownIdentityError(ctx.identity);
            return s.handler(action, payload);
          },
          trace: (identity, e) => table.get(identity)?.trace?.(e),
          onProblem: (identity, m) => table.get(identity)?.onProblem?.(m),
        }),
      );
    }
    await this.soapServers.get(prefix);
    table.set(identity, served);
    this.users++;
    let done = false;
    return {
      address: `${this.baseUrl}/${prefix}/${encodeURIComponent(identity)}`,
      unregister: () => {
        if (done) return;
        done = true;
        if (table.get(identity) === served) table.delete(identity);
        if (--this.users === 0) this.close();
      },
    };
  }

  private close(): void {
    HOSTS.delete(this.key);
    this.http.close();
    this.http.closeAllConnections();
  }
}

const HOSTS = new Map<string, Promise<CallbackHost>>();
