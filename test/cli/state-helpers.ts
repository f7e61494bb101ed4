// Pieces of the --state-dir tests: a cpsim process the test can kill, and waiting for a state file
// to say something (fs.watch, not a sleep).
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, watch } from "node:fs";
import { dirname } from "node:path";
import type { ChargePointState } from "../../src/chargepoint/persistence/state.ts";
import { BIN, ROOT, tempFile } from "./helpers.ts";

export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** `cpsim run <scenario> --ocpp 2.0.1` against `url`, keeping state in `stateDir`. */
export const runArgs201 = (url: string, stateDir: string, file: string, text: string) => [
  "run",
  tempFile(file, text),
  "--ocpp",
  "2.0.1",
  "--url",
  url,
  "--state-dir",
  stateDir,
];

/** Starts `cpsim <args>` in its own process, for a test to kill or wait for. */
export function startCpsim(args: string[]): Running {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => {
    out += d;
  });
  child.stderr!.on("data", (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Kills with SIGKILL (no cleanup of any kind can run) and waits for the process to be gone. */
export async function killHard(run: Running): Promise<void> {
  run.child.kill("SIGKILL");
  await run.exited;
}

/**
 * Resolves with the state once the file exists and `ready` holds for it; checked at each change of
 * its folder. Rejects, with what it printed, when `writer` exits first: the state will not come.
 */
export function waitForState(
  file: string,
  ready: (state: ChargePointState) => boolean,
  writer?: Running,
): Promise<ChargePointState> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      if (!existsSync(file)) return false;
      const state = JSON.parse(readFileSync(file, "utf8")) as ChargePointState;
      if (!ready(state)) return false;
      watcher.close();
      resolve(state);
      return true;
    };
    // The folder is watched, not the file: each write renames a new file over it.
    const watcher = watch(dirname(file), () => void check());
    void writer?.exited.then((code) => {
      if (check()) return;
      watcher.close();
      reject(new Error(`cpsim exited with ${code} before the state was ready: ${writer.stderr()}`));
    });
    check();
  });
}

/** Resolves once `path` exists (the folder is watched). */
export function waitForFile(path: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(dirname(path), () => {
      if (existsSync(path)) {
        watcher.close();
        resolve();
      }
    });
    if (existsSync(path)) {
      watcher.close();
      resolve();
    }
  });
}

/** A session of a few seconds with periodic meter values, for a test to kill cpsim in. */
export const sessionScenario = (id: string) => `version: 1
name: A session that survives a kill
chargePoint:
  id: ${id}
  config: { MeterValueSampleInterval: 1 }
steps:
  - boot
  - startTransaction: { idTag: T1, power: 3600W }
  - charge: { duration: 3s }
  - stopTransaction
`;

/** Offline from the start of the transaction: everything it sends waits in the queue. */
export const offlineScenario = (id: string) => `version: 1
name: Queued offline, then killed
chargePoint:
  id: ${id}
  config: { MeterValueSampleInterval: 1 }
steps:
  - boot
  - disconnect
  - startTransaction: { idTag: T1, power: 3600W }
  - charge: { duration: 2s }
  - stopTransaction
  - wait: 1h
`;

/** A run that only boots: what was queued goes out, then it ends. */
export const bootOnlyScenario = (id: string) => `version: 1
name: Boot again
chargePoint: { id: ${id} }
steps:
  - boot
`;
