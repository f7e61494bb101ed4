// What the central system's answers to transaction messages mean for the charge point, whether
// they come at once or after the messages waited offline.
import type { ChargePoint } from "./charge-point.ts";
import type { EventSink } from "./events.ts";
import type { StartAnswer, StopAnswer, TransactionMessage } from "./offline-queue.ts";
import { Setting } from "./settings.ts";

/** A transaction whose StartTransaction is queued, or whose StopTransaction is. */
export const QUEUED = { queued: true } as { queued: true; transactionId?: undefined; idTagInfo?: undefined };

export function transactionAnswered(
  cp: ChargePoint,
  emit: EventSink,
  msg: TransactionMessage,
  answer: unknown,
  late: boolean,
): void {
  if (msg.action === "StopTransaction") {
    cp.localAuth.remember(msg.req.idTag ?? msg.tx.idTag, (answer as StopAnswer).idTagInfo);
    return;
  }
  if (msg.action !== "StartTransaction") return;
  const { transactionId, idTagInfo } = answer as StartAnswer;
  const { connectorId, idTag } = msg.req;
  cp.localAuth.remember(idTag, idTagInfo);
  emit({ type: "transactionStarted", cp: cp.id, connectorId, transactionId, idTag });
  // A transaction that began offline for an idTag the central system now refuses stops with
  // DeAuthorized, as one refused at once does (OCPP 1.6 §3.5.4, StopTransactionOnInvalidId).
  // The sender still waiting handles its own answer; here the StopTransaction queues behind
  // whatever else of this transaction is already waiting.
  const c = cp.connector(connectorId);
  if (!late || idTagInfo.status === "Accepted" || c.transaction !== msg.tx) return;
  if (!cp.config.bool(Setting.stopTransactionOnInvalidId)) return;
  cp.stopTransaction(connectorId, "DeAuthorized").catch((err: Error) =>
    emit({ type: "problem", cp: cp.id, message: `StopTransaction failed: ${err.message}` }),
  );
}
