// A state file (--state-dir) whose fields the version reads later, not the model: a TxEvent's
// `built` requests and a transaction's MaxEnergyOnInvalidId cap. A malformed one is refused when
// the file is read, in one sentence naming it, rather than failing as a JavaScript error at each
// retry. The file is a real one: written by a 2.0.1 station whose TransactionEvent the strict
// ocpp-rpc CSMS left unanswered, so it was built and stayed queued.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { persistentChargePoint } from "../../src/chargepoint/persistence/attach.ts";
import type { ChargePointState } from "../../src/chargepoint/persistence/state.ts";
import { StateStore } from "../../src/chargepoint/persistence/store.ts";
import { dialerFor } from "../../src/ocpp/dial.ts";
import { type OcppRpcCsms201, startOcppRpcCsms201 } from "../integration/ocpp-rpc-201.ts";
import { cpsimInProcess } from "./helpers.ts";
import { bootOnlyScenario, runArgs201 } from "./state-helpers.ts";

const ID = "CP-CORRUPT-201";
let csms: OcppRpcCsms201;
let dir: string;
let file: string;

/** Leaves a state file with the transaction's Started built, sent once and queued for a retry. */
async function stateWithBuiltEvent(): Promise<void> {
  const store = StateStore.open(dir);
  const dial = dialerFor({ url: csms.url, version: "2.0.1", callTimeoutMs: 300 });
  const { cp } = persistentChargePoint(store, { id: ID, dial }, undefined);
  await cp.connect();
  await cp.boot();
  csms.unanswered.add("TransactionEvent");
  await cp.startTransaction(1, "T1");
  cp.shutdown();
  await cp.disconnect();
  await store.flush();
  store.untrack(ID);
  await store.close();
  csms.unanswered.clear();
  file = store.fileOf(ID);
}

const runAgain = () => cpsimInProcess(runArgs201(csms.url, dir, "boot-201.yaml", bootOnlyScenario(ID)));

const edited = (edit: (s: ChargePointState) => void): string => {
  const state = JSON.parse(readFileSync(file, "utf8")) as ChargePointState;
  edit(state);
  return JSON.stringify(state);
};

beforeEach(async () => {
  csms = await startOcppRpcCsms201();
  dir = mkdtempSync(join(tmpdir(), "cpsim-corrupt-"));
  await stateWithBuiltEvent();
});
afterEach(async () => {
  await csms.close();
});

describe("--state-dir and the fields a version reads from a state file", () => {
  it("the file as written is taken up: its built Started goes out again as it was", async () => {
    const saved = JSON.parse(readFileSync(file, "utf8")) as ChargePointState;
    expect(saved.queue[0]).toMatchObject({ action: "StartTransaction", attempts: 1, built: [{ seqNo: 0 }] });
    const r = await runAgain();
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const [sent] = csms.log.of("TransactionEvent");
    expect(sent!.params).toEqual(saved.queue[0]!.built![0]);
    expect(sent!.params).toMatchObject({ eventType: "Started", seqNo: 0 });
    expect(csms.strictFailures).toEqual([]);
  });

  it.each<[string, string, (s: ChargePointState) => void]>([
    [
      "a built that is an object",
      "queue[0].built",
      (s) => Object.assign(s.queue[0]!, { built: { nope: 1 } }),
    ],
    ["a built that lists numbers", "queue[0].built", (s) => Object.assign(s.queue[0]!, { built: [1, 2] })],
    [
      "a negative cap",
      "transactions[0].invalidIdCapWh",
      (s) => Object.assign(s.transactions[0]!, { invalidIdCapWh: -1 }),
    ],
    [
      "a cap that is a string",
      "transactions[0].invalidIdCapWh",
      (s) => Object.assign(s.transactions[0]!, { invalidIdCapWh: "5" }),
    ],
  ])(
    "refuses %s (%s): exit 2, one sentence naming the file, the file kept, nothing sent",
    async (_what, field, edit) => {
      const content = edited(edit);
      writeFileSync(file, content);
      const before = csms.log.calls.length;
      const r = await runAgain();
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `cpsim: The state file ${file} cannot be used: its ${field} is missing or malformed. It was left as it is; move it away to start that charge point afresh.\n`,
      );
      expect(readFileSync(file, "utf8")).toBe(content);
      expect(csms.log.calls.length).toBe(before);
    },
  );
});
