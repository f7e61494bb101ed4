// A TCP proxy in front of a central system that plays the network: it can cut every connection
// once a request has reached the central system (so its answer is lost), and refuse new
// connections for a while (an outage). Plain HTTP passes through readable, which is what lets it
// choose its moment by the SOAP request inside; OCPP-J frames from a client are masked, so OCPP-J
// tests drop the connection at the central system instead.
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { HOST } from "./helpers.ts";

export interface DropProxy {
  port: number;
  /** Requests seen (client to server), for choosing when to cut. */
  onRequest(fn: (text: string) => "forward" | "cutAfterForwarding"): void;
  /** Stops listening (new connections are refused) and cuts every open one. */
  outage(): Promise<void>;
  /** Stops listening; the open connections go on (an answer on its way still arrives). */
  refuseNew(): void;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startDropProxy(upstreamPort: number): Promise<DropProxy> {
  const open = new Set<Socket>();
  let decide: (text: string) => "forward" | "cutAfterForwarding" = () => "forward";
  let server: Server;
  let port = 0;
  const serve = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = tcpConnect(upstreamPort, HOST);
        open.add(client).add(upstream);
        let cutOnAnswer = false;
        client.on("data", (chunk) => {
          if (decide(chunk.toString("utf8")) === "cutAfterForwarding") cutOnAnswer = true;
          upstream.write(chunk);
        });
        upstream.on("data", (chunk) => {
          // The central system answered: the charge point never gets to read it.
          if (cutOnAnswer) {
            client.destroy();
            upstream.destroy();
          } else client.write(chunk);
        });
        const end = () => {
          client.destroy();
          upstream.destroy();
          open.delete(client);
          open.delete(upstream);
        };
        for (const s of [client, upstream]) {
          s.on("close", end);
          s.on("error", end);
        }
      });
      server.once("error", reject);
      server.listen(port, HOST, () => {
        port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  await serve();
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => resolve());
    });
  return {
    get port() {
      return port;
    },
    onRequest(fn) {
      decide = fn;
    },
    outage: stop,
    refuseNew() {
      server.close();
    },
    restore: serve,
    close: stop,
  };
}
