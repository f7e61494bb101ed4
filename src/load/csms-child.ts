// The parent's side of the central system process (csms-process.ts): start it, ask it for its CPU
// and connection counters, stop it. The IPC messages both sides exchange are typed here.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { OcppVersion } from "../ocpp/versions.ts";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export type ToCsms = { type: "stats" } | { type: "stop" };
export type FromCsms =
  | { type: "ready"; url: string; soapUrls: Partial<Record<OcppVersion, string>>; pid: number }
  | {
      type: "stats";
      /** process.cpuUsage() user + system, microseconds since start. */
      cpuUs: number;
      rss: number;
      heapUsed: number;
      connected: number;
      problems: number;
    };

export type CsmsStats = Extract<FromCsms, { type: "stats" }>;

export interface Csms {
  url: string;
  /** CentralSystemService endpoints of OCPP 1.5 and 1.6 SOAP. */
  soapUrls: Partial<Record<OcppVersion, string>>;
  stats(): Promise<CsmsStats>;
  stop(): Promise<void>;
}

/** The file of a sibling module, run through tsx from the sources, as is from dist/. */
export function forkable(name: string, from: string): { file: string; execArgv: string[] } {
  const ts = from.endsWith(".ts");
  return {
    file: fileURLToPath(new URL(`./${name}${ts ? ".ts" : ".js"}`, from)),
    // tsx by its own path: the user's working directory may be anywhere.
    execArgv: ts ? ["--import", import.meta.resolve("tsx")] : [],
  };
}

/** Forks the central system and waits until it listens; heartbeatIntervalSec is given at boot. */
export async function startCsms(
  opts: { heartbeatIntervalSec?: number; log?: (line: string) => void } = {},
): Promise<Csms> {
  const { file, execArgv } = forkable("csms-process", import.meta.url);
  const child: ChildProcess = fork(file, [String(opts.heartbeatIntervalSec ?? 3600)], {
    execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = <T extends FromCsms["type"]>(type: T) =>
    new Promise<Extract<FromCsms, { type: T }>>((resolve, reject) => {
      const onMessage = (m: FromCsms) => {
        if (m.type !== type) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(m as Extract<FromCsms, { type: T }>);
      };
      const onExit = (code: number | null) => reject(new Error(`central system exited (${code})`));
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  const ready = await next("ready");
  const tell = (m: ToCsms) => child.send(m);
  opts.log?.(`central system: ${ready.url} (pid ${ready.pid})`);
  return {
    url: ready.url,
    soapUrls: ready.soapUrls,
    stats: () => {
      const p = next("stats");
      tell({ type: "stats" });
      return p;
    },
    stop: async () => {
      const exited = new Promise((r) => child.once("exit", r));
      tell({ type: "stop" });
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) child.kill();
    },
  };
}
