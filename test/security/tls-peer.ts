// An independent central system for the security-profile tests: ocpp-rpc's RPCServer in strict
// mode behind basic auth, over TLS (profiles 2 and 3, the repo's test/fixtures/tls certificates)
// or plain HTTP (profile 1). It records who connected with what password and client certificate.
import { readFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { TLSSocket } from "node:tls";
import { type RPCClient, RPCServer } from "ocpp-rpc";

export const fixture = (name: string) => new URL(`../fixtures/tls/${name}`, import.meta.url);

export interface Peer {
  url: string;
  seen: { identity: string; password?: string; clientCert?: string }[];
  close(): Promise<void>;
}

export interface PeerOptions {
  /** The subprotocol it speaks, strictly. */
  protocol: "ocpp1.6" | "ocpp2.0.1";
  /** The one basic-auth password it accepts. */
  password: string;
  /** Plain ws:// (security profile 1) instead of wss://. */
  plain?: boolean;
  /** Refuses a TLS client without a certificate from the fixtures' CA (profile 3). */
  requireClientCert?: boolean;
  /** Registers the handlers of a client that connected. */
  serve(client: InstanceType<typeof RPCClient>): void;
}

export async function startTlsPeer(opts: PeerOptions): Promise<Peer> {
  const rpc = new RPCServer({ protocols: [opts.protocol], strictMode: true });
  const seen: Peer["seen"] = [];
  rpc.auth((accept, reject, handshake) => {
    const socket = handshake.request.socket as Partial<TLSSocket>;
    const cn = socket.getPeerCertificate?.()?.subject?.CN;
    seen.push({
      identity: handshake.identity,
      password: handshake.password?.toString("utf8"),
      clientCert: Array.isArray(cn) ? cn.join(",") : cn,
    });
    if (handshake.password?.toString("utf8") !== opts.password) return reject(401, "bad credentials");
    accept();
  });
  rpc.on("client", (client) => opts.serve(client));
  const server = opts.plain
    ? createHttpServer()
    : createHttpsServer({
        key: readFileSync(fixture("server.key")),
        cert: readFileSync(fixture("server.pem")),
        ca: readFileSync(fixture("ca.pem")),
        requestCert: opts.requireClientCert ?? false,
        rejectUnauthorized: opts.requireClientCert ?? false,
      });
  server.on("upgrade", rpc.handleUpgrade);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `${opts.plain ? "ws" : "wss"}://127.0.0.1:${port}/ocpp`,
    seen,
    close: async () => {
      await rpc.close({ force: true });
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
