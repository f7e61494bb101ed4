// A central system cpsim's authors did not write, for the load benchmark: ocpp-rpc's RPCServer
// (non-strict: validating every payload would make the server, not cpsim, the bottleneck), in a
// process of its own. Started by bench/load.ts under `ulimit -n <hard limit>`, since every charge
// point is one file descriptor here too.
//   node --import tsx bench/ocpp-rpc-server.ts <processes> <heartbeat interval s> [<ping interval s>]
// With more than one process, Node's cluster shares one port between them, so that no process
// holds more sockets than its open-file limit allows (50,000 charge points need 3 or more).
// Prints one JSON line {"port": n} when every process listens.
import type { AddressInfo } from "node:net";
import { RPCServer } from "ocpp-rpc";
import { clusterServe } from "./cluster-serve.ts";

const processes = Number(process.argv[2] ?? 1);
const interval = Number(process.argv[3] ?? 60);
// ocpp-rpc pings every client every 30 s by default; 0 turns its pings off.
const pingIntervalMs = Number(process.argv[4] ?? 30) * 1000;

type Params = Record<string, unknown>;
const now = () => new Date().toISOString();
let nextTransaction = 1;
const answers = new Map<string, (p: Params) => unknown>([
  ["BootNotification", () => ({ status: "Accepted", currentTime: now(), interval })],
  ["Heartbeat", () => ({ currentTime: now() })],
  ["StatusNotification", () => ({})],
  ["Authorize", () => ({ idTagInfo: { status: "Accepted" } })],
  ["StartTransaction", () => ({ transactionId: nextTransaction++, idTagInfo: { status: "Accepted" } })],
  ["StopTransaction", () => ({ idTagInfo: { status: "Accepted" } })],
  ["MeterValues", () => ({})],
  ["DataTransfer", () => ({ status: "UnknownVendorId" })],
]);

async function serve(port: number): Promise<number> {
  // Pings (by default every 30 s, as a real deployment has them) are not OCPP messages, but each
  // costs the client a received ping and a sent pong.
  const server = new RPCServer({ protocols: ["ocpp1.6"], strictMode: false, pingIntervalMs });
  server.on("client", (client) => {
    client.handle(({ method, params }: { method: string; params: Params }) => {
      const answer = answers.get(method);
      if (!answer) throw new Error(`not implemented: ${method}`);
      return answer(params);
    });
  });
  const http = await server.listen(port, "127.0.0.1");
  return (http.address() as AddressInfo).port;
}

await clusterServe(processes, serve);
