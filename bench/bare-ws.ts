// The bare OCPP-J client of the load benchmark: N WebSockets with `ws`, a BootNotification each,
// then heartbeats at the interval given (and, for the charging workload, a pre-built MeterValues
// every meter interval); nothing else: no schema, no model, no session. What cpsim is compared with.
import WebSocket from "ws";
import { bareOptions, paced, Tally } from "./bare-common.ts";

const o = bareOptions();
const tally = new Tally(o.count);
const sentAt = new Float64Array(o.count);
let ending = false;
const sockets: WebSocket[] = [];
const BOOT = `"BootNotification",{"chargePointVendor":"bench","chargePointModel":"bare"}]`;
const HEARTBEAT = `"Heartbeat",{}]`;
const METER = `"MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-12-01T04:00:00Z","sampledValue":[{"value":"1234"}]}]}]`;

paced(o.count, o.maxConnecting, (i, done) => {
  const ws = new WebSocket(`${o.url}/BARE-${i}`, "ocpp1.6", { perMessageDeflate: false });
  sockets.push(ws);
  let n = 0;
  const call = (tail: string) => {
    if (ending || ws.readyState !== WebSocket.OPEN) return;
    sentAt[i] = performance.now();
    ws.send(`[2,"${i}-${n++}",${tail}`);
  };
  const every = (ms: number, tail: string, offset: number) => {
    setTimeout(() => {
      call(tail);
      setInterval(() => call(tail), ms);
    }, offset);
  };
  ws.on("open", () => call(BOOT));
  ws.on("error", () => {
    tally.errors++;
    done();
  });
  ws.on("message", (data) => {
    const latency = performance.now() - sentAt[i]!;
    tally.calls++;
    const text = String(data);
    if (n === 1) {
      tally.boot.add(latency);
      done();
      const interval = Number(/"interval":(\d+)/.exec(text)?.[1] ?? 60) * 1000;
      if (!text.includes('"Accepted"')) return void tally.errors++;
      tally.bootAccepted();
      every(interval, HEARTBEAT, interval);
      if (o.workload === "charging") every(o.meterIntervalMs, METER, Math.random() * o.meterIntervalMs);
    } else {
      tally.steady.add(latency);
    }
  });
});

tally.endAfter(o, () => {
  ending = true;
  for (const ws of sockets) ws.close();
});
