// The boundary between the charge point model and an OCPP version: what the model reports of
// what happens at the charge point, in neutral terms, and the per-version mapping that says it
// on the wire. The model never sees a payload or an action name; a mapping never sees a connector
// object, only the events below and the LocalTransaction it maps.
//
// Why events and not "one method per 1.6 message": in 1.6 the central system numbers a
// transaction and the charge point reports MeterValues beside it; in 2.0.1 the station numbers it,
// counts a seqNo and reports everything as TransactionEvent Started/Updated/Ended. Both can be
// said from the same facts (a transaction started with a local id, an update with readings, an
// end with a reason), so the model reports facts and each mapping chooses its messages.
//
// Why the model, not the mapping, decides when its transaction starts and ends: the model's
// transaction is the authorised session that energy is billed to (plugged in AND authorised;
// over when either ends, or on a stop command). That is 1.6's only rule, and 2.0.1's default
// TxStartPoint "PowerPathClosed" / TxStopPoint "EVConnected,Authorized". Other 2.0.1 points
// (EVConnected, EnergyTransfer, ParkingBayOccupancy) make the *reported* transaction wider or
// narrower than that session: the 2.0.1 mapping learns the session facts through `session()` and
// `statusChanged()`, opens its Started early (at EVConnected) or late, keeps its own id in
// `LocalTransaction.mapped`, and turns the model's `started`/`ended` into Updated events when its
// own points have not been reached. The model stays one state machine for every version, and
// nothing is decided twice.

import type { InvalidMessage } from "../transport/json/rpc.ts";
import type { Wire } from "../transport/wire.ts";
import type {
  BootResult,
  ConnectorErrorCode,
  ConnectorStatus,
  DataTransferResult,
  DiagnosticsStatus,
  FirmwareStatus,
  Identity,
  IdTagInfo,
  MeterReading,
  StopReason,
  TransactionId,
} from "./neutral.ts";

/**
 * Where something happens. `evse` 0 is the whole charge point (then `connector` is 0 too).
 * The model's connector N is EVSE N with one connector (1): 1.6 and 1.5 map that to
 * connectorId N, and connectorId 0 to evse 0; 2.0.1 sends evseId/connectorId as they are.
 */
export interface EvseAddress {
  readonly evse: number;
  readonly connector: number;
}

/**
 * The kinds of identifier a driver or a central system presents (2.0.1 IdTokenEnumType). 1.6 and
 * 1.5 carry the value alone (idTag) and drop the type; a 1.6 idTag read back is "ISO14443".
 */
export type IdTokenType =
  | "Central"
  | "eMAID"
  | "ISO14443"
  | "ISO15693"
  | "KeyCode"
  | "Local"
  | "MacAddress"
  | "NoAuthorization";

export interface IdToken {
  readonly value: string;
  readonly type: IdTokenType;
}

/** Why the charge point boots (2.0.1 BootReasonEnumType); 1.6 and 1.5 send no reason. */
export type BootReason =
  | "ApplicationReset"
  | "FirmwareUpdate"
  | "LocalReset"
  | "PowerUp"
  | "RemoteReset"
  | "ScheduledReset"
  | "Triggered"
  | "Unknown"
  | "Watchdog";

/** A status change of an EVSE/connector (or of the whole charge point, evse 0). */
export interface StatusChange extends EvseAddress {
  status: ConnectorStatus;
  errorCode: ConnectorErrorCode;
  /** Epoch milliseconds. */
  timestamp: number;
  info?: string;
  vendorErrorCode?: string;
}

/**
 * A transaction as the model keeps it, from the moment it starts at the charge point. Saved as
 * is with --state-dir, so every field is plain JSON.
 */
export interface LocalTransaction {
  /**
   * The charge point's own id for it, made when it starts and unique across restarts: a UUID, 36
   * characters, so it fits 2.0.1's transactionId (which the station creates). 1.6 never sends it.
   */
  readonly localId: string;
  /**
   * The central system's id for the transaction, set by the mapping: 1.6/1.5 from the answer to
   * StartTransaction (undefined until then, e.g. while it waits offline); 2.0.1 its own id at
   * `started`. Reports and RemoteStop/RequestStop find a transaction by it.
   */
  id: TransactionId | undefined;
  /** The token value (1.6 idTag) that started it. */
  idTag: string;
  /** The token's type; absent means "ISO14443" (a card, or a 1.6 idTag). */
  tokenType?: IdTokenType;
  meterStartWh: number;
  /** Epoch milliseconds. */
  startedAt: number;
  /**
   * Set by the model when the central system refused the token after the start and the
   * transaction goes on (StopTransactionOnInvalidId false): the energy register reading, in Wh,
   * at which the charge point stops delivering energy (MaxEnergyOnInvalidId after the refusal).
   */
  invalidIdCapWh?: number;
  /**
   * What a mapping keeps of this transaction beyond `id` (2.0.1: seqNo, its own transaction id
   * when its TxStartPoint opened it earlier). Owned by the mapping, JSON only: it is saved with
   * the transaction and outlives reconnections, which a mapping object does not (see below).
   */
  mapped?: unknown;
}

/**
 * Per connector (its EVSE number), the transactions a version keeps open outside the model's
 * session (2.0.1 TxStartPoint/TxStopPoint): `arrived` opened by the EV's arrival before the
 * model's start, `ended` the model's last transaction, which its stop left open until the EV
 * leaves. Held by the model, so --state-dir saves them with the transactions; only the version
 * reads and writes them.
 */
export interface HeldTransactions {
  readonly arrived: Map<number, LocalTransaction>;
  readonly ended: Map<number, LocalTransaction>;
}

/** Why an event of a transaction is reported (2.0.1 TriggerReasonEnumType, the ones the model knows). */
export type TxTrigger =
  | "Authorized"
  | "CablePluggedIn"
  | "ChargingRateChanged"
  | "ChargingStateChanged"
  | "Deauthorized"
  | "EnergyLimitReached"
  | "EVCommunicationLost"
  | "EVConnectTimeout"
  | "EVDeparted"
  | "EVDetected"
  | "MeterValuePeriodic"
  | "RemoteStart"
  | "RemoteStop"
  | "ResetCommand"
  | "StopAuthorized"
  | "Trigger";

/**
 * The events of a transaction. They wait in the model's offline queue, in the order they
 * happened, and are delivered (and retried) through `ChargePointMapping.transaction`: which
 * message each becomes is the mapping's business (1.6: StartTransaction, MeterValues with a
 * transactionId, StopTransaction; 2.0.1: TransactionEvent Started/Updated/Ended).
 */
export type TxEvent = TxEventOf & {
  /**
   * What the version built of the event on its first attempt and has not delivered yet, opaque
   * to the model: a retry, on the next connection or after a restart (--state-dir), sends that
   * again rather than building anew from a transaction whose state already moved on (2.0.1's
   * seqNo and eventType). Its messages, each a plain JSON object (a state file is checked for
   * that much); undefined until the first attempt, and for a version whose messages follow from
   * the event alone.
   */
  built?: object[];
};

type TxEventOf =
  | {
      kind: "started";
      tx: LocalTransaction;
      /** The connector's address; the transaction stays on it. */
      at: EvseAddress;
      trigger: TxTrigger;
      /** Epoch milliseconds, the moment it started (tx.startedAt). */
      timestamp: number;
      reservationId?: number;
      /** 2.0.1 RequestStartTransaction's remoteStartId; 1.6 has none. */
      remoteStartId?: number;
    }
  | {
      kind: "updated";
      tx: LocalTransaction;
      at: EvseAddress;
      trigger: TxTrigger;
      readings: MeterReading[];
    }
  | {
      kind: "ended";
      tx: LocalTransaction;
      at: EvseAddress;
      /** Epoch milliseconds. */
      timestamp: number;
      reason: StopReason;
      meterStopWh: number;
      /** The token value that stopped it (the starting one when the charge point stopped it itself). */
      idTag?: string;
      /** Readings of the whole transaction (1.6 transactionData, 2.0.1 SampledDataTxEndedMeasurands). */
      readings?: MeterReading[];
    };

/** What the central system said of a transaction event that matters to the model. */
export interface TxAnswer {
  /** Its verdict on the token (1.6 idTagInfo, 2.0.1 idTokenInfo), when it gave one. */
  tokenInfo?: IdTagInfo;
  /** The answer as the version's own payload, for reports and scenario checks that need it. */
  payload: unknown;
}

/** How one transaction event goes out. */
export interface DeliveryOptions {
  /** Send under this message id rather than a new one: the repeat of an attempt that may have arrived. */
  messageId?: string;
  /** The event happened while the charge point was offline (2.0.1 sets `offline: true`; 1.6 has no such field). */
  offline?: boolean;
}

/**
 * Session facts a mapping may need to apply its own transaction points (see the header). "Reset":
 * the connector was reset (alone, or with the whole charge point) after its transaction, if any,
 * was stopped; whatever the version still holds open there ends. "Authorized": the driver's token
 * was accepted before a transaction, at that EVSE or (evse 0) at the charge point, which EVSE not
 * known yet; "ConnectionTimeout": no cable came within ConnectionTimeOut after it.
 * "EnergyLimitReached": the charge point stopped offering energy to a running transaction whose
 * token the central system refused, once MaxEnergyOnInvalidId was delivered; it stays open.
 */
export type SessionFact =
  | "EVConnected"
  | "EVDisconnected"
  | "EnergyTransfer"
  | "EnergyStopped"
  | "Reset"
  | "Authorized"
  | "ConnectionTimeout"
  | "EnergyLimitReached";

/** Why a reservation ended by itself (see `ChargePointMapping.reservationEnded`). */
export type ReservationEnd = "Expired" | "Removed";

/**
 * One OCPP version speaking for one charge point over one connection. Made by the version row's
 * `mapping(caller, commands)` each time the charge point connects (the connection is the caller it wraps),
 * and forgotten when the connection goes: whatever must outlive a connection lives on the
 * LocalTransaction (`id`, `mapped`) or in the model, so a fleet of thousands keeps nothing per
 * charge point that it does not need, and a restart (--state-dir) loses nothing.
 *
 * Every method sends at most a few messages and resolves when the central system has answered;
 * a CALLERROR or a timeout rejects. The model owns the offline queue (ordering, retries with
 * TransactionMessageAttempts/RetryInterval, capacity): only `transaction()` is called from it.
 */
export interface ChargePointMapping {
  /** The subprotocol or SOAP namespace spoken, e.g. "ocpp1.6"; for logs. */
  readonly protocol: string;
  /** BootNotification; `reason` is 2.0.1's (1.6/1.5 drop it). */
  boot(identity: Identity, reason: BootReason): Promise<BootResult>;
  heartbeat(): Promise<{ currentTime: string }>;
  /** StatusNotification (1.6: connectorId = evse; 2.0.1: evseId + connectorId, connectorStatus). */
  statusChanged(change: StatusChange): Promise<void>;
  /** Authorize; 1.6 sends the value as idTag, 2.0.1 the token with its type. */
  authorize(token: IdToken): Promise<IdTagInfo>;
  /**
   * Delivers one transaction event (from the model's offline queue, in order). Sets `ev.tx.id`
   * once the transaction has the central system's id. Resolves with the token verdict if any.
   */
  transaction(ev: TxEvent, how?: DeliveryOptions): Promise<TxAnswer>;
  /** The name of the message an event becomes (1.6 "StartTransaction", 2.0.1 "TransactionEvent"), for problems and flush reports. */
  messageOf(ev: TxEvent): string;
  /** Meter values outside any transaction (1.6 MeterValues without transactionId; 2.0.1 MeterValues). */
  meterValues(at: EvseAddress, readings: MeterReading[]): Promise<void>;
  /**
   * A session fact, told synchronously as it happens; the 1.6 mapping ignores them. A 2.0.1
   * mapping uses them for TxStartPoint/TxStopPoint (e.g. EVConnected) — it answers with the
   * events to queue, which the model puts in the transaction's ordered stream; none most of the time.
   * `now` is the model's clock (epoch milliseconds), which --time-scale runs ahead of the wall's;
   * `token` is the one an "Authorized" fact accepted.
   */
  session?(
    fact: SessionFact,
    at: EvseAddress,
    tx: LocalTransaction | undefined,
    now: number,
    token?: IdToken,
  ): TxEvent | undefined;
  /**
   * The power the charging profiles allow the connector of a running transaction changed (a
   * profile set or cleared, a schedule period's boundary): from `fromW` to `toW`. A version that
   * reports it (2.0.1 TransactionEvent Updated ChargingRateChanged, when the change passes
   * SmartChargingCtrlr.LimitChangeSignificance) answers with the event to queue; told synchronously.
   */
  chargingLimit?(
    at: EvseAddress,
    tx: LocalTransaction,
    fromW: number,
    toW: number,
    now: number,
  ): TxEvent | undefined;
  /**
   * A reservation ended other than by the central system's cancellation or its use: it expired, or
   * its connector became Faulted or Unavailable. 2.0.1 reports it (ReservationStatusUpdate);
   * 1.6 and 1.5 have no message for it.
   */
  reservationEnded?(reservationId: number, why: ReservationEnd): Promise<void>;
  /**
   * The version keeps what the station volunteers while offline for its next connection (2.0.1
   * with OCPPCommCtrlr.QueueAllMessages true). The model then tells the last connection's mapping
   * of a reservation's end, a firmware or log status, meter values outside a transaction and a
   * status change while offline too, rather than dropping them; it still reports the statuses
   * that changed offline once back, so a version need not keep those. Absent: false.
   */
  queuesOffline?(): boolean;
  /**
   * Back online and registered, without a boot (after a drop, or a connect() of a registered
   * charge point): a version that keeps messages of its own (2.0.1's security events and, with
   * QueueAllMessages, its other notices) delivers them now, before the model's queued
   * transaction events and the statuses that changed offline.
   */
  deliverHeld?(): Promise<void>;
  dataTransfer(vendorId: string, messageId?: string, data?: string): Promise<DataTransferResult>;
  firmwareStatus(status: FirmwareStatus): Promise<void>;
  /** The upload of diagnostics (1.6 DiagnosticsStatusNotification; 2.0.1 LogStatusNotification). */
  logStatus(status: DiagnosticsStatus): Promise<void>;
  /** Any action of this version with a raw payload, checked against its schema; for tests and scenarios. */
  send(action: string, payload: unknown): Promise<unknown>;
  /**
   * The central system sent something that is no valid OCPP; the transport has answered it (a
   * CALLERROR) or reported it. 2.0.1 reports it as a security event; told synchronously.
   */
  invalidMessage?(message: InvalidMessage): void;
  close(): Promise<void>;
  /** The transport's fault-injection controls (src/faults/ drives them). */
  readonly wire?: Wire;
}
