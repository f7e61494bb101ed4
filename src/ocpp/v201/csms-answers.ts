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

/** How the embedded central system answers (src/csms/state.ts AnswerPolicy). */
export interface CsmsPolicy201 {
  bootStatus: (cp: string) => RegistrationStatusEnumType;
  /** Heartbeat interval on an accepted boot, retry interval otherwise; seconds. */
  heartbeatIntervalSec: number;
  /** The verdict on a token's value. */
  authorize: (idToken: string) => AuthorizationStatusEnumType;
  /** Answer ConcurrentTx for a token already in another open transaction. */
  oneTransactionPerIdTag?: boolean;
}

/**
 * What the embedded central system knows whatever version its stations speak (the shape of
 * src/csms/state.ts CentralSystemState): the policy, and the open transactions of every version,
 * so ConcurrentTx sees a token busy on a 1.6 charge point too.
 */
export interface SharedCsmsState {
  readonly policy: CsmsPolicy201;
  readonly transactions: Map<
    number | string,
    { cp: string; connectorId: number; idTag: string; meterStart: number }
  >;
  /** The policy's verdict, or ConcurrentTx for a token already in an open transaction. */
  startStatus(idTag: string): AuthorizationStatusEnumType;
}

type Answers201 = {
  [A in keyof StationInitiated201]: (
    cp: string,
    req: Req<StationInitiated201, A>,
  ) => Res<StationInitiated201, A>;
};

/** The embedded central system's answers to 2.0.1 stations (the version row's `centralSystem`). */
export function centralSystemAnswers201(
  state: SharedCsmsState,
): (cp: string, action: string, payload: unknown) => unknown {
  const cs = new CentralSystem201(state);
  return (cp, action, payload) => cs.answer(cp, action, payload);
}

export class CentralSystem201 {
  private readonly policy: CsmsPolicy201;

  constructor(private readonly state: SharedCsmsState) {
    this.policy = state.policy;
  }

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
      // Stations number their own transactions, unique per station only: the key says whose.
      const key = `${cp}\u0000${req.transactionInfo.transactionId}`;
      if (req.eventType === "Ended") this.state.transactions.delete(key);
      // idTokenInfo answers the token an event carries (TransactionEventResponse); the event that
      // brings it registers the transaction as the token's, for ConcurrentTx.
      if (!req.idToken) return {};
      const idTokenInfo = this.transactionTokenInfo(req.idToken, key);
      if (req.eventType !== "Ended" && idTokenInfo.status === "Accepted") {
        const begin = req.meterValue?.[0]?.sampledValue.find(
          (v) => (v.measurand ?? "Energy.Active.Import.Register") === "Energy.Active.Import.Register",
        );
        this.state.transactions.set(key, {
          cp,
          connectorId: req.evse?.id ?? 0,
          idTag: req.idToken.idToken,
          meterStart: begin?.value ?? 0,
        });
      }
      return { idTokenInfo };
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

  // ConcurrentTx is the shared state's to say; this transaction's own entry does not count.
  private transactionTokenInfo(token: IdTokenType, key: string): IdTokenInfoType {
    if (token.type === "NoAuthorization") return { status: "Accepted" };
    const own = this.state.transactions.get(key);
    if (own) this.state.transactions.delete(key);
    const status = this.state.startStatus(token.idToken);
    if (own) this.state.transactions.set(key, own);
    return { status };
  }
}
