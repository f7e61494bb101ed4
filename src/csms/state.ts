import type { AuthorizationStatus, RegistrationStatus, TransactionId } from "../ocpp/neutral.ts";

export interface AnswerPolicy {
  /** What BootNotification answers (default Accepted). */
  bootStatus: (cp: string) => RegistrationStatus;
  /** Heartbeat interval given on an accepted boot, and retry interval otherwise; seconds. */
  heartbeatIntervalSec: number;
  /** Authorization of an idTag (default Accepted). */
  authorize: (idTag: string) => AuthorizationStatus;
  /** Answer ConcurrentTx for an idTag already in a running transaction (default: allow it). */
  oneTransactionPerIdTag?: boolean;
}

export interface OpenTransaction {
  cp: string;
  connectorId: number;
  idTag: string;
  meterStart: number;
}

/**
 * What the embedded central system knows, whatever version its charge points speak: its answer
 * policy and the transactions open. Each version's answers (OcppVersionRow.centralSystem) read
 * and update it.
 */
export class CentralSystemState {
  private nextTransactionId = 1;
  readonly transactions = new Map<TransactionId, OpenTransaction>();

  constructor(readonly policy: AnswerPolicy) {}

  /** A transaction id the central system has not given yet. */
  newTransactionId(): number {
    return this.nextTransactionId++;
  }

  // ConcurrentTx: the idTag "is already involved in another transaction and multiple transactions
  // are not allowed", a central system's choice, and "only relevant for a StartTransaction.req"
  // (OCPP 1.6 §7.2), so Authorize still answers as the idTag stands.
  startStatus(idTag: string): AuthorizationStatus {
    const status = this.policy.authorize(idTag);
    if (status !== "Accepted" || !this.policy.oneTransactionPerIdTag) return status;
    for (const tx of this.transactions.values()) if (tx.idTag === idTag) return "ConcurrentTx";
    return status;
  }
}
