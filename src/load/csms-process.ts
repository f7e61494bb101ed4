// The embedded central system of `cpsim load` (and of the benchmark), in a process of its own so
// that the measured process holds charge points only. Started with child_process.fork by
// csms-child.ts; talks to it over IPC:
//   -> { type: "ready", url }             once listening
//   <- { type: "stats" }                  -> { type: "stats", cpu, rss, heap, connected, problems }
//   <- { type: "stop" }                   closes the server and exits
import { CentralSystem } from "../csms/server.ts";
import type { FromCsms, ToCsms } from "./csms-child.ts";

const send = (m: FromCsms) => process.send?.(m);

if (!process.send) {
  console.error(
    "csms-process is started by cpsim load over IPC; run `cpsim csms` for a central system of your own.",
  );
  process.exit(2);
}

let connected = 0;
let problems = 0;
// Counters only; no trace hook and recordLimit 0, so no message is recorded.
const cs = await CentralSystem.start({
  port: 0,
  recordLimit: 0,
  // The interval the charge points are given at boot: argv[2] in seconds (default one hour).
  heartbeatIntervalSec: Number(process.argv[2] ?? 3600),
  onConnection: (_cp, up) => {
    connected += up ? 1 : -1;
  },
  onProblem: () => {
    problems++;
  },
});

process.on("message", (m: ToCsms) => {
  if (m.type === "stats") {
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    send({
      type: "stats",
      cpuUs: cpu.user + cpu.system,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      connected,
      problems,
    });
  } else if (m.type === "stop") {
    void cs.close().finally(() => process.exit(0));
    // Never hang on a peer that does not finish the closing handshake.
    setTimeout(() => process.exit(0), 3000).unref();
  }
});
// The parent died or closed the channel: do not linger as an orphan holding 10,000 sockets.
process.on("disconnect", () => process.exit(0));

send({
  type: "ready",
  url: cs.url,
  soapUrls: cs.soapUrls,
  pid: process.pid,
});
