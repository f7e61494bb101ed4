import { randomUUID } from "node:crypto";
// A charge point to plain JSON and back (--state-dir). What a real charge point keeps in
// non-volatile memory across a restart of its controller: open transactions with their meter
// registers, the offline queue, the configuration, the local list and the authorization cache.
// Reservations, charging profiles and firmware or diagnostics jobs in progress are not kept.

import type { TxEvent } from "../../ocpp/mapping.ts";
import type { ChargePoint } from "../charge-point.ts";
import type { Transaction } from "../connector.ts";
import type { PendingMessage } from "../offline-queue.ts";
import { type ChargePointState, type SavedMessage, type SavedTransaction, STATE_FORMAT } from "./state.ts";

export function snapshotChargePoint(cp: ChargePoint): ChargePointState {
  const now = cp.clock.now();
  const txs: Transaction[] = [];
  const ref = (tx: Transaction): number => {
    const i = txs.indexOf(tx);
    return i >= 0 ? i : txs.push(tx) - 1;
  };
  const connectors = cp.connectors.map((c) => ({
    status: c.status,
    errorCode: c.errorCode,
    plugged: c.plugged,
    availability: c.availability,
    ...(c.scheduledAvailability && { scheduledAvailability: c.scheduledAvailability }),
    registerWh: c.meter.energyWh(now),
    demandW: c.demandW,
    ...(c.powerBeforeFault !== undefined && { powerBeforeFault: c.powerBeforeFault }),
    ...(c.transaction && { transaction: ref(c.transaction) }),
  }));
  const queue = cp.transactionMessages.pending().map(({ msg, attempts, offline }) => {
    const saved = savedMessage(msg, ref(msg.tx), attempts, offline);
    return msg.built === undefined ? saved : { ...saved, built: msg.built };
  });
  const pairs = (m: Map<number, Transaction>) => [...m].map(([at, tx]): [number, number] => [at, ref(tx)]);
  const held = { arrived: pairs(cp.held.arrived), ended: pairs(cp.held.ended) };
  const { list, cache } = cp.localAuth;
  return {
    format: STATE_FORMAT,
    id: cp.id,
    savedAt: new Date().toISOString(),
    clock: now,
    status: cp.status,
    availability: cp.availability,
    ...(cp.scheduledAvailability && { scheduledAvailability: cp.scheduledAvailability }),
    connectors,
    transactions: txs.map((t): SavedTransaction => ({ ...t, id: t.id ?? null })),
    queue,
    ...((held.arrived.length > 0 || held.ended.length > 0) && { held }),
    config: cp.config.changes(),
    localList: { version: list.version, entries: list.all() },
    cache: cache.all(),
  };
}

/**
 * Puts a saved state back into a charge point built with the same connectors, before it
 * connects. Returns the connectors that have a transaction again.
 */
export function restoreChargePoint(cp: ChargePoint, state: ChargePointState): Set<number> {
  if (state.connectors.length !== cp.connectors.length) {
    throw new Error(
      `it holds ${state.connectors.length} connector${state.connectors.length > 1 ? "s" : ""}, the charge point now has ${cp.connectors.length}`,
    );
  }
  const now = cp.clock.now();
  const txs = state.transactions.map(
    (t): Transaction => ({ ...t, localId: t.localId ?? randomUUID(), id: t.id ?? undefined }),
  );
  const resumed = new Set<number>();
  cp.status = state.status;
  cp.availability = state.availability;
  cp.scheduledAvailability = state.scheduledAvailability;
  state.connectors.forEach((saved, i) => {
    const c = cp.connectors[i]!;
    c.status = saved.status;
    c.errorCode = saved.errorCode;
    c.plugged = saved.plugged;
    c.availability = saved.availability;
    c.scheduledAvailability = saved.scheduledAvailability;
    c.powerBeforeFault = saved.powerBeforeFault;
    // The time cpsim was not running is not metered: the register goes on from where it was written.
    c.meter.restore(saved.registerWh, now);
    if (saved.transaction === undefined) return;
    c.transaction = txs[saved.transaction]!;
    resumed.add(c.id);
    cp.setPower(c.id, saved.demandW);
  });
  if (state.queue.length > 0) {
    cp.transactionMessages.restore(
      state.queue.map((saved): PendingMessage => {
        const msg = queuedEvent(saved, txs[saved.tx]!, cp);
        if (saved.built !== undefined) msg.built = saved.built;
        return saved.offline
          ? { msg, attempts: saved.attempts, offline: true }
          : { msg, attempts: saved.attempts };
      }),
    );
  }
  // The same objects as the queue's: a restored departure ends the transaction its arrival opened.
  for (const [at, i] of state.held?.arrived ?? []) {
    cp.held.arrived.set(at, txs[i]!);
    // A token that came before the cable (2.0.1 TxStartPoint Authorized) still waits for it.
    if (txs[i]!.idTag) cp.awaitCable(at, txs[i]!.startedAt);
  }
  for (const [at, i] of state.held?.ended ?? []) cp.held.ended.set(at, txs[i]!);
  const { list, cache } = cp.localAuth;
  if (state.localList.entries.length > 0) {
    list.apply(
      {
        updateType: "Full",
        listVersion: state.localList.version,
        entries: state.localList.entries.map(([idTag, info]) => ({ idTag, info })),
      },
      { maxLength: Number.POSITIVE_INFINITY, maxPerUpdate: Number.POSITIVE_INFINITY },
    );
  }
  for (const [idTag, info] of state.cache) cache.update(idTag, info, now);
  return resumed;
}

function savedMessage(msg: TxEvent, tx: number, attempts: number, offline?: boolean): SavedMessage {
  const more = offline ? { attempts, offline: true as const } : { attempts };
  switch (msg.kind) {
    case "started": {
      const { idTag, meterStartWh } = msg.tx;
      const req = { connectorId: msg.at.evse, idTag, meterStartWh, timestamp: msg.timestamp };
      const action = "StartTransaction";
      if (msg.reservationId === undefined) return { action, req, tx, ...more };
      return { action, req: { ...req, reservationId: msg.reservationId }, tx, ...more };
    }
    case "ended": {
      const { idTag, meterStopWh, timestamp, reason, readings } = msg;
      const req = { idTag, meterStopWh, timestamp, reason, transactionData: readings };
      return { action: "StopTransaction", req, tx, ...more };
    }
    case "updated": {
      const saved = { action: "MeterValues" as const, connectorId: msg.at.evse, readings: msg.readings };
      // A version that ends or changes a transaction by an update (2.0.1) needs its trigger back.
      if (msg.trigger === "MeterValuePeriodic") return { ...saved, tx, ...more };
      return { ...saved, trigger: msg.trigger, tx, ...more };
    }
  }
}

function queuedEvent(saved: SavedMessage, tx: Transaction, cp: ChargePoint): TxEvent {
  switch (saved.action) {
    case "StartTransaction": {
      const { connectorId, timestamp, reservationId } = saved.req;
      const at = cp.addressOf(connectorId);
      return { kind: "started", tx, at, trigger: "Authorized", timestamp, reservationId };
    }
    case "StopTransaction": {
      const { idTag, meterStopWh, timestamp, reason, transactionData } = saved.req;
      // The connector is the one its start named; a file of format 1 did not save it with the stop.
      const c = cp.connectors.find((k) => k.transaction === tx);
      const at = c?.at ?? { evse: 0, connector: 0 };
      return { kind: "ended", tx, at, timestamp, reason, meterStopWh, idTag, readings: transactionData };
    }
    case "MeterValues":
      return {
        kind: "updated",
        tx,
        at: cp.addressOf(saved.connectorId),
        trigger: saved.trigger ?? "MeterValuePeriodic",
        readings: saved.readings,
      };
  }
}
