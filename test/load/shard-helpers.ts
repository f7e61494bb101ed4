// What the shard tests share: `cpsim csms --json` in a process of its own (the central system every
// shard connects to, counting what it received), and the samples of an encoded HDR histogram.
import { spawn } from "node:child_process";
import { once } from "node:events";
import * as hdr from "hdr-histogram-js";
import { newHistogram } from "../../src/load/histogram.ts";
import { BIN, ROOT } from "../cli/helpers.ts";

export interface LoggedMessage {
  cp: string;
  dir: "in" | "out";
  kind: "call" | "result" | "error";
  action: string;
  payload: Record<string, unknown>;
}

export async function csmsProcess() {
  const child = spawn(
    process.execPath,
    [BIN, "csms", "--port", "0", "--json", "--heartbeat-interval", "86400"],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines: string[] = [];
  let buffer = "";
  let onFirst: (() => void) | undefined;
  child.stdout.on("data", (d) => {
    buffer += d;
    const parts = buffer.split("\n");
    buffer = parts.pop()!;
    lines.push(...parts);
    onFirst?.();
  });
  if (lines.length === 0) await new Promise<void>((r) => (onFirst = r));
  const { listening } = JSON.parse(lines[0]!) as { listening: string };
  let from = 1;
  return {
    url: listening,
    /** The messages logged since the previous call. */
    take(): LoggedMessage[] {
      const out = lines.slice(from).map((l) => JSON.parse(l) as LoggedMessage);
      from = lines.length;
      return out;
    },
    async stop() {
      const closed = once(child, "close");
      child.kill("SIGINT");
      await closed;
    },
  };
}

/** Calls received from charge points, per action. */
export function callsIn(messages: LoggedMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages)
    if (m.dir === "in" && m.kind === "call") counts.set(m.action, (counts.get(m.action) ?? 0) + 1);
  return counts;
}

/**
 * A histogram built value by value from the samples an encoded histogram holds (each recorded
 * value with its count): what one process recording every latency of every shard would hold.
 */
export function addSamples(into: hdr.Histogram, encoded: string): number {
  if (!encoded) return 0;
  const h = hdr.decodeFromCompressedBase64(encoded) as hdr.JsHistogram;
  let n = 0;
  for (let i = 0; i < h.countsArrayLength; i++) {
    const count = h.getCountAtIndex(i);
    if (count === 0) continue;
    into.recordValueWithCount(h.valueFromIndex(i), count);
    n += count;
  }
  return n;
}

export { newHistogram };
