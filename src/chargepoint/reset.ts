// Resets of the whole charge point, of one connector, and those that wait for idle (OCPP 1.6
// §5.14 Reset; 2.0.1 §B11/§B12: Reset OnIdle, and Reset with an evseId). A connector's reset ends
// its transaction, takes it Unavailable and back, and reboots nothing; a whole charge point's
// OnIdle reset lets its transactions end and then reboots as a Reset does. Either, asked for while
// a transaction runs there and `onIdle`, is answered Scheduled and happens once that transaction
// has stopped. One reboot at a time: whatever reset is asked for while one runs is Rejected.
import type { ResetKind, ResetScopedResult } from "../ocpp/neutral-commands.ts";
import { idleStatus } from "./availability.ts";
import type { ChargePoint } from "./charge-point.ts";
import type { Decision } from "./remote-commands.ts";

/** Resets waiting for a transaction to end, by charge point: connector ids, 0 for the whole. */
const waiting = new WeakMap<ChargePoint, Set<number>>();
/** Charge points rebooting now, from the accepted Reset until the boot after it. */
const rebooting = new WeakSet<ChargePoint>();

export function reset(cp: ChargePoint, kind: ResetKind): Decision<"Accepted" | "Rejected"> {
  if (rebooting.has(cp)) return { answer: "Rejected" };
  rebooting.add(cp);
  return { answer: "Accepted", followUp: () => reboot(cp, kind).finally(() => rebooting.delete(cp)) };
}

export function resetScoped(
  cp: ChargePoint,
  connectorId: number,
  onIdle: boolean,
): Decision<ResetScopedResult> {
  if (rebooting.has(cp)) return { answer: "Rejected" };
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
    await reset(cp, "Soft").followUp?.();
  }
}

/** Forgets the resets still waiting (the charge point shuts down or reboots). */
export function forgetScheduledResets(cp: ChargePoint): void {
  waiting.delete(cp);
}

/** Stops every transaction, then reconnects and boots as after a reset. */
async function reboot(cp: ChargePoint, kind: ResetKind): Promise<void> {
  // The reboot ends every transaction and resets every connector itself: a reset waiting for one
  // of them to stop would otherwise run alongside it, a second reboot for the whole charge point.
  forgetScheduledResets(cp);
  // A soft reset must stop transactions gracefully first; a hard one may instead report them
  // after the reboot (OCPP 1.6 §5.14). Stopping first is allowed for both and loses no energy.
  const reason = kind === "Hard" ? "HardReset" : "SoftReset";
  // A transaction whose StartTransaction is still unanswered (or queued) is stopped too: its
  // StopTransaction waits behind the start and gets the id once the central system gives it.
  for (const c of cp.connectors) {
    if (c.transaction) await cp.stopTransaction(c.id, reason);
    cp.connectorReset(c.id);
  }
  // A token accepted before its cable, the connector not known, ends too.
  cp.connectorReset(0);
  await cp.disconnect();
  cp.registration = "Unknown";
  await cp.bootAfterReboot({ reason: "RemoteReset" });
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
