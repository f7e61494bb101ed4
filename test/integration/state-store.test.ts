// The state store (--state-dir) under the charge point model, against ocpp-rpc's strict
// RPCServer: write-ahead of transaction messages, what a restored charge point keeps, and a file
// replaced whole or not at all, even when the process dies between writing and renaming.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChargePoint, ChargePointOptions } from "../../src/chargepoint/charge-point.ts";
import { persistentChargePoint } from "../../src/chargepoint/persistence/attach.ts";
import type { ChargePointState } from "../../src/chargepoint/persistence/state.ts";
import { StateStore, stateFileName } from "../../src/chargepoint/persistence/store.ts";
import { dialerFor } from "../../src/ocpp/dial.ts";
import { SimClock } from "../../src/util/clock.ts";
import { defaultScheduler } from "../../src/util/scheduler.ts";
import { ROOT } from "../cli/helpers.ts";
import { OCPP_RPC_TRANSACTION_ID, type OcppRpcCsms, startOcppRpcCsms } from "./helpers.ts";

const ID = "CP-STORE";
let csms: OcppRpcCsms;
let dir: string;
let store: StateStore | undefined;
const opened: ChargePoint[] = [];

function persistent(saved?: ChargePointState, opts: Partial<ChargePointOptions> = {}) {
  store ??= StateStore.open(dir);
  const made = persistentChargePoint(
    store,
    {
      id: ID,
      connectors: 2,
      config: { MeterValueSampleInterval: "0" },
      dial: dialerFor({ url: csms.url, version: "1.6" }),
      ...opts,
    },
    saved,
  );
  opened.push(made.cp);
  return made;
}

beforeEach(async () => {
  csms = await startOcppRpcCsms();
  dir = mkdtempSync(join(tmpdir(), "cpsim-store-"));
});
afterEach(async () => {
  for (const cp of opened.splice(0)) {
    cp.shutdown();
    await cp.disconnect();
  }
  await store?.close();
  store = undefined;
  await csms.close();
});

describe("the state store", () => {
  it("puts a transaction message on disk before it goes out", async () => {
    const { cp } = persistent();
    await cp.connect();
    await cp.boot();
    const received = csms.log.waitForCount("StartTransaction", 1);
    const started = cp.startTransaction(1, "T1");
    await received;
    // Read as the central system gets the call, before its answer is back.
    const onDisk = JSON.parse(readFileSync(join(dir, `${ID}.json`), "utf8")) as ChargePointState;
    expect(onDisk.queue.map((m) => m.action)).toEqual(["StartTransaction"]);
    expect(onDisk.connectors[0]!.transaction).toBe(0);
    await started;
  });

  it("brings back transactions, configuration, local list and cache; a restored transaction stops on a remote stop", async () => {
    const { cp } = persistent();
    const client = csms.nextClient();
    await cp.connect();
    await cp.boot();
    const peer = await client;
    await cp.startTransaction(2, "T1", { powerW: 7200 });
    expect(await peer.call("ChangeConfiguration", { key: "HeartbeatInterval", value: "77" })).toEqual({
      status: "Accepted",
    });
    const list = {
      listVersion: 3,
      updateType: "Full",
      localAuthorizationList: [{ idTag: "L1", idTagInfo: { status: "Accepted" } }],
    };
    expect(await peer.call("SendLocalList", list)).toEqual({ status: "Accepted" });
    cp.shutdown();
    await cp.disconnect();
    await store!.flush();
    store!.untrack(ID);

    const saved = store!.load(ID)!;
    const again = persistent(saved);
    expect(again.resumed).toEqual(new Set([2]));
    const c = again.cp.connector(2);
    expect(c.transaction).toMatchObject({ id: OCPP_RPC_TRANSACTION_ID, idTag: "T1", meterStartWh: 0 });
    expect(c.status).toBe("Charging");
    expect(c.meter.power).toBe(7200);
    expect(again.cp.config.get("HeartbeatInterval")).toBe("77");
    expect(again.cp.localAuth.list.version).toBe(3);
    expect(again.cp.localAuth.lookup("L1")?.source).toBe("LocalList");
    expect(again.cp.localAuth.lookup("T1")).toEqual({ info: { status: "Accepted" }, source: "Cache" });

    const client2 = csms.nextClient();
    await again.cp.connect();
    await again.cp.boot();
    const stopped = csms.log.waitForCount("StopTransaction", 1);
    expect(
      await (await client2).call("RemoteStopTransaction", { transactionId: OCPP_RPC_TRANSACTION_ID }),
    ).toEqual({
      status: "Accepted",
    });
    await stopped;
    expect(csms.log.of("StopTransaction")[0]!.params).toMatchObject({
      transactionId: OCPP_RPC_TRANSACTION_ID,
      reason: "Remote",
    });
    expect(csms.log.of("StartTransaction")).toHaveLength(1);
    expect(csms.strictFailures).toEqual([]);
  });

  it("sends nothing of a restored transaction before its boot is accepted, then carries it on", async () => {
    const { cp } = persistent();
    await cp.connect();
    await cp.boot();
    await cp.startTransaction(1, "T1");
    cp.shutdown();
    await cp.disconnect();
    await store!.flush();
    store!.untrack(ID);
    const saved = store!.load(ID)!;
    // Sampling every simulated second, 100 times faster than real time.
    saved.config.MeterValueSampleInterval = "1";
    const again = persistent(saved, { clock: new SimClock(100) });
    const calls = csms.log.calls.length;
    await again.cp.connect();
    // Ten sampling periods connected but not registered: not one message may go out.
    await defaultScheduler.sleep(100);
    expect(csms.log.calls.slice(calls)).toEqual([]);
    const sampled = csms.log.waitForCount("MeterValues", 1);
    await again.cp.boot();
    await sampled;
    expect(csms.log.actions.slice(calls, calls + 1)).toEqual(["BootNotification"]);
    expect(csms.log.of("MeterValues")[0]!.params.transactionId).toBe(OCPP_RPC_TRANSACTION_ID);
  });

  it("refuses a state file made for another number of connectors, or with a key cpsim does not know, naming it", async () => {
    const { cp } = persistent();
    cp.changeConfiguration("HeartbeatInterval", "10");
    await store!.flush();
    store!.untrack(ID);
    const saved = store!.load(ID)!;
    const file = join(dir, `${ID}.json`);
    expect(() => persistentChargePoint(store!, { id: ID, connectors: 1 }, saved)).toThrow(
      `The state file ${file} cannot be used: it holds 2 connectors, the charge point now has 1.`,
    );
    saved.config.NoSuchKey = "1";
    expect(() => persistentChargePoint(store!, { id: ID, connectors: 2 }, saved)).toThrow(
      `The state file ${file} cannot be used: unknown configuration key NoSuchKey.`,
    );
    // The options' own mistake stays theirs.
    expect(() =>
      persistentChargePoint(store!, { id: ID, connectors: 2, config: { Nope: "1" } }, saved),
    ).toThrow("unknown configuration key Nope");
  });

  it("leaves the old file whole when the process dies between writing the new one and renaming it", async () => {
    const file = join(dir, `${ID}.json`);
    writeFileSync(file, "the old state\n");
    // A real process killed at that very point: SIGKILL from the hook that runs before the rename.
    const code = `const { writeFileAtomic } = await import("./src/chargepoint/persistence/atomic.ts");
await writeFileAtomic(process.argv[1], "the new state\\n", { beforeRename: () => process.kill(process.pid, "SIGKILL") });`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code, file], {
      cwd: ROOT,
      stdio: "ignore",
    });
    const signal = await new Promise((resolve) => child.on("close", (_code, sig) => resolve(sig)));
    expect(signal).toBe("SIGKILL");
    expect(readFileSync(file, "utf8")).toBe("the old state\n");
    // The new content reached disk only under the temporary name, which nothing reads.
    expect(readdirSync(dir).sort()).toEqual([`${ID}.json`, `${ID}.json.tmp`]);
  });

  it("names files after identities, with what a file name cannot hold escaped", () => {
    expect(stateFileName("CP-042")).toBe("CP-042.json");
    expect(stateFileName("site/A:1 *")).toBe("site%2FA%3A1%20%2A.json");
  });
});

describe("a fleet in one folder", () => {
  it("writes one file per charge point of a fleet that shares the folder and its lock", async () => {
    store = StateStore.open(dir);
    const fleet = Array.from(
      { length: 300 },
      (_, i) => persistentChargePoint(store!, { id: `CP-${i}` }, undefined).cp,
    );
    for (const cp of fleet) cp.changeConfiguration("HeartbeatInterval", "42");
    await store.flush();
    expect(readdirSync(dir).filter((f) => f.endsWith(".json"))).toHaveLength(300);
    expect(store.load("CP-299")?.config.HeartbeatInterval).toBe("42");
  });
});
