// A 2.0.1 station restored from its state (--state-dir) still knows which of its transactions are
// open: GetTransactionStatus says a transaction started before the restart is ongoing, and a
// TxProfile for it is placed. Against ocpp-rpc in strict mode (subprotocol ocpp2.0.1).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChargePoint, ChargePointOptions } from "../../src/chargepoint/charge-point.ts";
import { persistentChargePoint } from "../../src/chargepoint/persistence/attach.ts";
import { StateStore } from "../../src/chargepoint/persistence/store.ts";
import { dialerFor } from "../../src/ocpp/dial.ts";
import { SimClock } from "../../src/util/clock.ts";
import { type OcppRpcCsms201, type RpcPeer, startOcppRpcCsms201 } from "./ocpp-rpc-201.ts";

// biome-ignore lint/suspicious/noExplicitAny: wire payloads, read by path in assertions
type Payload = Record<string, any>;

const ID = "CP-RESTORE-201";
let rpc: OcppRpcCsms201;
let store: StateStore;
const opened: ChargePoint[] = [];

beforeEach(async () => {
  rpc = await startOcppRpcCsms201();
  store = StateStore.open(mkdtempSync(join(tmpdir(), "cpsim-restore-201-")));
});
afterEach(async () => {
  for (const cp of opened.splice(0)) {
    cp.shutdown();
    await cp.disconnect();
  }
  await store.close();
  await rpc.close();
});

function options(config: Record<string, string>, callTimeoutMs?: number): ChargePointOptions {
  return {
    id: ID,
    clock: new SimClock(1),
    config: { MeterValueSampleInterval: "0", ...config },
    dial: dialerFor({ url: rpc.url, version: "2.0.1", callTimeoutMs }),
  };
}

/** A station restored from the store (or new), connected and booted; with the CSMS's side of it. */
async function booted(opts: ChargePointOptions): Promise<{ cp: ChargePoint; server: RpcPeer }> {
  const { cp } = persistentChargePoint(store, opts, store.load(opts.id));
  opened.push(cp);
  const next = rpc.nextClient();
  await cp.connect();
  const server = await next;
  await cp.boot();
  return { cp, server };
}

/** The process ends as a kill would leave it: the state on disk, the station gone. */
async function restart(cp: ChargePoint): Promise<void> {
  await store.flush();
  store.untrack(ID);
  opened.splice(opened.indexOf(cp), 1);
  cp.shutdown();
  await cp.disconnect();
}

const status = (server: RpcPeer, transactionId?: string) =>
  server.call("GetTransactionStatus", transactionId === undefined ? {} : { transactionId });
const ongoing = async (server: RpcPeer, transactionId: string) =>
  ((await status(server, transactionId)) as Payload).ongoingIndicator;

const txProfile = (evseId: number, transactionId: string) => ({
  evseId,
  chargingProfile: {
    id: 1,
    stackLevel: 0,
    chargingProfilePurpose: "TxProfile",
    chargingProfileKind: "Relative",
    transactionId,
    chargingSchedule: [
      { id: 1, chargingRateUnit: "W", chargingSchedulePeriod: [{ startPeriod: 0, limit: 3000 }] },
    ],
  },
});

const lastEvent = () => rpc.log.of("TransactionEvent").at(-1)!.params as Payload;

describe("2.0.1 open transactions across a restart", () => {
  it("a transaction started before the restart is ongoing after it and takes a TxProfile; its stop ends it", async () => {
    const first = await booted(options({}));
    await first.cp.startTransaction(1, "T1");
    // Everything it sent answered before the restart: nothing is left to send again.
    await first.cp.transactionMessages.flush();
    const id = lastEvent().transactionInfo.transactionId as string;
    expect(await ongoing(first.server, id)).toBe(true);
    await restart(first.cp);

    const { cp, server } = await booted(options({}));
    await cp.transactionMessages.flush();
    expect(cp.connector(1).transaction?.id).toBe(id);
    expect(await status(server, id)).toEqual({ ongoingIndicator: true, messagesInQueue: false });
    expect(await ongoing(server, "no-such-transaction")).toBe(false);
    expect(await server.call("SetChargingProfile", txProfile(1, id))).toEqual({ status: "Accepted" });
    expect(await server.call("SetChargingProfile", txProfile(1, "another"))).toMatchObject({
      status: "Rejected",
      statusInfo: { reasonCode: "TxNotFound" },
    });
    await cp.stopTransaction(1);
    expect(lastEvent()).toMatchObject({ eventType: "Ended", transactionInfo: { transactionId: id } });
    expect(await ongoing(server, id)).toBe(false);
    expect(rpc.strictFailures).toEqual([]);
  });

  it("a transaction the EV's arrival opened (TxStartPoint EVConnected) is ongoing after the restart until the EV leaves", async () => {
    const points = { TxStartPoint: "EVConnected", TxStopPoint: "EVConnected" };
    const first = await booted(options(points));
    await first.cp.plugIn(1);
    // Its Started answered before the restart: a kill in flight would send it again.
    await first.cp.transactionMessages.flush();
    expect(rpc.log.of("TransactionEvent")).toHaveLength(1);
    const id = lastEvent().transactionInfo.transactionId as string;
    await restart(first.cp);

    const { cp, server } = await booted(options(points));
    expect(cp.connector(1).transaction).toBeUndefined();
    expect(await ongoing(server, id)).toBe(true);
    await cp.unplug(1);
    await cp.transactionMessages.flush();
    expect(rpc.log.of("TransactionEvent").map((c) => c.params.eventType)).toEqual(["Started", "Ended"]);
    expect(lastEvent()).toMatchObject({ transactionInfo: { transactionId: id } });
    expect(await ongoing(server, id)).toBe(false);
    expect(rpc.strictFailures).toEqual([]);
  });

  it("an event the CSMS has not answered keeps its transaction's messages in the queue, before the restart and after", async () => {
    // Unanswered, each attempt times out and the next waits an hour: the queue holds the Started.
    const held = () => options({ TransactionMessageRetryInterval: "3600" }, 300);
    rpc.unanswered.add("TransactionEvent");
    const first = await booted(held());
    await first.cp.startTransaction(1, "T1");
    const id = String(first.cp.connector(1).transaction!.id);
    expect(await status(first.server, id)).toEqual({ ongoingIndicator: true, messagesInQueue: true });
    await restart(first.cp);

    const { cp, server } = await booted(held());
    // Boot sends the restored queue: its first event again, unanswered again.
    await cp.transactionMessages.flush();
    expect(cp.transactionMessages.size).toBeGreaterThan(0);
    expect(await status(server, id)).toEqual({ ongoingIndicator: true, messagesInQueue: true });
    expect(await status(server)).toEqual({ messagesInQueue: true });
    expect(await status(server, "another")).toEqual({ ongoingIndicator: false, messagesInQueue: false });
    // Stopped at the station, its Ended waits behind the Started: over, but not all delivered.
    await cp.stopTransaction(1);
    expect(await status(server, id)).toEqual({ ongoingIndicator: false, messagesInQueue: true });
    expect(rpc.strictFailures).toEqual([]);
  });
});
