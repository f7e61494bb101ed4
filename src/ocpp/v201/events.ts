// A 2.0.1 station's messages as neutral events (src/ocpp/charge-point-events.ts): the Started and
// Ended TransactionEvents are 1.x's StartTransaction and StopTransaction, an Updated one with
// meter values is 1.x's MeterValues of a transaction, and LogStatusNotification is 1.x's
// DiagnosticsStatusNotification. Status names 2.0.1 spells differently get the neutral ones.
import type { EventReader, SentEvent } from "../charge-point-events.ts";
import type { Req, StationInitiated201 } from "./actions.ts";
import type { ReasonEnumType, TransactionEventRequest, UploadLogStatusEnumType } from "./types.ts";

type Readers = {
  [A in keyof StationInitiated201]?: (req: Req<StationInitiated201, A>) => SentEvent | undefined;
};

const LOG_STATUS: Readonly<Partial<Record<UploadLogStatusEnumType, string>>> = {
  UploadFailure: "UploadFailed",
};

// The neutral reasons are 1.6's; 2.0.1 has one reset where 1.6 has two, reported as HardReset.
const REASON: Readonly<Partial<Record<ReasonEnumType, string>>> = { ImmediateReset: "HardReset" };

function transactionEvent(r: TransactionEventRequest): SentEvent | undefined {
  const transactionId = r.transactionInfo.transactionId;
  const connector = r.evse?.id;
  if (r.eventType === "Started")
    return {
      event: "transactionStarted",
      fields: { connector, idTag: r.idToken?.idToken, reservationId: r.reservationId },
    };
  if (r.eventType === "Ended") {
    // An Ended event without a stoppedReason was stopped locally (2.0.1 TransactionType).
    const reason = r.transactionInfo.stoppedReason ?? "Local";
    return {
      event: "transactionEnded",
      fields: { transactionId, reason: REASON[reason] ?? reason, idTag: r.idToken?.idToken },
    };
  }
  if (r.meterValue?.length) return { event: "meterValues", fields: { connector, transactionId } };
  return undefined;
}

const READERS: Readers = {
  BootNotification: (r) => ({
    event: "boot",
    fields: {
      vendor: r.chargingStation.vendorName,
      model: r.chargingStation.model,
      firmwareVersion: r.chargingStation.firmwareVersion,
      serialNumber: r.chargingStation.serialNumber,
    },
  }),
  Heartbeat: () => ({ event: "heartbeat", fields: {} }),
  StatusNotification: (r) => ({
    event: "status",
    fields: { connector: r.evseId, status: r.connectorStatus },
  }),
  Authorize: (r) => ({ event: "authorize", fields: { idTag: r.idToken.idToken } }),
  TransactionEvent: transactionEvent,
  MeterValues: (r) => ({ event: "meterValues", fields: { connector: r.evseId } }),
  FirmwareStatusNotification: (r) => ({ event: "firmwareStatus", fields: { status: r.status } }),
  LogStatusNotification: (r) => ({
    event: "diagnosticsStatus",
    fields: { status: LOG_STATUS[r.status] ?? r.status },
  }),
  DataTransfer: (r) => ({
    event: "dataTransfer",
    fields: {
      vendorId: r.vendorId,
      messageId: r.messageId,
      data: r.data === undefined || typeof r.data === "string" ? r.data : JSON.stringify(r.data),
    },
  }),
};

// Looked up by the action a message went out as; the transport validated its payload against that action's schema.
const TABLE = READERS as Record<string, ((req: unknown) => SentEvent | undefined) | undefined>;

export const readEvent201: EventReader = (action, payload) =>
  Object.hasOwn(TABLE, action) ? TABLE[action]!(payload) : undefined;
