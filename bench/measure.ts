// Runs one measured program for the load benchmark: under `ulimit -n <hard limit>` (each charge
// point is a file descriptor), its output in a log file, its process tree sampled from outside
// every 200 ms, and its exact CPU total from bash's `times` (which includes every reaped child).
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { sampler, type TreeSample } from "./proc-tree.ts";

export interface Measured {
  code: number | null;
  /** User + system CPU of the whole tree, ms. */
  cpuMs: number;
  /** Its system part, ms. */
  sysMs: number;
  samples: TreeSample[];
  /** Date.now() when it was started, to line the samples up with a report's startedAt. */
  startedWall: number;
  startedPerf: number;
}

// Raises the soft file limit to the hard one, runs the command, then prints the children's CPU.
const WRAP = 'ulimit -n "$(ulimit -Hn)"; "$@"; rc=$?; times >&3; exit $rc';

export async function measure(argv: string[], log: string, env = process.env): Promise<Measured> {
  const fd = openSync(log, "w");
  const startedWall = Date.now();
  const startedPerf = performance.now();
  const child = spawn("bash", ["-c", WRAP, "bash", ...argv], {
    stdio: ["ignore", fd, fd, "pipe"],
    env,
  });
  closeSync(fd);
  let times = "";
  child.stdio[3]!.on("data", (c: Buffer) => {
    times += String(c);
  });
  const s = sampler(child.pid!);
  const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
  s.stop();
  // `times`: the shell's own user/system on line 1, its children's on line 2 ("0m1.234s 0m0.567s").
  const line = times.trim().split("\n")[1] ?? "";
  const secs = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  const cpuMs = secs.length === 2 ? (secs[0]! + secs[1]!) * 1000 : Number.NaN;
  const sysMs = secs.length === 2 ? secs[1]! * 1000 : Number.NaN;
  return { code, cpuMs, sysMs, samples: s.samples, startedWall, startedPerf };
}

/** A long-running helper (a central system): started, read until it prints its JSON line. */
export async function startServer(
  argv: string[],
): Promise<{ child: ChildProcess; info: Record<string, unknown> }> {
  const child = spawn("bash", ["-c", 'ulimit -n "$(ulimit -Hn)"; exec "$@"', "bash", ...argv], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += String(c);
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)));
    });
    child.once("exit", (code) => reject(new Error(`${argv.join(" ")} exited (${code})`)));
  });
  return { child, info };
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const gone = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await gone;
}

/** The last sample of the tree at or before a moment, given as ms after the program started. */
export function sampleAt(m: Measured, msAfterStart: number): TreeSample | undefined {
  const at = m.startedPerf + msAfterStart;
  let best: TreeSample | undefined;
  for (const s of m.samples) if (s.at <= at) best = s;
  return best;
}

export const rssAt = (m: Measured, msAfterStart: number) => sampleAt(m, msAfterStart)?.rss;

/** CPU from a moment (ms after the start) to the end: what the program spent after loading. */
export const cpuFrom = (m: Measured, msAfterStart: number) => {
  const s = sampleAt(m, msAfterStart);
  return { cpuMs: m.cpuMs - (s?.cpuMs ?? 0), sysMs: m.sysMs - (s?.sysMs ?? 0) };
};

export const peakRss = (m: Measured) => Math.max(0, ...m.samples.map((s) => s.rss));
