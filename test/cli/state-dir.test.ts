// --state-dir: cpsim killed with SIGKILL mid-session and started again with the same folder,
// against a central system that stays up (ocpp-rpc's RPCServer in strict mode, in this process).
// What counts is what the central system received: every transaction message once.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/cli/run.ts";
import {
  type LoggedCall,
  OCPP_RPC_TRANSACTION_ID,
  type OcppRpcCsms,
  startOcppRpcCsms,
} from "../integration/helpers.ts";
import { cpsimInProcess, tempFile } from "./helpers.ts";
import {
  bootOnlyScenario,
  killHard,
  offlineScenario,
  sessionScenario,
  startCpsim,
  waitForFile,
  waitForState,
} from "./state-helpers.ts";

const SESSION = sessionScenario("CP-STATE");
const OFFLINE = offlineScenario("CP-QUEUE");

// Each test starts cpsim as a process of its own, which takes seconds on a busy machine.
const SPAWNING = { timeout: 60_000 };

const TX_ACTIONS = new Set(["StartTransaction", "StopTransaction", "MeterValues"]);

function energyOf(call: LoggedCall): number {
  const readings = call.params.meterValue as { sampledValue: { value: string; measurand?: string }[] }[];
  return Number(readings[0]!.sampledValue[0]!.value);
}

/** Each transaction message as the central system got it, one line each, to spot a duplicate. */
function wireLines(csms: OcppRpcCsms): string[] {
  return csms.log.calls
    .filter((c) => TX_ACTIONS.has(c.action))
    .map((c) => `${c.action} ${JSON.stringify(c.params)}`);
}

/** A run of a scenario that only boots: the queue goes out, then it ends. */
function bootAgain(id: string) {
  return bootAgainIn(dir, id);
}

function bootAgainIn(stateDir: string, id: string) {
  return cpsimInProcess([
    "run",
    tempFile("boot.yaml", bootOnlyScenario(id)),
    "--url",
    csms.url,
    "--state-dir",
    stateDir,
  ]);
}

let csms: OcppRpcCsms;
let dir: string;
beforeEach(async () => {
  csms = await startOcppRpcCsms();
  dir = mkdtempSync(join(tmpdir(), "cpsim-state-"));
});
afterEach(async () => {
  await csms.close();
});

describe("--state-dir across a SIGKILL", () => {
  it(
    "carries an open transaction on: the scenario run again takes it up, meters it and stops it, each message once",
    SPAWNING,
    async () => {
      const scenario = tempFile("session.yaml", SESSION);
      const args = ["run", scenario, "--url", csms.url, "--state-dir", dir];
      const first = startCpsim(args);
      await csms.log.waitForCount("MeterValues", 2);
      // Killed once the answer to the second MeterValues is on disk, so nothing is in flight.
      const before = await waitForState(join(dir, "CP-STATE.json"), (s) => s.queue.length === 0, first);
      expect(before.transactions).toEqual([
        expect.objectContaining({ id: OCPP_RPC_TRANSACTION_ID, idTag: "T1" }),
      ]);
      await killHard(first);
      const metered = csms.log.of("MeterValues").map(energyOf);

      // Started again in this process: only the first one has to be killable.
      const second = await cpsimInProcess(args);
      expect(second.stderr).toBe("");
      expect(second.code).toBe(0);
      expect(second.stdout).toContain("PASSED");
      expect(second.stdout).toContain(
        `CP-STATE carries on from ${join(dir, "CP-STATE.json")}: 1 open transaction, 0 queued messages`,
      );
      expect(csms.log.of("BootNotification")).toHaveLength(2);
      expect(csms.log.of("StartTransaction")).toHaveLength(1);
      const stops = csms.log.of("StopTransaction");
      expect(stops).toHaveLength(1);
      expect(stops[0]!.params.transactionId).toBe(OCPP_RPC_TRANSACTION_ID);
      const values = csms.log.of("MeterValues");
      expect(values.length).toBeGreaterThan(metered.length);
      for (const v of values) expect(v.params.transactionId).toBe(OCPP_RPC_TRANSACTION_ID);
      // The register goes on from where it was: never backwards, and the 3 s at 3600 W of the
      // second run (3 Wh, plus its connect and boot) on top of the last reading before the kill.
      const energy = [...values.map(energyOf), stops[0]!.params.meterStop as number];
      expect(energy).toEqual([...energy].sort((a, b) => a - b));
      // The restarted charge point boots, then tells the central system its connector is still Charging.
      const reboot = csms.log.calls.slice(csms.log.actions.lastIndexOf("BootNotification"));
      expect(reboot.slice(1, 3).map((c) => [c.action, c.params.connectorId, c.params.status])).toEqual([
        ["StatusNotification", 0, "Available"],
        ["StatusNotification", 1, "Charging"],
      ]);
      // 1 Wh a second from the restore on: at least the 3 s charge of the second run, and not the
      // seconds cpsim was dead (only the restore's connect and boot before that Charging status).
      const meterStop = stops[0]!.params.meterStop as number;
      const since = (at: unknown) =>
        (Date.parse(stops[0]!.params.timestamp as string) - Date.parse(at as string)) / 1000;
      expect(meterStop - metered.at(-1)!).toBeGreaterThanOrEqual(3);
      expect(meterStop - metered.at(-1)!).toBeLessThanOrEqual(since(reboot[2]!.params.timestamp) + 2);
      const lines = wireLines(csms);
      expect(new Set(lines).size).toBe(lines.length);
      expect(csms.strictFailures).toEqual([]);
    },
  );

  it(
    "delivers what was queued offline, in order, with the transaction id the central system gives after the restart",
    SPAWNING,
    async () => {
      const file = join(dir, "CP-QUEUE.json");
      const first = startCpsim([
        "run",
        tempFile("offline.yaml", OFFLINE),
        "--url",
        csms.url,
        "--state-dir",
        dir,
      ]);
      // Killed with the whole transaction waiting in the queue: start, readings, stop.
      const before = await waitForState(file, (s) => s.queue.at(-1)?.action === "StopTransaction", first);
      await killHard(first);
      expect(csms.log.of("StartTransaction")).toEqual([]);
      const queued = before.queue.map((m) => m.action);
      expect(queued[0]).toBe("StartTransaction");
      expect(before.transactions).toEqual([expect.objectContaining({ id: null })]);

      const second = await bootAgain("CP-QUEUE");
      expect(second.stderr).toBe("");
      expect(second.code).toBe(0);
      expect(second.stdout).toContain(
        `CP-QUEUE carries on from ${file}: 0 open transactions, ${queued.length} queued messages`,
      );
      const delivered = csms.log.calls.filter((c) => TX_ACTIONS.has(c.action));
      expect(delivered.map((c) => c.action)).toEqual(queued);
      for (const c of delivered.slice(1)) expect(c.params.transactionId).toBe(OCPP_RPC_TRANSACTION_ID);
      // BootNotification first: a charge point whose controller restarted registers before anything else.
      expect(csms.log.actions.indexOf("StartTransaction")).toBeGreaterThan(
        csms.log.actions.lastIndexOf("BootNotification"),
      );
      const after = JSON.parse(readFileSync(file, "utf8"));
      expect(after.queue).toEqual([]);
      expect(after.transactions).toEqual([]);
      const lines = wireLines(csms);
      expect(new Set(lines).size).toBe(lines.length);
    },
  );
});

describe("a scenario run again on a restored charge point", () => {
  const run = (steps: string) =>
    cpsimInProcess([
      "run",
      tempFile("s.yaml", `version: 1\nname: Again\nchargePoint: { id: CP-AGAIN }\nsteps:\n${steps}`),
      "--url",
      csms.url,
      "--state-dir",
      dir,
      "--reporter",
      "json",
    ]);

  it("takes the restored transaction up at the startTransaction for its idTag, and the plugIn before it passes", async () => {
    expect((await run("  - boot\n  - startTransaction: { idTag: T1 }\n")).code).toBe(0);
    const again = await run(
      "  - boot\n  - plugIn\n  - startTransaction: { idTag: T1 }\n  - stopTransaction\n",
    );
    expect(again.code).toBe(0);
    const steps = (JSON.parse(again.stdout) as JsonReport).scenarios[0]!.steps;
    expect(steps.find((s) => s.type === "startTransaction")!.response).toEqual({
      resumed: true,
      transactionId: OCPP_RPC_TRANSACTION_ID,
    });
    expect(csms.log.of("StartTransaction")).toHaveLength(1);
    expect(csms.log.of("StopTransaction")[0]!.params.transactionId).toBe(OCPP_RPC_TRANSACTION_ID);
  });

  it("fails a startTransaction for another idTag, as on any connector with a transaction running", async () => {
    expect((await run("  - boot\n  - startTransaction: { idTag: T1 }\n")).code).toBe(0);
    const again = await run("  - boot\n  - startTransaction: { idTag: T2 }\n");
    expect(again.code).toBe(1);
    const steps = (JSON.parse(again.stdout) as JsonReport).scenarios[0]!.steps;
    expect(steps.find((s) => s.type === "startTransaction")!.error).toBe(
      "connector 1 already has a transaction",
    );
    expect(csms.log.of("StartTransaction")).toHaveLength(1);
  });
});

describe("--state-dir refusals", () => {
  // It once timed out: the lock was written in place, so the test (woken by its creation) could
  // run the second cpsim while the file was still empty; that one took the "stale" lock over and
  // waited its hour. The lock now appears with its pid (lock.ts, test/unit/state-lock.test.ts).
  it(
    "refuses a second process on the same folder, and takes over the lock of one that was killed",
    SPAWNING,
    async () => {
      const waiting = `version: 1
name: Holds the folder
chargePoint: { id: CP-LOCK }
steps:
  - boot
  - wait: 1h
`;
      const scenario = tempFile("hold.yaml", waiting);
      const holder = startCpsim(["run", scenario, "--url", csms.url, "--state-dir", dir]);
      // A holder that ends before it takes the lock fails the test with what it said, not a hang.
      const locked = await Promise.race([
        waitForFile(join(dir, "cpsim.lock")).then(() => true),
        holder.exited.then(() => false),
      ]);
      expect(locked, `the first cpsim ended before taking the lock: ${holder.stderr()}`).toBe(true);
      const refused = await cpsimInProcess(["run", scenario, "--url", csms.url, "--state-dir", dir]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        `--state-dir ${dir} is in use by another cpsim (process ${holder.child.pid})`,
      );
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      await killHard(holder);
      // The killed process's lock is stale: the next run takes it over.
      const next = await bootAgain("CP-LOCK");
      expect(next.stderr).toBe("");
      expect(next.code).toBe(0);
    },
  );

  it("refuses a --state-dir that is a file", async () => {
    const file = tempFile("not-a-folder", "x");
    const r = await bootAgainIn(file, "CP-FILE");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cpsim: Cannot use --state-dir ${file}: it is a file, not a folder.\n`);
  });

  it.each([
    ["not JSON", "{ this is not json", "it is not JSON"],
    ["a newer format", JSON.stringify({ format: 2, id: "CP-BAD" }), "it has format 2, from a newer cpsim"],
    [
      "a missing field",
      JSON.stringify({ format: 1, id: "CP-BAD", clock: 0 }),
      "its status is missing or malformed",
    ],
  ])(
    "stops at a state file that is %s: exit 2, the file named and kept as it was, nothing sent",
    async (_what, content, why) => {
      const file = join(dir, "CP-BAD.json");
      writeFileSync(file, content);
      const r = await bootAgain("CP-BAD");
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`The state file ${file} cannot be used: ${why}`);
      expect(r.stderr).toContain("It was left as it is");
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(file, "utf8")).toBe(content);
      expect(csms.log.calls).toEqual([]);
    },
  );
});
