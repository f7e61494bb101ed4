// The load benchmark of issue 11, measured through the `cpsim load` CLI itself. Each case starts a
// central system in a process of its own (ocpp-rpc's RPCServer for OCPP-J, a server cpsim's
// authors did not write; the embedded central system's SOAP endpoint for SOAP, as ocpp-rpc has no
// SOAP), runs `cpsim load --reporter json` against it, and samples cpsim's process tree (workers
// included) from outside: CPU from /proc/<pid>/stat, RSS from /proc/<pid>/status. A bare client
// that does nothing else (`ws`, or a keep-alive HTTP agent posting pre-built envelopes) is measured
// the same way against the same kind of server. Prints one table; never fails on the figures.
//
//   npm run bench                                 quick: 1,000 OCPP-J and 200 SOAP, 20 s a case
//   npm run bench:10k                             W1 and W2 at 10,000, the README's table (~4.5 min)
//   npm run bench -- --only json-w1 --count 100000 --workers 6 --servers 6 \
//                    --local-address 127.0.0.1-127.0.0.8 --w1-duration 300 --no-bare
//                                                 beyond one process's file limit
//   npm run bench:hold                            W2, 10,000 OCPP-J held 10 minutes: is memory flat?
//   options: --only json-w1,json-w2,soap-w1,soap-w2  --no-bare  --max-connecting N (cpsim's and the
//            bare client's cap on connections in progress; default 250 for both)  --ping S
//            (ocpp-rpc's ping interval, 0: none)  --server ws (a bare ws peer instead of ocpp-rpc)
//            --cpsim PATH/bin/cpsim and --node-options "…" (A/B runs of another build or V8 flags)
//   npm run bench:core                            the older in-process benchmark (bench/run.ts)
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startCsms } from "../src/load/csms-child.ts";
import type { LoadReport } from "../src/load/report-types.ts";
import type { BareResult } from "./bare-common.ts";
import { fmt, fmtInt, table } from "./lib.ts";
import { cpuFrom, type Measured, measure, peakRss, rssAt, startServer, stopServer } from "./measure.ts";
import { sampler, type TreeSample } from "./proc-tree.ts";
import {
  bootBusy,
  callsInSeries,
  callsInTimeline,
  describeTrend,
  holdFigures,
  holdWindow,
  type RssTrend,
  SETTLE_MS,
} from "./windows.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX = ["--import", "tsx"];

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "1000" },
    "soap-count": { type: "string", default: "200" },
    "w1-duration": { type: "string", default: "20" },
    "w2-duration": { type: "string", default: "20" },
    "soap-duration": { type: "string", default: "20" },
    only: { type: "string", default: "json-w1,json-w2,soap-w1,soap-w2" },
    workers: { type: "string" },
    servers: { type: "string", default: "1" },
    // ocpp-rpc (the default), or ws: a bare ws server answering from a table (bench/ws-server.ts).
    server: { type: "string", default: "ocpp-rpc" },
    // ocpp-rpc's ping interval in seconds (0: none); every ping costs the client a pong.
    ping: { type: "string", default: "30" },
    "local-address": { type: "string" },
    "no-bare": { type: "boolean", default: false },
    // Another cpsim's bin/cpsim (a build of another commit) for A/B runs under the same conditions.
    cpsim: { type: "string" },
    // Options for the node that runs cpsim (e.g. V8 flags), space-separated.
    "node-options": { type: "string", default: "" },
    "max-connecting": { type: "string", default: "250" },
  },
});
const cases = new Set(values.only.split(","));
const withBare = !values["no-bare"];
const workers = values.workers === undefined ? 1 : Number(values.workers);
const CPSIM = values.cpsim ?? join(ROOT, "bin/cpsim");
const nodeOptions = values["node-options"].split(" ").filter(Boolean);
const dir = mkdtempSync(join(os.tmpdir(), "cpsim-bench-"));

console.log(
  `cpsim load benchmark (${CPSIM}): ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, node ${process.version}, ` +
    `load average ${fmt(os.loadavg()[0]!)}; OCPP-J central system ${values.server === "ws" ? "a bare ws server" : `ocpp-rpc, pings every ${values.ping} s`}; cpsim from ${fromDist() ? "dist/" : "its sources through tsx (npm run build for dist/)"}; logs in ${dir}`,
);

/** What bin/cpsim will run: dist/ when it is newer than every source file. */
function fromDist(): boolean {
  const newest = (d: string): number =>
    Math.max(
      0,
      ...readdirSync(d, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(d, e.name)) : statSync(join(d, e.name)).mtimeMs,
      ),
    );
  const main = join(ROOT, "dist/cli/main.js");
  return existsSync(main) && statSync(main).mtimeMs >= newest(join(ROOT, "src"));
}

interface Figures {
  bootedAllMs: number | null | undefined;
  calls: number;
  seconds: number;
  latency: string;
  rss: number | undefined;
  perCp: number | undefined;
  /** User + system CPU per call from the start of the run's clock, and its system part. */
  cpuMsPerMsg: number;
  sysMsPerMsg: number;
  /** The same over the hold: from SETTLE_MS after all booted to the end of the hold. */
  holdCpuMsPerMsg: number | undefined;
  holdSysMsPerMsg: number | undefined;
  trend: RssTrend | undefined;
  note?: string;
}

/** The central system's process (tree), sampled during each measured run when set. */
let watched: number | undefined;

async function cpsim(workload: string, url: string, n: number, seconds: number, extra: string[]) {
  const out = join(dir, `report-${workload}-${n}.json`);
  const args = [
    ...["load", "--url", url, "--count", String(n), "--workload", workload, "--duration", `${seconds}s`],
    ...["--reporter", "json", "--out", out, "--seed", "1", "--meter-interval", "10s", "--session", "30s-60s"],
    ...["--max-connecting", values["max-connecting"]],
    ...(workers > 1 ? ["--workers", String(workers)] : []),
    ...extra,
  ];
  const server = watched ? sampler(watched, 200, true) : undefined;
  const m = await measure([process.execPath, ...nodeOptions, CPSIM, ...args], `${out}.log`);
  server?.stop();
  const report = JSON.parse(readFileSync(out, "utf8")) as LoadReport;
  return { m, report, args, server: server?.samples };
}

const perCall = (cpu: { cpuMs: number; sysMs: number }, calls: number) => ({
  cpuMsPerMsg: cpu.cpuMs / calls,
  sysMsPerMsg: cpu.sysMs / calls,
});

function latency(p?: { p50?: number | null; p95?: number | null }) {
  return p && p.p50 != null && p.p95 != null ? `${fmt(p.p50, 1)}/${fmt(p.p95, 1)}` : "-";
}

/** Figures of a cpsim run; `base` is the RSS of the same command with the fewest charge points. */
function cpsimFigures(
  m: Measured,
  r: LoadReport,
  seconds: number,
  base: number,
  steady: string,
  server?: TreeSample[],
) {
  const calls = Object.values(r.actions).reduce((s, a) => s + a.count, 0);
  // RSS at the end of the hold, before the fleet is stopped, from when the run's clock started.
  const offset = Date.parse(r.startedAt) - m.startedWall;
  const rss = rssAt(m, offset + seconds * 1000 - 300);
  const bootRss = r.fleet.bootedAll === undefined ? undefined : rssAt(m, offset + r.fleet.bootedAll + 2000);
  const boot = r.actions.BootNotification?.latencyMs;
  const hold = r.actions[steady]?.latencyMs;
  return {
    bootedAllMs: r.fleet.bootedAll,
    calls,
    seconds,
    latency: `${latency(boot)} | ${steady} ${latency(hold)}`,
    rss,
    // Per charge point that booted: a run that did not boot them all holds fewer.
    perCp: rss === undefined ? undefined : (rss - base) / Math.max(1, r.fleet.booted),
    // From the moment the run's clock started: module loading and worker start-up are not per message.
    ...perCall(cpuFrom(m, offset), calls),
    ...(() => {
      const w = holdWindow(r.fleet.bootedAll, seconds);
      return holdFigures(m, w, offset, w ? callsInTimeline(r.timeline, w.from, w.to) : 0);
    })(),
    note:
      `${r.verdict} errors ${r.errors.total}, calls ${fmtInt(calls)}` +
      (bootRss && rss ? `; RSS ${fmtMB(bootRss)} 2 s after all booted -> ${fmtMB(rss)} at the end` : "") +
      bootBusy(server, m, offset, r.fleet.bootedAll, r.fleet.booted),
  } satisfies Figures;
}

function bareFigures(
  m: Measured,
  r: BareResult,
  seconds: number,
  base: number,
  steady: string,
  server?: TreeSample[],
) {
  const offset = r.startedWall - m.startedWall;
  const rss = rssAt(m, offset + seconds * 1000 - 300);
  return {
    bootedAllMs: r.bootedAllMs,
    calls: r.calls,
    seconds,
    latency: `${latency(r.boot)} | ${steady} ${latency(r.steady)}`,
    rss,
    perCp: rss === undefined ? undefined : (rss - base) / Math.max(1, r.booted),
    ...perCall(cpuFrom(m, offset), r.calls),
    ...(() => {
      const w = holdWindow(r.bootedAllMs, seconds);
      return holdFigures(m, w, offset, w ? callsInSeries(r.callsOverTime, w.from, w.to) : 0);
    })(),
    note:
      `booted ${fmtInt(r.booted)}, errors ${r.errors}, calls ${fmtInt(r.calls)}` +
      bootBusy(server, m, offset, r.bootedAllMs, r.booted),
  } satisfies Figures;
}

async function bare(kind: "ws" | "soap", workload: string, url: string, n: number, seconds: number) {
  const out = join(dir, `bare-${kind}-${workload}-${n}.json`);
  const script = join(ROOT, `bench/bare-${kind}.ts`);
  const args = ["--url", url, "--count", String(n), "--duration", String(seconds), "--workload", workload];
  args.push("--max-connecting", values["max-connecting"]);
  const server = watched ? sampler(watched, 200, true) : undefined;
  const m = await measure([process.execPath, ...TSX, script, ...args, "--out", out], `${out}.log`);
  server?.stop();
  return { m, result: JSON.parse(readFileSync(out, "utf8")) as BareResult, server: server?.samples };
}

const fmtMB = (b: number | undefined) => (b === undefined ? "-" : `${fmt(b / 1e6, 1)} MB`);
const rows: string[][] = [
  [
    "workload",
    "transport",
    "N",
    "client",
    "all booted",
    "calls/s",
    "p50/p95 ms: boot | hold",
    "RSS",
    "per cp",
    "CPU ms/call hold: user + sys",
    "whole run: user + sys",
  ],
];
const notes: string[] = [];
/** "user + system = total" from a total and its system part. */
const userSys = (all: number, sys: number) => `${fmt(all - sys, 4)} + ${fmt(sys, 4)} = ${fmt(all, 4)}`;
function row(w: string, t: string, n: number, client: string, f: Figures) {
  rows.push([
    w,
    t,
    fmtInt(n),
    client,
    f.bootedAllMs == null ? "not all" : `${fmt(f.bootedAllMs / 1000, 1)} s`,
    fmtInt(f.calls / f.seconds),
    f.latency,
    fmtMB(f.rss),
    f.perCp === undefined ? "-" : `${fmt(f.perCp / 1000, 1)} kB`,
    f.holdCpuMsPerMsg === undefined ? "-" : userSys(f.holdCpuMsPerMsg, f.holdSysMsPerMsg!),
    userSys(f.cpuMsPerMsg, f.sysMsPerMsg),
  ]);
  // The machine's load when the row was measured: times move with it, CPU per call much less.
  const load = `; load average ${fmt(os.loadavg()[0]!)}`;
  notes.push(`${w} ${t} ${fmtInt(n)} ${client}: ${f.note ?? ""}${load}`);
  if (f.trend) notes.push(`${w} ${t} ${fmtInt(n)} ${client}: ${describeTrend(f.trend)}`);
}

async function jsonCase(workload: "idle" | "charging", seconds: number) {
  const n = Number(values.count);
  const w = workload === "idle" ? "W1" : "W2";
  const steady = workload === "idle" ? "Heartbeat" : "MeterValues";
  const servers = values.servers;
  const json = `OCPP-J, ${values.server === "ws" ? "bare ws server" : "ocpp-rpc"}`;
  const la = values["local-address"] ? ["--local-address", values["local-address"]] : [];
  const script = values.server === "ws" ? "bench/ws-server.ts" : "bench/ocpp-rpc-server.ts";
  const server = await startServer([
    process.execPath,
    ...TSX,
    join(ROOT, script),
    servers,
    "60",
    values.ping,
  ]);
  const url = `ws://127.0.0.1:${server.info.port}/ocpp`;
  watched = server.child.pid;
  try {
    // Baseline: the same command with one charge point per process.
    const b = await cpsim(workload, url, Math.max(1, workers), 5, la);
    const base = peakRss(b.m);
    const run = await cpsim(workload, url, n, seconds, la);
    console.log(`  cpsim ${run.args.join(" ")}`);
    row(w, json, n, "cpsim", cpsimFigures(run.m, run.report, seconds, base, steady, run.server));
    if (withBare) {
      const bb = await bare("ws", workload, url, 1, 4);
      const br = await bare("ws", workload, url, n, seconds);
      const f = bareFigures(br.m, br.result, seconds, peakRss(bb.m), steady, br.server);
      row(w, json, n, "bare ws", f);
    }
  } finally {
    watched = undefined;
    await stopServer(server.child);
  }
}

async function soapCase(workload: "idle" | "charging", seconds: number) {
  const n = Number(values["soap-count"]);
  const w = workload === "idle" ? "W1" : "W2";
  const steady = workload === "idle" ? "Heartbeat" : "MeterValues";
  const csms = await startCsms({ heartbeatIntervalSec: 60 });
  // 1.6 has a SOAP binding, so the embedded central system serves it.
  const url = csms.soapUrls["1.6"]!;
  try {
    const b = await cpsim(workload, url, 1, 5, []);
    const run = await cpsim(workload, url, n, seconds, []);
    console.log(`  cpsim ${run.args.join(" ")}`);
    row(w, "SOAP 1.6", n, "cpsim", cpsimFigures(run.m, run.report, seconds, peakRss(b.m), steady));
    if (withBare) {
      const bb = await bare("soap", workload, url, 1, 4);
      const br = await bare("soap", workload, url, n, seconds);
      row(w, "SOAP 1.6", n, "bare HTTP", bareFigures(br.m, br.result, seconds, peakRss(bb.m), steady));
    }
  } finally {
    await csms.stop();
  }
}

const plan: [string, () => Promise<void>][] = [
  ["json-w1", () => jsonCase("idle", Number(values["w1-duration"]))],
  ["json-w2", () => jsonCase("charging", Number(values["w2-duration"]))],
  ["soap-w1", () => soapCase("idle", Number(values["soap-duration"]))],
  ["soap-w2", () => soapCase("charging", Number(values["soap-duration"]))],
];
for (const [name, run] of plan) {
  if (!cases.has(name)) continue;
  console.log(`${name}…`);
  await run();
}
console.log(`\n${table(rows)}\n`);
for (const n of notes) console.log(`  ${n}`);
console.log(
  "\ncall = one OCPP CALL and its answer: two WebSocket messages, one each way (a SOAP request and its " +
    "response for SOAP). calls/s over the whole run, boot included. CPU ms/call = user + system CPU of the client's " +
    "whole process tree (every thread, GC helpers included) / calls, as user + system = total; per WebSocket " +
    "message, halve it. The server's pings (ocpp-rpc: every 30 s, --ping) are no calls, but the client's pongs are in " +
    `its CPU. "hold" from ${SETTLE_MS / 1000} s after all booted to the end of the hold (the steady state), ` +
    '"whole run" from the start of the run (after loading its modules; boot and shutdown included). On loopback ' +
    "the kernel's receive work for a frame is partly charged to the sender's system time. RSS = sum over the tree " +
    "at the end of the hold; per cp = (RSS - RSS of the same command with one charge point per process) / charge " +
    "points booted; p50/p95 from the cpsim report's HDR histograms (the bare client's from its own samples). " +
    "W2's bare client sends MeterValues every 10 s and heartbeats, without sessions. kB = 1000 B.",
);
console.log(`reports and logs: ${dir}`);
process.exit(0);
