// What the central system's answers to transaction events mean for the charge point, whether
// they come at once or after the events waited offline.
import type { TxAnswer, TxEvent } from "../ocpp/mapping.ts";
import type { TransactionId } from "../ocpp/neutral.ts";
import type { ChargePoint } from "./charge-point.ts";
import type { EventSink } from "./events.ts";
import { Setting } from "./settings.ts";

/** A transaction whose start is queued, or whose end is. */
export const QUEUED = { queued: true } as {
  queued: true;
  transactionId?: undefined;
  idTagInfo?: undefined;
  payload?: undefined;
};

/** What starting a transaction resolves with once the central system has answered. */
export interface StartAnswer {
  /** The central system's id for it, as the mapping set it (LocalTransaction.id). */
  transactionId: TransactionId;
  /** The token's verdict; a 2.0.1 central system may give none (idTokenInfo is optional there). */
  idTagInfo: TxAnswer["tokenInfo"];
  /** The answer as the version's own payload, for reports and scenario checks that need it. */
  payload: unknown;
}

export function transactionAnswered(
  cp: ChargePoint,
  emit: EventSink,
  msg: TxEvent,
  answer: TxAnswer,
  late: boolean,
): void {
  if (msg.kind === "ended") {
    cp.localAuth.remember(msg.idTag ?? msg.tx.idTag, answer.tokenInfo);
    return;
  }
  if (msg.kind !== "started") return;
  const idTagInfo = answer.tokenInfo;
  const connectorId = msg.at.evse;
  const { idTag, id: transactionId } = msg.tx;
  cp.localAuth.remember(idTag, idTagInfo);
  emit({ type: "transactionStarted", cp: cp.id, connectorId, transactionId: transactionId!, idTag });
  // A transaction that began offline for an idTag the central system now refuses stops with
  // DeAuthorized, as one refused at once does (OCPP 1.6 §3.5.4, StopTransactionOnInvalidId), or
  // goes on with the energy MaxEnergyOnInvalidId allows. The sender still waiting handles its own
  // answer; here the end queues behind whatever else of this transaction is already waiting.
  const c = cp.connector(connectorId);
  if (!late || !idTagInfo || idTagInfo.status === "Accepted" || c.transaction !== msg.tx) return;
  if (!cp.config.bool(Setting.stopTransactionOnInvalidId)) {
    cp.tokenRefused(c);
    return;
  }
  cp.stopTransaction(connectorId, "DeAuthorized").catch((err: Error) =>
    emit({ type: "problem", cp: cp.id, message: `StopTransaction failed: ${err.message}` }),
  );
}
