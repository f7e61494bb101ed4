import type { Agent } from "node:http";
import type { Socket } from "node:net";
import WebSocket from "ws";
import { redactUrl } from "../../util/redact-url.ts";
import { ConnectError, type ConnectRefusal, credentialsHint } from "../errors.ts";
import { describeSocketError, tlsRefusal } from "../socket-errors.ts";

export interface TlsOptions {
  /** Verify the central system's certificate (default true; false only for test set-ups). */
  rejectUnauthorized?: boolean;
  ca?: string | Buffer;
  /** Client certificate and key for OCPP security profile 3. */
  cert?: string | Buffer;
  key?: string | Buffer;
}

export interface ConnectOptions {
  /** Central system base URL; the charge point connects to `<url>/<identity>`. */
  url: string;
  identity: string;
  protocols: string[];
  /** OCPP security profile 1/2: HTTP basic auth with the charge point identity as user. */
  password?: string;
  tls?: TlsOptions;
  handshakeTimeoutMs?: number;
  agent?: Agent;
  /** Source address of the connection (spreads a fleet over several loopback addresses). */
  localAddress?: string;
}

export function endpointUrl(base: string, identity: string): string {
  return `${base.replace(/\/+$/, "")}/${encodeURIComponent(identity)}`;
}

/** Opens an OCPP-J WebSocket; every failure becomes one plain sentence in a ConnectError. */
export function connectWebSocket(opts: ConnectOptions): Promise<WebSocket> {
  const target = endpointUrl(opts.url, opts.identity);
  const headers: Record<string, string> = {};
  if (opts.password !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${opts.identity}:${opts.password}`).toString("base64")}`;
  }
  return new Promise((resolve, reject) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(target, opts.protocols, {
        headers,
        handshakeTimeout: opts.handshakeTimeoutMs ?? 10_000,
        // A compression context costs ~300 kB per socket; OCPP frames are small.
        perMessageDeflate: false,
        rejectUnauthorized: opts.tls?.rejectUnauthorized ?? true,
        ca: opts.tls?.ca,
        cert: opts.tls?.cert,
        key: opts.tls?.key,
        agent: opts.agent,
        localAddress: opts.localAddress,
      });
    } catch (err) {
      // ws quotes the URL in its message ("Invalid URL: …"), password and all.
      const why = (err as Error).message.split(target).join(redactUrl(target));
      reject(new ConnectError(`${redactUrl(target)} is not a valid WebSocket URL: ${why}`));
      return;
    }
    const fail = (why: string, refusal?: ConnectRefusal) => {
      ws.removeAllListeners();
      ws.on("error", () => {});
      ws.terminate();
      reject(new ConnectError(`Could not connect to ${redactUrl(target)}: ${why}.`, refusal));
    };
    ws.once("unexpected-response", (_req, res) => {
      const status = `${res.statusCode}${res.statusMessage ? ` ${res.statusMessage}` : ""}`;
      const hint =
        res.statusCode === 401 || res.statusCode === 403
          ? `, ${credentialsHint(opts.password !== undefined, res.statusCode)}`
          : res.statusCode === 404
            ? ", check the URL and the charge point id"
            : "";
      // 401 is how a server refuses basic-auth credentials (security profiles 1 and 2).
      const refusal: ConnectRefusal | undefined =
        res.statusCode === 401 ? { kind: "credentials", status: 401 } : undefined;
      fail(`the server answered the WebSocket upgrade with HTTP ${status}${hint}`, refusal);
    });
    ws.once("error", (err) => fail(describeWsError(err, opts.protocols), tlsRefusal(err)));
    // Kept for fault injection, which writes part of a frame straight to the TCP socket.
    ws.once("upgrade", (res) => sockets.set(ws, res.socket));
    ws.once("open", () => {
      ws.removeAllListeners();
      // A central system may send a CALL together with the upgrade answer; hold it until the
      // RPC layer has attached its listeners (JsonRpc resumes the socket).
      ws.pause();
      resolve(ws);
    });
  });
}

const sockets = new WeakMap<WebSocket, Socket>();

/** The TCP (or TLS) socket under a WebSocket this module opened. */
export function socketOf(ws: WebSocket): Socket | undefined {
  return sockets.get(ws);
}

function describeWsError(err: Error & { code?: string }, protocols: string[]): string {
  if (/Server sent (no|an invalid) subprotocol/i.test(err.message)) {
    return `the server did not accept the subprotocol ${protocols.join(" or ")}`;
  }
  if (/Opening handshake has timed out/i.test(err.message)) return "the WebSocket handshake timed out";
  return describeSocketError(err, "ws");
}
