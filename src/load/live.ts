// The live view of a load run. On a terminal: a small panel redrawn in place at most 4 times a
// second. Elsewhere (CI logs): one plain line every 10 seconds.
import type { ChalkInstance } from "chalk";
import type { LiveState } from "./run.ts";

const SHORT: Record<string, string> = {
  BootNotification: "Boot",
  Authorize: "Auth",
  StartTransaction: "Start",
  MeterValues: "Meter",
  StopTransaction: "Stop",
  Heartbeat: "HB",
};

const n = (v: number) => Math.round(v).toLocaleString("en-US");
const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};

function p95s(s: LiveState): string {
  const parts = Object.entries(s.p95Ms)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${SHORT[k] ?? k} ${v! >= 100 ? v!.toFixed(0) : v!.toFixed(1)}`);
  return parts.length ? parts.join("  ") : "-";
}

export function liveView(
  out: { write(text: string): unknown; isTTY?: boolean },
  c: ChalkInstance,
  header: string,
  plainEveryMs = 10_000,
): (s: LiveState) => void {
  if (out.isTTY) {
    let drawn = 0;
    return (s) => {
      const lines = [
        `${c.bold("cpsim load")}  ${clock(s.elapsedMs)}  ${header}${s.stopping ? c.yellow("  stopping…") : ""}`,
        `connected  ${n(s.connected)} / ${n(s.target)}${s.connecting ? ` (connecting ${n(s.connecting)})` : ""}   booted ${n(s.booted)}`,
        `sessions   ${n(s.activeTransactions)} open   calls/s ${n(s.messagesPerSec)}   errors ${s.errors ? c.red(n(s.errors)) : "0"}`,
        `p95 ms     ${p95s(s)}`,
      ];
      // Up to the panel's first line, clear to the end of the screen, draw again.
      out.write(`${drawn ? `\x1b[${drawn}A\x1b[J` : ""}${lines.join("\n")}\n`);
      drawn = lines.length;
    };
  }
  let last = -plainEveryMs;
  let stopShown = false;
  return (s) => {
    if (s.stopping ? stopShown : s.elapsedMs - last < plainEveryMs) return;
    stopShown ||= s.stopping;
    last = s.elapsedMs;
    out.write(
      `${clock(s.elapsedMs)} connected ${s.connected}/${s.target} booted ${s.booted} sessions ${s.activeTransactions} ` +
        `calls/s ${Math.round(s.messagesPerSec)} errors ${s.errors} p95 ms ${p95s(s)}${s.stopping ? " (stopping)" : ""}\n`,
    );
  };
}
