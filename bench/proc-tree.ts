// CPU and memory of a process and all its descendants, read from /proc from outside (Linux), so
// the measured program runs untouched: utime + stime of /proc/<pid>/stat, VmRSS of /proc/<pid>/status.
import { readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on every Linux Node supports.

export interface TreeSample {
  /** performance.now() of the parent when sampled. */
  at: number;
  /** user + system CPU of the live processes of the tree, ms (children they reaped included). */
  cpuMs: number;
  /** The system (kernel) part of cpuMs: on loopback it carries the peer's receive path too. */
  sysMs: number;
  /** Sum of VmRSS, bytes. */
  rss: number;
  processes: number;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

function descendants(pid: number, into: number[]): number[] {
  into.push(pid);
  for (const tid of (read(`/proc/${pid}/task/${pid}/children`) ?? "").split(" ")) {
    if (tid) descendants(Number(tid), into);
  }
  return into;
}

/** includeRoot false: the root is the bash wrapper of measure.ts, and only what it runs counts. */
export function sampleTree(root: number, includeRoot = false): TreeSample {
  let cpuTicks = 0;
  let sysTicks = 0;
  let rssKb = 0;
  let processes = 0;
  for (const pid of descendants(root, []).slice(includeRoot ? 0 : 1)) {
    const stat = read(`/proc/${pid}/stat`);
    const status = read(`/proc/${pid}/status`);
    if (!stat || !status) continue;
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15,
    // cutime 16, cstime 17. cutime/cstime hold the workers this process already reaped.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    cpuTicks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    sysTicks += Number(f[12]) + Number(f[14]);
    rssKb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    processes++;
  }
  return {
    at: performance.now(),
    cpuMs: cpuTicks * TICK_MS,
    sysMs: sysTicks * TICK_MS,
    rss: rssKb * 1024,
    processes,
  };
}

/** Samples the tree under `root` every `everyMs` until stopped; keeps every sample. */
export function sampler(root: number, everyMs = 200, includeRoot = false) {
  const samples: TreeSample[] = [];
  const take = () => {
    const s = sampleTree(root, includeRoot);
    if (s.processes > 0) samples.push(s);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    stop: () => clearInterval(timer),
  };
}
