// The state of one EVSE's transaction machine (machine.ts) and what it is fed. Plain JSON, so
// it is saved with the charging station and survives a restart.
import type { TxPoint } from "../device-model/definitions.ts";
import type {
  ChargingStateEnumType,
  IdTokenType,
  MeterValueType,
  ReasonEnumType,
  TriggerReasonEnumType,
} from "../types.ts";
import type { MeterSnapshot } from "./meter.ts";
import type { TxSettings } from "./settings.ts";

export type Happening =
  | { kind: "cablePlugged" }
  | { kind: "cableUnplugged" }
  | { kind: "parkingBayOccupied" }
  | { kind: "parkingBayVacated" }
  /** A token was accepted at the EVSE (locally or by Authorize). */
  | { kind: "authorized"; idToken: IdTokenType }
  /** RequestStartTransaction accepted for this EVSE. */
  | { kind: "remoteStart"; idToken: IdTokenType; remoteStartId: number }
  /** The driver presented a token to stop. */
  | { kind: "stopAuthorized"; idToken?: IdTokenType }
  | { kind: "remoteStop" }
  /** The CSMS deauthorized the token (an invalid idTokenInfo). */
  | { kind: "deauthorized" }
  /** Authorized but no cable within TxCtrlr.EVConnectionTimeOut. */
  | { kind: "connectionTimeout" }
  | { kind: "powerPathClosed"; trigger?: TriggerReasonEnumType }
  | { kind: "energyTransferStarted" }
  | { kind: "suspendedEV" }
  /** The station stopped offering energy; `trigger` says why when it is not the state change itself. */
  | { kind: "suspendedEVSE"; trigger?: TriggerReasonEnumType }
  | { kind: "meterSampleDue" }
  /** TriggerMessage(TransactionEvent). */
  | { kind: "triggered" }
  /** The charging profiles changed the power allowed by more than LimitChangeSignificance. */
  | { kind: "chargingRateChanged" }
  | { kind: "reset" };

export interface TxContext {
  /** Epoch milliseconds. */
  now: number;
  meter: MeterSnapshot;
  settings: TxSettings;
  /** The station has no connection: the events are queued and say `offline: true`. */
  offline: boolean;
  newTransactionId(): string;
}

export interface OpenTx {
  id: string;
  seqNo: number;
  startedAt: number;
  /** The chargingState last reported; a change is reported with the next event. */
  reportedState?: ChargingStateEnumType;
  remoteStartId?: number;
  remoteStartReported?: boolean;
  tokenReported: boolean;
  evseReported: boolean;
  /** Why energy stopped when the stop points kept the transaction open; its stoppedReason later. */
  stopReason?: ReasonEnumType;
  /** Transaction points reached since it started: a stop point ends it only once it was met. */
  metPoints: TxPoint[];
  endedReadings: MeterValueType[];
  lastEndedSampleAt: number;
}

export interface EvseTxState {
  evConnected: boolean;
  authorized: boolean;
  idToken?: IdTokenType;
  pendingRemoteStartId?: number;
  powerPathClosed: boolean;
  energyTransfer: boolean;
  parkingBayOccupied: boolean;
  chargingState: ChargingStateEnumType;
  /** The last transaction ended while the EV stayed: no new one until it leaves (see `next`). */
  spent: boolean;
  tx?: OpenTx;
}

export function initialTxState(): EvseTxState {
  return {
    evConnected: false,
    authorized: false,
    powerPathClosed: false,
    energyTransfer: false,
    parkingBayOccupied: false,
    chargingState: "Idle",
    spent: false,
  };
}

/** Whether a TxStartPoint/TxStopPoint condition holds now. */
export function pointMet(s: EvseTxState, point: TxPoint): boolean {
  switch (point) {
    case "ParkingBayOccupancy":
      return s.parkingBayOccupied;
    case "EVConnected":
      return s.evConnected;
    case "Authorized":
      return s.authorized;
    case "PowerPathClosed":
      return s.powerPathClosed;
    case "EnergyTransfer":
      return s.energyTransfer;
    // Signed meter data is not simulated: a DataSigned start point is never reached and a
    // DataSigned stop point never ends a transaction.
    case "DataSigned":
      return false;
  }
}
