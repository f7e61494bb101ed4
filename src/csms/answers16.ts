import type { AuthorizationStatus, RegistrationStatus } from "../ocpp/neutral.ts";
import type { CpInitiated16, Req, Res } from "../ocpp/v16/actions.ts";
import { isoTimestamp } from "../util/clock.ts";
import { own } from "../util/own.ts";

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

type Answers16 = {
  [A in keyof CpInitiated16]: (cp: string, req: Req<CpInitiated16, A>) => Res<CpInitiated16, A>;
};

/** Answers every charge-point-initiated OCPP 1.6 action as a permissive central system would. */
export class CentralSystemState16 {
  private nextTransactionId = 1;
  readonly transactions = new Map<number, OpenTransaction>();

  constructor(private readonly policy: AnswerPolicy) {}

  readonly answers: Answers16 = {
    BootNotification: (cp) => ({
      status: this.policy.bootStatus(cp),
      currentTime: isoTimestamp(Date.now()),
      interval: this.policy.heartbeatIntervalSec,
    }),
    Heartbeat: () => ({ currentTime: isoTimestamp(Date.now()) }),
    Authorize: (_cp, req) => ({ idTagInfo: { status: this.policy.authorize(req.idTag) } }),
    StartTransaction: (cp, req) => {
      const transactionId = this.nextTransactionId++;
      const status = this.startStatus(req.idTag);
      if (status === "Accepted") {
        this.transactions.set(transactionId, {
          cp,
          connectorId: req.connectorId,
          idTag: req.idTag,
          meterStart: req.meterStart,
        });
      }
      return { transactionId, idTagInfo: { status } };
    },
    StopTransaction: (_cp, req) => {
      this.transactions.delete(req.transactionId);
      return req.idTag ? { idTagInfo: { status: this.policy.authorize(req.idTag) } } : {};
    },
    StatusNotification: () => ({}),
    MeterValues: () => ({}),
    // No vendor extensions are known to the embedded central system (OCPP 1.6 §4.3).
    DataTransfer: () => ({ status: "UnknownVendorId" }),
    DiagnosticsStatusNotification: () => ({}),
    FirmwareStatusNotification: () => ({}),
  };

  // ConcurrentTx: the idTag "is already involved in another transaction and multiple transactions
  // are not allowed", a central system's choice, and "only relevant for a StartTransaction.req"
  // (OCPP 1.6 §7.2), so Authorize still answers as the idTag stands.
  private startStatus(idTag: string): AuthorizationStatus {
    const status = this.policy.authorize(idTag);
    if (status !== "Accepted" || !this.policy.oneTransactionPerIdTag) return status;
    for (const tx of this.transactions.values()) if (tx.idTag === idTag) return "ConcurrentTx";
    return status;
  }

  answer(cp: string, action: string, payload: unknown): unknown {
    const fn = own(this.answers as Record<string, (cp: string, req: unknown) => unknown>, action);
    // The transport only passes actions of CpInitiated16, all of which have an answer above.
    return fn!(cp, payload);
  }
}
