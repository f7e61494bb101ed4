// Resets that wait for idle or reset one connector only (OCPP 2.0.1 §B11/§B12: Reset OnIdle, and
// Reset with an evseId). A connector's reset ends its transaction, takes it Unavailable and back,
// and reboots nothing; a whole charge point's OnIdle reset lets its transactions end and then
// reboots as a Reset does. Either, asked for while a transaction runs there and `onIdle`, is
// answered Scheduled and happens once that transaction has stopped.
import type { ResetScopedResult } from "../ocpp/neutral.ts";
import { idleStatus } from "./availability.ts";
import type { ChargePoint } from "./charge-point.ts";
import { type Decision, reboot, reset } from "./remote-commands.ts";

/** Resets waiting for a transaction to end, by charge point: connector ids, 0 for the whole. */
const waiting = new WeakMap<ChargePoint, Set<number>>();

export function resetScoped(
  cp: ChargePoint,
  connectorId: number,
  onIdle: boolean,
): Decision<ResetScopedResult> {
  if (!Number.isInteger(connectorId) || connectorId < 0 || connectorId > cp.connectors.length)
    return { answer: "Rejected" };
  const busy =
    connectorId === 0
      ? cp.connectors.some((c) => c.transaction)
      : cp.connector(connectorId).transaction !== undefined;
  if (connectorId === 0 && !(onIdle && busy)) return reset(cp, onIdle ? "Soft" : "Hard");
  if (onIdle && busy) {
    const ids = waiting.get(cp) ?? new Set<number>();
    waiting.set(cp, ids.add(connectorId));
    return { answer: "Scheduled" };
  }
  return { answer: "Accepted", followUp: () => resetConnector(cp, connectorId) };
}

/**
 * A transaction on the connector has stopped: a reset waiting for it (or, once none runs any
 * more, one of the whole charge point) happens now. Resolves when it is done.
 */
export async function transactionStopped(cp: ChargePoint, connectorId: number): Promise<void> {
  const ids = waiting.get(cp);
  if (!ids) return;
  if (ids.delete(connectorId)) await resetConnector(cp, connectorId);
  if (ids.has(0) && !cp.connectors.some((c) => c.transaction)) {
    ids.delete(0);
    await reboot(cp, "Soft");
  }
}

/** Forgets the resets still waiting (the charge point shuts down or reboots). */
export function forgetScheduledResets(cp: ChargePoint): void {
  waiting.delete(cp);
}

async function resetConnector(cp: ChargePoint, connectorId: number): Promise<void> {
  const c = cp.connector(connectorId);
  // An Immediate reset ends the transaction as a station reset does (stoppedReason ImmediateReset).
  if (c.transaction) await cp.stopTransaction(connectorId, "HardReset");
  cp.connectorReset(connectorId);
  // A reset does not repair a fault: a Faulted connector stays so.
  if (c.status === "Faulted") return;
  await cp.setStatus(connectorId, "Unavailable");
  await cp.setStatus(connectorId, idleStatus(cp, c));
}
