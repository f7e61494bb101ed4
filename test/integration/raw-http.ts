// Raw bytes to an HTTP listener over node:net, for requests no HTTP client would send.
import { connect } from "node:net";
import { HOST } from "./helpers.ts";

export interface RawAnswer {
  /** The status of the first response, or undefined when the server closed without one. */
  status: number | undefined;
  text: string;
}

/**
 * Sends `bytes`, half-closes, and collects everything until the server closes. A server that
 * keeps the socket open longer than `timeoutMs` is cut off (and gets status undefined if silent).
 */
export function rawExchange(port: number, bytes: string | Buffer, timeoutMs = 3000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ port, host: HOST }, () => socket.end(bytes));
    const done = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString("latin1");
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), text });
    };
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on("data", (c: Buffer) => chunks.push(c));
    // A server may reset a connection it refuses while we still write; what it sent still counts.
    socket.on("error", () => {});
    socket.on("close", done);
  });
}

/** A WebSocket upgrade request for `target`, with a valid key unless overridden. */
export function upgradeRequest(target: string, extra = "Sec-WebSocket-Protocol: ocpp1.6\r\n"): string {
  return (
    `GET ${target} HTTP/1.1\r\nHost: ${HOST}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`
  );
}
