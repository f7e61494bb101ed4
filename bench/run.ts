// cpsim benchmark: N charge points in this process against cpsim's own central system in a child
// process, over loopback. Prints figures next to the project's targets; never fails on them.
//
//   npm run bench:core                 10,000 OCPP 1.6-J charge points, 5 messages each; then
//                                      2,000 OCPP 1.6 SOAP charge points (--soap-cps)
//   npm run bench:core -- --cps 1000        quick run
//   npm run bench:core -- --transport soap --ocpp 1.5   the SOAP case alone
//   options: --cps N  --messages M  --concurrency C (both phases)  --boot-concurrency C
//            --msg-concurrency C  --mix heartbeat|mixed|both
//            --profile DIR (a .cpuprofile per phase of this process, with a summary; slows it down)
import { spawn } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ChargePoint } from "../src/chargepoint/charge-point.ts";
import { startCsms } from "../src/load/csms-child.ts";
import { dialerFor } from "../src/ocpp/dial.ts";
import { defaultScheduler } from "../src/util/scheduler.ts";
import {
  cpuUs,
  ErrorTally,
  fmt,
  fmtBytes,
  fmtInt,
  listenDrops,
  type MemSample,
  memSample,
  percentile,
  pool,
  settleHeap,
  sleep,
  table,
} from "./lib.ts";
import { PhaseProfiler } from "./profile.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TARGET = { bootCps: 10_000, bootSec: 5, bytesPerCp: 10_000, cpuMsPerMsg: 0.08 };

// Memory figures need global.gc: start again under node --expose-gc (same arguments) when it is missing.
if (typeof (globalThis as { gc?: unknown }).gc !== "function") {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--import", "tsx", script, ...process.argv.slice(2)],
    { stdio: "inherit", cwd: ROOT },
  );
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await main();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cps: { type: "string", default: "10000" },
      messages: { type: "string", default: "5" },
      concurrency: { type: "string" },
      "boot-concurrency": { type: "string" },
      "msg-concurrency": { type: "string" },
      mix: { type: "string", default: "both" },
      profile: { type: "string" },
      transport: { type: "string" },
      ocpp: { type: "string", default: "1.6" },
      "soap-cps": { type: "string", default: "2000" },
    },
  });
  const soap = values.transport === "soap";
  if (values.transport !== undefined && !soap && values.transport !== "json")
    throw new Error(`--transport must be json or soap, got ${values.transport}`);
  const version = values.ocpp === "1.5" ? "1.5" : "1.6";
  if (version === "1.5" && !soap) throw new Error("OCPP 1.5 has no JSON binding: add --transport soap");
  const num = (v: string | undefined, fallback: number) => {
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`expected a positive integer, got ${v}`);
    return n;
  };
  const N = num(values.cps, 10_000);
  const M = num(values.messages, 5);
  // Boot: 250 connections in flight keep both cores busy and stay below the central system's listen
  // backlog (Node's default 511: beyond it SYNs are dropped and retried after 1 s). Measured on
  // 2 cores: 150 to 350 equal (~3.9 s), 500 ~4.2 s, 1000 and 2000 overflow the queue and vary widely.
  const bootC = num(values["boot-concurrency"] ?? values.concurrency, 250);
  // Messages: one CALL in flight per charge point (OCPP-J), 500 charge points at a time; 100 to 3000
  // measured within noise of each other, the larger sizes only add latency and garbage.
  const msgC = num(values["msg-concurrency"] ?? values.concurrency, 500);
  const mixes: [string, Action[]][] = [];
  if (values.mix === "heartbeat" || values.mix === "both") mixes.push(["Heartbeat", ["Heartbeat"]]);
  if (values.mix === "mixed" || values.mix === "both")
    mixes.push(["mix HB/SN/MV", ["Heartbeat", "StatusNotification", "MeterValues"]]);
  if (mixes.length === 0) throw new Error(`--mix must be heartbeat, mixed or both, got ${values.mix}`);

  console.log(
    `cpsim bench: ${fmtInt(N)} OCPP ${version}-${soap ? "S" : "J"} charge points, ${M} messages each, boot concurrency ${bootC}, ` +
      `message concurrency ${msgC}; ${os.cpus().length} CPUs, node ${process.version}, ` +
      `load average ${fmt(os.loadavg()[0]!)} (other work on the machine skews every figure)`,
  );
  const csms = await startCsms({ log: console.log });
  const factory = dialerFor({ url: soap ? csms.soapUrls[version]! : csms.url, version });
  const newCp = (id: string) => new ChargePoint({ id, dial: factory, statusOnBoot: false });
  const rows: string[][] = [["metric", "measured", "target"]];
  const profiler = new PhaseProfiler(values.profile);

  // Warm-up: a few charge points through every action, so schema compilation and JIT are not
  // charged to the measured charge points (and the module graph is fully loaded for the baseline).
  const warm = Array.from({ length: 20 }, (_, i) => newCp(`warm-${i}`));
  await Promise.all(
    warm.map(async (cp) => {
      await cp.connect();
      await cp.boot();
      for (const a of ["Heartbeat", "StatusNotification", "MeterValues"] as const) await send(cp, a);
      await cp.disconnect();
    }),
  );
  await sleep(200);
  await settleHeap();
  const base = memSample();

  // Phase 1: boot.
  const cps = Array.from({ length: N }, (_, i) => newCp(`CP${String(i).padStart(6, "0")}`));
  const connectErrors = new ErrorTally();
  const bootErrors = new ErrorTally();
  const latency = new Float64Array(N).fill(Number.POSITIVE_INFINITY);
  let retries = 0;
  const drops0 = listenDrops();
  const boot0 = await csms.stats();
  await profiler.start();
  const cpu0 = cpuUs();
  const t0 = performance.now();
  await pool(N, bootC, async (i) => {
    const cp = cps[i]!;
    const start = performance.now();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await cp.connect();
          break;
        } catch (err) {
          connectErrors.add(err);
          // EMFILE, EADDRNOTAVAIL, resets and handshake timeouts are load effects: back off, retry.
          if (attempt >= 4) throw err;
          retries++;
          await sleep(200 * attempt);
        }
      }
      await cp.boot({ maxAttempts: 1 });
      latency[i] = performance.now() - start;
    } catch (err) {
      bootErrors.add(err);
    }
  });
  const bootMs = performance.now() - t0;
  const cpu1 = cpuUs();
  const bootCpuUs = cpu1.total - cpu0.total;
  const bootSysPct = (100 * (cpu1.system - cpu0.system)) / Math.max(1, bootCpuUs);
  const boot1 = await csms.stats();
  const bootProfile = await profiler.stop("boot");
  const booted = cps.filter((cp) => cp.registration === "Accepted");
  latency.sort();
  console.log(
    `\nboot: ${fmtInt(booted.length)}/${fmtInt(N)} accepted in ${fmt(bootMs / 1000)} s ` +
      `(${fmtInt((booted.length / bootMs) * 1000)} cp/s); connect+boot latency p50 ` +
      `${fmt(percentile(latency, 50), 1)} ms, p99 ${fmt(percentile(latency, 99), 1)} ms; ` +
      `CPU ${fmt(bootCpuUs / 1000 / N, 3)} ms per cp in this process (${fmt(bootSysPct, 0)}% kernel), ${fmt((boot1.cpuUs - boot0.cpuUs) / 1000 / N, 3)} ms in the central system`,
  );
  const drops = (listenDrops() ?? 0) - (drops0 ?? 0);
  if (drops > 0)
    console.log(
      `  listen queue overflows (SYN dropped, retried after ≥ 1 s): ${fmtInt(drops)}; lower --boot-concurrency`,
    );
  if (retries > 0) console.log(`  connect retries: ${retries}`);
  for (const l of connectErrors.lines()) console.log(`  connect error: ${l}`);
  for (const l of bootErrors.lines()) console.log(`  failed: ${l}`);
  if (boot1.connected !== booted.length || boot1.problems > 0)
    console.log(`  central system: ${boot1.connected} connections, ${boot1.problems} protocol problems`);
  for (const l of bootProfile) console.log(l);
  rows.push([
    `boot ${fmtInt(N)} charge points (connect + BootNotification)`,
    `${fmt(bootMs / 1000)} s (${fmtInt((booted.length / bootMs) * 1000)} cp/s)`,
    `≤ ${TARGET.bootSec} s for ${fmtInt(TARGET.bootCps)} (≥ ${fmtInt(TARGET.bootCps / TARGET.bootSec)} cp/s)`,
  ]);

  // Phase 2: memory held per booted, idle charge point (objects, link, socket), after full GCs.
  await settleHeap();
  const after = memSample();
  const per = (k: keyof MemSample) => (after[k] - base[k]) / Math.max(1, booted.length);
  const sched = defaultScheduler as unknown as { heap: unknown[]; size: number };
  console.log(
    `\nmemory per charge point: heapUsed ${fmtBytes(per("heapUsed"))}, external ${fmtBytes(per("external"))} ` +
      `(of which arrayBuffers ${fmtBytes(per("arrayBuffers"))}), heapTotal ${fmtBytes(per("heapTotal"))}, ` +
      `RSS ${fmtBytes(per("rss"))}; ` +
      `process RSS ${fmtBytes(base.rss)} -> ${fmtBytes(after.rss)}; ` +
      `scheduler: ${fmtInt(sched.size)} live entries, ${fmtInt(sched.heap.length)} in its heap`,
  );
  rows.push([
    "memory per cp, heapUsed + external",
    fmtBytes(per("heapUsed") + per("external")),
    `≤ ${fmtInt(TARGET.bytesPerCp / 1000)} kB`,
  ]);
  rows.push(["memory per cp, RSS delta", fmtBytes(per("rss")), `≤ ${fmtInt(TARGET.bytesPerCp / 1000)} kB`]);

  // Phase 3: messages. One message = one CALL sent and its CALLRESULT received and validated.
  for (const [name, mix] of booted.length > 0 ? mixes : []) {
    const total = booted.length * M;
    const errors = new ErrorTally();
    const s0 = await csms.stats();
    await profiler.start();
    const c0 = cpuUs();
    const m0 = performance.now();
    await pool(total, msgC, async (k) => {
      try {
        await send(booted[k % booted.length]!, mix[k % mix.length]!);
      } catch (err) {
        errors.add(err);
      }
    });
    const ms = performance.now() - m0;
    const c1 = cpuUs();
    const cpu = (c1.total - c0.total) / 1000;
    const sysPct = (100 * (c1.system - c0.system)) / 1000 / Math.max(cpu, 1e-9);
    const s1 = await csms.stats();
    const lines = await profiler.stop(`messages ${name}`);
    const ok = total - errors.total;
    console.log(
      `\nmessages (${name}): ${fmtInt(ok)}/${fmtInt(total)} in ${fmt(ms / 1000)} s = ` +
        `${fmtInt((ok / ms) * 1000)} msg/s; CPU ${fmt(cpu / ok, 4)} ms/msg in this process (${fmt(sysPct, 0)}% kernel), ` +
        `${fmt((s1.cpuUs - s0.cpuUs) / 1000 / ok, 4)} ms/msg in the central system`,
    );
    for (const l of [...errors.lines().map((l) => `  failed: ${l}`), ...lines]) console.log(l);
    rows.push([`CPU per message, ${name}`, `${fmt(cpu / ok, 4)} ms`, `≤ ${TARGET.cpuMsPerMsg} ms`]);
    rows.push([`throughput, ${name}`, `${fmtInt((ok / ms) * 1000)} msg/s`, "-"]);
  }

  // Memory again once the messages are answered: what a busy charge point keeps beyond an idle one.
  await settleHeap();
  const busy = memSample();
  const busyPer =
    (busy.heapUsed + busy.external - base.heapUsed - base.external) / Math.max(1, booted.length);
  console.log(
    `\nmemory per charge point after the messages: heapUsed + external ${fmtBytes(busyPer)}, RSS ` +
      `${fmtBytes((busy.rss - base.rss) / Math.max(1, booted.length))}; scheduler: ` +
      `${fmtInt(sched.size)} live entries, ${fmtInt(sched.heap.length)} in its heap`,
  );
  rows.push(["memory per cp after the messages, heapUsed + external", fmtBytes(busyPer), "-"]);

  // Shutdown: close every connection properly, then stop the central system.
  const d0 = performance.now();
  await pool(cps.length, 1000, async (i) => {
    const cp = cps[i]!;
    await cp.disconnect().catch(() => {});
    cp.shutdown();
  });
  console.log(`\ndisconnected ${fmtInt(N)} charge points in ${fmt((performance.now() - d0) / 1000)} s`);
  await csms.stop();

  console.log(`\n${table(rows)}`);
  const cpu = os.cpus();
  console.log(
    `\nmachine: ${cpu.length} × ${cpu[0]?.model ?? "?"}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, ` +
      `${os.type()} ${os.release()}, node ${process.version}`,
  );
  console.log(
    (soap
      ? "notes: the targets are those of OCPP-J; 1 message = an HTTP POST of a SOAP request + its SOAP " +
        "response (both checked against the WSDL's schema); CPU is "
      : "notes: 1 message = a CALL sent + its CALLRESULT received (both schema-validated), i.e. two " +
        "WebSocket frames; CPU is ") +
      "process.cpuUsage() user+system of the charge point process only. kB = 1000 B. external " +
      "already includes arrayBuffers, so it is not added twice.",
  );
  // `npm run bench` alone measures both transports: SOAP in a fresh process of its own.
  if (values.transport === undefined) {
    const args = ["--transport", "soap", "--cps", values["soap-cps"]!, "--messages", String(M)];
    console.log(`\n${"-".repeat(100)}\n`);
    const child = spawn(
      process.execPath,
      ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), ...args],
      {
        stdio: "inherit",
        cwd: ROOT,
      },
    );
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    if (code !== 0) console.log(`the SOAP case ended with exit code ${code}`);
  }
  process.exit(0);
}

type Action = "Heartbeat" | "StatusNotification" | "MeterValues";

function send(cp: ChargePoint, action: Action): Promise<unknown> {
  switch (action) {
    case "Heartbeat":
      return cp.heartbeat();
    case "StatusNotification":
      return cp.setStatus(1, "Available");
    case "MeterValues":
      return cp.sendMeterValues(1);
  }
}
