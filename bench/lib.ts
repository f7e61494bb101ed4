// Small helpers of the benchmark: bounded concurrency, GC settling, memory sampling, formatting.
import { readFileSync } from "node:fs";

/**
 * Runs task(0) … task(total - 1) with at most `concurrency` in flight; resolves when all are done.
 * Tasks handle their own errors (a rejection here would be a bug of the benchmark).
 */
export async function pool(total: number, concurrency: number, task: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < total) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, total)) }, worker));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Full GCs with turns of the event loop between them, so finalizers and weak callbacks run too. */
export async function settleHeap(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run node with --expose-gc");
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
}

export interface MemSample {
  rss: number;
  /** V8 heap committed (used + free space inside its pages). */
  heapTotal: number;
  heapUsed: number;
  /** Memory of C++ objects bound to JS objects; includes arrayBuffers (Node counts them in both). */
  external: number;
  arrayBuffers: number;
}

export function memSample(): MemSample {
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    heapTotal: m.heapTotal,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
  };
}

/** CPU time of this process so far, in microseconds: user + system, and system alone. */
export function cpuUs(): { total: number; system: number } {
  const c = process.cpuUsage();
  return { total: c.user + c.system, system: c.system };
}

/** Errors by kind (the code in the message when there is one), for the report. */
export class ErrorTally {
  private readonly kinds = new Map<string, { count: number; example: string }>();
  total = 0;

  add(err: unknown): string {
    const message = err instanceof Error ? err.message : String(err);
    const kind = /\b(E[A-Z]{3,}|ERR_[A-Z_]+)\b/.exec(message)?.[1] ?? (err as Error)?.name ?? "Error";
    const k = this.kinds.get(kind);
    if (k) k.count++;
    else this.kinds.set(kind, { count: 1, example: message });
    this.total++;
    return kind;
  }

  lines(): string[] {
    return [...this.kinds].map(([kind, k]) => `${k.count} × ${kind} (e.g. ${k.example})`);
  }
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const fmtInt = (n: number) => Math.round(n).toLocaleString("en-US");
export const fmt = (n: number, digits = 2) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const fmtBytes = (n: number) =>
  Math.abs(n) >= 1e6 ? `${fmt(n / 1e6, 1)} MB` : `${fmtInt(n)} B (${fmt(n / 1000, 1)} kB)`;

/** A plain text table; the first row is the header. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join("\n");
}

/**
 * Linux only: connections dropped because a listen queue was full (TcpExt ListenDrops), system-wide.
 * Each drop costs the client a SYN retransmit (1 s, then 2 s…). Undefined where it cannot be read.
 */
export function listenDrops(): number | undefined {
  try {
    const lines = readFileSync("/proc/net/netstat", "utf8").split("\n");
    const i = lines.findIndex((l) => l.startsWith("TcpExt:"));
    const names = lines[i]!.split(/\s+/);
    const values = lines[i + 1]!.split(/\s+/);
    const v = Number(values[names.indexOf("ListenDrops")]);
    return Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
