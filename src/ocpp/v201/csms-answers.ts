// What the embedded central system answers a 2.0.1 charging station: every charging-station
// → CSMS action, schema-valid, as a permissive CSMS would. One state per central system, shared
// by all the stations it serves. Fits the version row's `centralSystem(policy)` (CentralSystemAnswers).
import { isoTimestamp } from "../../util/clock.ts";
import { own } from "../../util/own.ts";
import type { Req, Res, StationInitiated201 } from "./actions.ts";
import type {
  AuthorizationStatusEnumType,
  IdTokenInfoType,
  IdTokenType,
  RegistrationStatusEnumType,
} from "./types.ts";

/** How the embedded central system answers (the version row's CentralSystemPolicy). */
export interface CsmsPolicy201 {
  bootStatus: (cp: string) => RegistrationStatusEnumType;
  /** Heartbeat interval on an accepted boot, retry interval otherwise; seconds. */
  heartbeatIntervalSec: number;
  /** The verdict on a token's value. */
  authorize: (idToken: string) => AuthorizationStatusEnumType;
  /** Answer ConcurrentTx for a token already in another open transaction. */
  oneTransactionPerIdTag?: boolean;
}

export interface OpenTransaction201 {
  cp: string;
  evseId?: number;
  idToken?: string;
  /** The seqNo last received: a gap or a repeat is the station's bug, kept for checks. */
  lastSeqNo: number;
}

type Answers201 = {
  [A in keyof StationInitiated201]: (
    cp: string,
    req: Req<StationInitiated201, A>,
  ) => Res<StationInitiated201, A>;
};

export class CentralSystem201 {
  /** Open transactions by `${cp}\u0000${transactionId}` (stations number their own). */
  readonly transactions = new Map<string, OpenTransaction201>();

  constructor(private readonly policy: CsmsPolicy201) {}

  readonly answers: Answers201 = {
    BootNotification: (cp) => ({
      status: this.policy.bootStatus(cp),
      currentTime: isoTimestamp(Date.now()),
      interval: this.policy.heartbeatIntervalSec,
    }),
    Heartbeat: () => ({ currentTime: isoTimestamp(Date.now()) }),
    StatusNotification: () => ({}),
    Authorize: (_cp, req) => ({ idTokenInfo: this.tokenInfo(req.idToken) }),
    TransactionEvent: (cp, req) => {
      const key = `${cp}\u0000${req.transactionInfo.transactionId}`;
      const known = this.transactions.get(key);
      // idTokenInfo answers the token the event carries (Part 2 §E, TransactionEventResponse).
      const idTokenInfo = req.idToken ? this.transactionTokenInfo(req.idToken, key) : undefined;
      if (req.eventType === "Ended") this.transactions.delete(key);
      else {
        this.transactions.set(key, {
          cp,
          evseId: req.evse?.id ?? known?.evseId,
          idToken: idTokenInfo?.status === "Accepted" ? req.idToken!.idToken : known?.idToken,
          lastSeqNo: req.seqNo,
        });
      }
      return idTokenInfo ? { idTokenInfo } : {};
    },
    MeterValues: () => ({}),
    NotifyReport: () => ({}),
    NotifyEvent: () => ({}),
    NotifyMonitoringReport: () => ({}),
    SecurityEventNotification: () => ({}),
    FirmwareStatusNotification: () => ({}),
    PublishFirmwareStatusNotification: () => ({}),
    LogStatusNotification: () => ({}),
    ReservationStatusUpdate: () => ({}),
    NotifyChargingLimit: () => ({}),
    ClearedChargingLimit: () => ({}),
    ReportChargingProfiles: () => ({}),
    NotifyCustomerInformation: () => ({}),
    NotifyDisplayMessages: () => ({}),
    // No vendor extensions are known to the embedded central system.
    DataTransfer: () => ({ status: "UnknownVendorId" }),
    // It computes no ISO 15118 schedules and is no certificate authority: the answers that say so.
    NotifyEVChargingNeeds: () => ({ status: "Rejected" }),
    NotifyEVChargingSchedule: () => ({ status: "Accepted" }),
    SignCertificate: () => ({ status: "Rejected" }),
    Get15118EVCertificate: () => ({ status: "Failed", exiResponse: "" }),
    GetCertificateStatus: () => ({ status: "Failed" }),
  };

  /** The answer to a charging station's call; undefined for an action 2.0.1 stations do not send. */
  answer(cp: string, action: string, payload: unknown): unknown {
    const fn = own(this.answers as Record<string, (cp: string, req: unknown) => unknown>, action);
    return fn?.(cp, payload);
  }

  // NoAuthorization tokens need no verdict (the EVSE is free to use); others go to the policy.
  private tokenInfo(token: IdTokenType): IdTokenInfoType {
    return { status: token.type === "NoAuthorization" ? "Accepted" : this.policy.authorize(token.idToken) };
  }

  // ConcurrentTx: the token "is already involved in another transaction and multiple
  // transactions are not allowed" — a CSMS's choice, checked against its other open transactions.
  private transactionTokenInfo(token: IdTokenType, key: string): IdTokenInfoType {
    const info = this.tokenInfo(token);
    if (info.status !== "Accepted" || !this.policy.oneTransactionPerIdTag) return info;
    for (const [k, tx] of this.transactions) {
      if (k !== key && tx.idToken === token.idToken) return { status: "ConcurrentTx" };
    }
    return info;
  }
}
