// A second central system for the load benchmark, not written against OCPP at all: a bare `ws`
// WebSocketServer that parses each CALL and answers it from a table of pre-made payloads, with no
// validation, no pings and no per-client state. Far cheaper per message than ocpp-rpc, it shows
// how much of a boot's time is the server's (`npm run bench -- --server ws`). Label its figures as
// such: no real central system is this cheap.
//   node --import tsx bench/ws-server.ts <processes> <heartbeat interval s>
// Prints one JSON line {"port": n} when every process listens.
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { clusterServe } from "./cluster-serve.ts";

const processes = Number(process.argv[2] ?? 1);
const interval = Number(process.argv[3] ?? 60);

let now = new Date().toISOString();
setInterval(() => {
  now = new Date().toISOString();
}, 1000).unref();
let nextTransaction = 1;
const accepted = { status: "Accepted" };
const answers = new Map<string, () => string>([
  ["BootNotification", () => JSON.stringify({ status: "Accepted", currentTime: now, interval })],
  ["Heartbeat", () => `{"currentTime":"${now}"}`],
  ["StatusNotification", () => "{}"],
  ["Authorize", () => JSON.stringify({ idTagInfo: accepted })],
  ["StartTransaction", () => JSON.stringify({ transactionId: nextTransaction++, idTagInfo: accepted })],
  ["StopTransaction", () => JSON.stringify({ idTagInfo: accepted })],
  ["MeterValues", () => "{}"],
  ["DataTransfer", () => `{"status":"UnknownVendorId"}`],
]);

async function serve(port: number): Promise<number> {
  const wss = new WebSocketServer({
    host: "127.0.0.1",
    port,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has("ocpp1.6") ? "ocpp1.6" : false),
  });
  wss.on("connection", (ws) => {
    ws.on("message", (data) => {
      const [type, id, action] = JSON.parse(String(data)) as [number, string, string];
      if (type !== 2) return;
      const answer = answers.get(action);
      ws.send(
        answer ? `[3,${JSON.stringify(id)},${answer()}]` : `[4,${JSON.stringify(id)},"NotImplemented","",{}]`,
      );
    });
  });
  await new Promise((r) => wss.once("listening", r));
  return (wss.address() as AddressInfo).port;
}

await clusterServe(processes, serve);
