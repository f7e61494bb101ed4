// A 1.6 charge point's messages as neutral events (src/ocpp/charge-point-events.ts). 1.5 reads
// its own with this too: its messages carry the same fields, and its connector statuses are
// already the neutral ones.
import type { EventReader, NeutralConnectorStatus, SentEvent } from "../charge-point-events.ts";
import type { CpInitiated16, Req } from "./actions.ts";

type Readers = {
  [A in keyof CpInitiated16]: (req: Req<CpInitiated16, A>) => SentEvent | undefined;
};

// 1.6 tells the phases of a connector in use apart; the neutral status, like 1.5's and 2.0.1's, is
// Occupied. The 1.5 names are here too: 1.5's messages are read with this table.
const STATUS: ReadonlyMap<string, NeutralConnectorStatus> = new Map<string, NeutralConnectorStatus>([
  ["Available", "Available"],
  ["Preparing", "Occupied"],
  ["Charging", "Occupied"],
  ["SuspendedEVSE", "Occupied"],
  ["SuspendedEV", "Occupied"],
  ["Finishing", "Occupied"],
  ["Occupied", "Occupied"],
  ["Reserved", "Reserved"],
  ["Unavailable", "Unavailable"],
  ["Faulted", "Faulted"],
]);

const READERS: Readers = {
  BootNotification: (r) => ({
    event: "boot",
    fields: {
      vendor: r.chargePointVendor,
      model: r.chargePointModel,
      firmwareVersion: r.firmwareVersion,
      serialNumber: r.chargePointSerialNumber ?? r.chargeBoxSerialNumber,
    },
  }),
  Heartbeat: () => ({ event: "heartbeat", fields: {} }),
  StatusNotification: (r) => ({
    event: "status",
    fields: {
      connector: r.connectorId,
      status: STATUS.get(r.status),
      errorCode: r.errorCode,
    },
  }),
  Authorize: (r) => ({ event: "authorize", fields: { idTag: r.idTag } }),
  StartTransaction: (r) => ({
    event: "transactionStarted",
    fields: { connector: r.connectorId, idTag: r.idTag, reservationId: r.reservationId },
  }),
  MeterValues: (r) => ({
    event: "meterValues",
    fields: { connector: r.connectorId, transactionId: r.transactionId },
  }),
  // A StopTransaction without a reason was stopped locally (OCPP 1.6 §6.49).
  StopTransaction: (r) => ({
    event: "transactionEnded",
    fields: { transactionId: r.transactionId, reason: r.reason ?? "Local", idTag: r.idTag },
  }),
  FirmwareStatusNotification: (r) => ({ event: "firmwareStatus", fields: { status: r.status } }),
  DiagnosticsStatusNotification: (r) => ({ event: "diagnosticsStatus", fields: { status: r.status } }),
  DataTransfer: (r) => ({
    event: "dataTransfer",
    fields: { vendorId: r.vendorId, messageId: r.messageId, data: r.data },
  }),
};

// Looked up by the action a message went out as; the transport validated its payload against that action's schema.
const TABLE = READERS as Record<string, ((req: unknown) => SentEvent | undefined) | undefined>;

export const readEvent16: EventReader = (action, payload) =>
  Object.hasOwn(TABLE, action) ? TABLE[action]!(payload) : undefined;
