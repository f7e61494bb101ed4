// Optional CPU profiling of one benchmark phase (--profile DIR): a V8 .cpuprofile per phase, loadable
// in Chrome DevTools, plus a printed summary of where the time went.
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export class PhaseProfiler {
  private session: Session | undefined;

  constructor(private readonly dir: string | undefined) {}

  async start(): Promise<void> {
    if (!this.dir) return;
    this.session = new Session();
    this.session.connect();
    await this.session.post("Profiler.enable");
    await this.session.post("Profiler.setSamplingInterval", { interval: 200 });
    await this.session.post("Profiler.start");
  }

  /** Stops, writes DIR/<name>.cpuprofile and returns summary lines (empty when not profiling). */
  async stop(name: string, top = 20): Promise<string[]> {
    const session = this.session;
    if (!session || !this.dir) return [];
    this.session = undefined;
    const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
    session.disconnect();
    const file = path.join(this.dir, `${name.replace(/[^\w.-]+/g, "-")}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    return [`profile written to ${file}`, ...summarize(profile, top)];
  }
}

/**
 * Self time by function and by source area (src/…, ws, ajv, node internals, GC), and the total
 * (self + callees) of the top functions. `window` keeps the samples between two moments, in ms
 * from the first sample (e.g. a run's steady state without its start-up).
 */
export function summarize(
  profile: Profile,
  top: number,
  window?: { fromMs: number; toMs: number },
): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  const inclusive = new Map<string, number>();
  let t = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (window && (t / 1000 < window.fromMs || t / 1000 > window.toMs)) return;
    self.set(id, (self.get(id) ?? 0) + dt);
    // Each function once per sample, however deep it recurses.
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const key = keyOf(byId.get(n)!.callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  const fns = new Map<string, number>();
  const areas = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    const where = area(f.url, f.functionName);
    const key = keyOf(f);
    fns.set(key, (fns.get(key) ?? 0) + us);
    areas.set(where, (areas.get(where) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  const sorted = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return [
    "  self time by area:",
    ...sorted(areas, 12).map(([k, us]) => `    ${pct(us)}  ${k}`),
    `  top ${top} functions by self time:`,
    ...sorted(fns, top).map(([k, us]) => `    ${pct(us)}  ${k}`),
    `  top ${top} functions by total time (self + callees), ours and our packages':`,
    ...sorted(
      new Map([...inclusive].filter(([k]) => !k.startsWith("(") && !/ (node:|\(native\))/.test(k))),
      top,
    ).map(([k, us]) => `    ${pct(us)}  ${k}`),
  ];
}

const keyOf = (f: ProfileNode["callFrame"]) =>
  `${f.functionName || "(anonymous)"}  ${short(f.url)}:${f.lineNumber + 1}`;

function short(url: string): string {
  const i = url.indexOf("/node_modules/");
  if (i >= 0) return url.slice(i + "/node_modules/".length);
  const s = url.indexOf("/src/");
  if (s >= 0) return url.slice(s + 1);
  return url.replace(/^file:\/\//, "") || "(native)";
}

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native/builtin)";
  const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (m) return `node_modules/${m[1]}`;
  const s = /\/(src\/[^?]+)/.exec(url);
  if (s) return s[1]!;
  if (url.startsWith("node:")) return url.split("/").slice(0, 3).join("/");
  return short(url);
}
