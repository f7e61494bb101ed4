import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TraceEvent } from "../json/rpc.ts";
import { requestPath } from "../request-path.ts";
import { UnknownIdentityError } from "./envelope.ts";
import { soapEndpoint } from "./server.ts";
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

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A use of a callback host: the host once it listens, and release() when done with it. */
export interface Lease {
  host: Promise<CallbackHost>;
  release(): void;
}

interface Entry {
  host: Promise<CallbackHost>;
  users: number;
}

const HOSTS = new Map<string, Entry>();

/**
 * The HTTP server through which a central system calls simulated SOAP charge points: one per
 * process and listen address, whatever the number of charge points, each routed by its
 * chargeBoxIdentity header (or the last path segment). It closes when the last lease is released.
 */
export class CallbackHost {
  private readonly routes = new Map<string, { table: Map<string, Served>; handle: Handler }>();

  private constructor(
    private readonly http: Server,
    private readonly listen: CallbackListen,
  ) {}

  /**
   * Takes a lease on the host for a listen address, starting it if needed. The lease counts from
   * this call, so a host never closes between one charge point leaving and another arriving.
   */
  static acquire(listen: CallbackListen = {}): Lease {
    const key = `${listen.host ?? "127.0.0.1"}:${listen.port ?? 0}`;
    let entry = HOSTS.get(key);
    if (!entry) {
      const created: Entry = { host: CallbackHost.start(key, listen), users: 0 };
      created.host.catch(() => HOSTS.get(key) === created && HOSTS.delete(key));
      HOSTS.set(key, created);
      entry = created;
    }
    const held = entry;
    held.users++;
    let released = false;
    return {
      host: held.host,
      release: () => {
        if (released) return;
        released = true;
        if (--held.users > 0) return;
        if (HOSTS.get(key) === held) HOSTS.delete(key);
        held.host.then(
          (h) => h.close(),
          () => {},
        );
      },
    };
  }

  private static async start(key: string, listen: CallbackListen): Promise<CallbackHost> {
    const http = createServer();
    const host = new CallbackHost(http, listen);
    http.on("request", (req, res) => host.route(req, res));
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
    return host;
  }

  get baseUrl(): string {
    if (this.listen.endpointUrl) return this.listen.endpointUrl.replace(/\/+$/, "");
    const { address, family, port } = this.http.address() as AddressInfo;
    const host = address === "0.0.0.0" || address === "::" ? "127.0.0.1" : address;
    return `http://${family === "IPv6" && host !== "127.0.0.1" ? `[${host}]` : host}:${port}`;
  }

  /** Serves a charge point's ChargePointService under /<prefix>/<identity>. */
  register(prefix: string, service: SoapService, identity: string, served: Served): Registration {
    let route = this.routes.get(prefix);
    if (!route) {
      const table = new Map<string, Served>();
      const handle = soapEndpoint(service, {
        handler: (action, payload, ctx) => {
          const s = table.get(ctx.identity);
          if (!s) throw new UnknownIdentityError(ctx.identity);
          return s.handler(action, payload);
        },
        trace: (identity, e) => table.get(identity)?.trace?.(e),
        onProblem: (identity, m) => table.get(identity)?.onProblem?.(m),
      });
      route = { table, handle };
      this.routes.set(prefix, route);
    }
    const { table } = route;
    table.set(identity, served);
    return {
      address: `${this.baseUrl}/${prefix}/${encodeURIComponent(identity)}`,
      unregister: () => {
        if (table.get(identity) === served) table.delete(identity);
      },
    };
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = requestPath(req.url);
    if (path === undefined) {
      res.writeHead(400, { "content-type": "text/plain", connection: "close" });
      res.end("cpsim: the request target is not a valid URL\n");
      return;
    }
    const route = this.routes.get(path.split("/")[1] ?? "");
    if (route) {
      route.handle(req, res);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("cpsim: the SOAP endpoints of simulated charge points are /ocpp1.5/<id> and /ocpp1.6/<id>\n");
  }

  private close(): void {
    this.http.close();
    this.http.closeAllConnections();
  }
}
