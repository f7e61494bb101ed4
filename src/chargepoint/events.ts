import type { BootResult, ConnectorStatus, IdTagInfo, StopReason, TransactionId } from "../ocpp/neutral.ts";
import type { ResetKind } from "../ocpp/neutral-commands.ts";
import type { AuthSource } from "./authorization.ts";

/**
 * What a charge point reports about itself. Core code only emits these; reporters decide what
 * to print. Every event carries the charge point id, so one sink serves a whole fleet.
 */
export type ChargePointEvent =
  | { type: "boot"; cp: string; attempt: number; result: BootResult }
  | { type: "status"; cp: string; connectorId: number; from: ConnectorStatus; to: ConnectorStatus }
  | { type: "authorized"; cp: string; idTag: string; info: IdTagInfo; source: AuthSource }
  | {
      type: "transactionStarted";
      cp: string;
      connectorId: number;
      transactionId: TransactionId;
      idTag: string;
    }
  | {
      type: "transactionStopped";
      cp: string;
      connectorId: number;
      /** Undefined when the transaction's StartTransaction is still queued. */
      transactionId: TransactionId | undefined;
      reason: StopReason;
      energyWh: number;
    }
  /** The power a connector delivers changed; `limited` when a charging profile allows less than the EV asks. */
  | { type: "power"; cp: string; connectorId: number; watts: number; limited: boolean }
  /** The link dropped without the charge point asking (not sent for disconnect() or shutdown()). */
  | { type: "disconnected"; cp: string; code: number; reason: string }
  /**
   * Reconnection attempt `attempt` (1 = the first after the drop) comes in delayMs of simulated
   * time; `error` says why the previous attempt failed.
   */
  | { type: "reconnecting"; cp: string; attempt: number; delayMs: number; error?: string }
  /**
   * The link is back after `attempts` attempts and offlineMs of real time since the drop, and it
   * held while the charge point caught up (boot if never accepted, queued messages, statuses).
   */
  | { type: "reconnected"; cp: string; attempts: number; offlineMs: number }
  | { type: "configChanged"; cp: string; key: string; value: string }
  /** A central system command and the charge point's answer, e.g. command "reset", answer "Accepted". */
  | { type: "command"; cp: string; command: string; answer: string }
  /** An accepted Reset begins: transactions stop, then the charge point reconnects and boots. */
  | { type: "reset"; cp: string; kind: ResetKind }
  /** Something went wrong outside any step (a heartbeat or meter value that failed). */
  | { type: "problem"; cp: string; message: string };

export type EventSink = (event: ChargePointEvent) => void;
