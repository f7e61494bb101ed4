// The station's open transactions (GetTransactionStatus, a TxProfile's placement), read from the
// model each time rather than kept in a list beside it: the machine's state is each transaction's
// `mapped`, which --state-dir saves and restores with it, so a list kept apart went stale across a
// restart and forgot every transaction started before it.
//
// Open means what the machine says: its Started was built and its Ended not yet, whether or not the
// CSMS has them (the model's queue may still hold either). A model transaction whose end waits
// offline, not yet built, has ended at the station: no connector holds it any more, and
// GetTransactionStatus says its messages are still in the queue (messagesInQueue).
import type { LocalTransaction, TxEvent } from "../../mapping.ts";
import type { ChargePointCommands } from "../../neutral-commands.ts";
import { isTransactionEventRequest, transactionIdOf } from "./from-model.ts";

/** The open transactions' ids, each with its EVSE (0: a token's, its cable not in yet). */
export function openTransactions(cp: ChargePointCommands): Map<string, number> {
  const open = new Map<string, number>();
  const note = (evse: number, tx: LocalTransaction) => {
    const id = transactionIdOf(tx);
    // One reached twice (a model's transaction and the held one its state came from) counts once.
    if (id !== undefined && !open.has(id)) open.set(id, evse);
  };
  for (const { at, tx } of cp.runningTransactions()) note(at.evse, tx);
  // Opened by the EV's arrival or a token before the model's, or kept open after it (tx/outside.ts).
  for (const [evse, tx] of cp.held.ended) note(evse, tx);
  for (const [evse, tx] of cp.held.arrived) note(evse, tx);
  return open;
}

/** The transaction open at an EVSE, if any. */
export function openAt(cp: ChargePointCommands, evse: number): string | undefined {
  for (const [id, at] of openTransactions(cp)) if (at === evse) return id;
  return undefined;
}

/** Whether events of the transaction (of any, without an id) still wait in the model's queue. */
export function messagesInQueue(cp: ChargePointCommands, transactionId?: string): boolean {
  const queued = cp.queuedTransactionEvents();
  if (transactionId === undefined) return queued.length > 0;
  return queued.some((ev) => queuedUnder(ev) === transactionId);
}

// The id an event goes out under: what was built of it says; one not built yet belongs to the
// transaction its machine has open, or that the model's start was given. A Started not built yet
// has no id the CSMS could know.
function queuedUnder(ev: TxEvent): string | undefined {
  const built = ev.built?.find(isTransactionEventRequest);
  if (built) return built.transactionInfo.transactionId;
  const id = transactionIdOf(ev.tx) ?? ev.tx.id;
  return id === undefined ? undefined : String(id);
}
