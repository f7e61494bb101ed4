// A central system cpsim's authors did not write, for the load benchmark: ocpp-rpc's RPCServer
// (non-strict: validating every payload would make the server, not cpsim, the bottleneck), in a
// process of its own. Started by bench/load.ts under `ulimit -n <hard limit>`, since every charge
// point is one file descriptor here too.
//   node --import tsx bench/ocpp-rpc-server.ts <processes> <heartbeat interval s>
// With more than one process, Node's cluster shares one port between them, so that no process
// holds more sockets than its open-file limit allows (50,000 charge points need 3 or more).
// Prints one JSON line {"port": n} when every process listens.
import cluster from "node:cluster";
import type { AddressInfo } from "node:net";
import { RPCServer } from "ocpp-rpc";

const processes = Number(process.argv[2] ?? 1);
const interval = Number(process.argv[3] ?? 60);

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
  // Default pings (every 30 s) as a real deployment has them; they are not OCPP messages.
  const server = new RPCServer({ protocols: ["ocpp1.6"], strictMode: false });
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

if (processes <= 1) {
  console.log(JSON.stringify({ port: await serve(0) }));
} else if (cluster.isPrimary) {
  // Workers of a cluster cannot share port 0: pick a free port first, then let them all bind it.
  const { createServer } = await import("node:net");
  const probe = createServer();
  const port = await new Promise<number>((r) =>
    probe.listen(0, "127.0.0.1", () => r((probe.address() as AddressInfo).port)),
  );
  await new Promise((r) => probe.close(r));
  let listening = 0;
  for (let i = 0; i < processes; i++) {
    cluster.fork({ BENCH_PORT: String(port) }).on("message", () => {
      if (++listening === processes) console.log(JSON.stringify({ port }));
    });
  }
  cluster.on("exit", () => process.exit(1));
} else {
  await serve(Number(process.env.BENCH_PORT));
  process.send?.("listening");
}
// The benchmark ends this process with SIGTERM; the cluster's workers follow their primary.
process.on("SIGTERM", () => process.exit(0));
