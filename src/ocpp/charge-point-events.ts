// The charge point's messages, named neutrally: `waitForMessage: { event: transactionStarted, … }`
// waits on every version for what 1.x calls StartTransaction and 2.0.1 a TransactionEvent of type
// Started. Each version row reads its own outgoing messages as these events (src/ocpp/<version>/
// events.ts), with the neutral fields below; the message's own payload stays under `payload`.
//
// Statuses are named as the model names them (src/ocpp/neutral.ts, which follows 1.6 where the
// versions differ): a version with other names maps them (2.0.1 UploadFailure is UploadFailed,
// ImmediateReset is HardReset; 1.x Preparing…Finishing is Occupied, as 2.0.1 and 1.5 say).
//
// Adding an event: its fields here, and a case in each version's reader.

/** Each event and its neutral fields. */
export const EVENT_FIELDS = {
  boot: ["vendor", "model", "firmwareVersion", "serialNumber"],
  heartbeat: [],
  status: ["connector", "status", "errorCode"],
  authorize: ["idTag"],
  transactionStarted: ["connector", "idTag", "reservationId"],
  meterValues: ["connector", "transactionId"],
  transactionEnded: ["transactionId", "reason", "idTag"],
  firmwareStatus: ["status"],
  diagnosticsStatus: ["status"],
  dataTransfer: ["vendorId", "messageId", "data"],
} as const satisfies Record<string, readonly string[]>;

export type ChargePointEventName = keyof typeof EVENT_FIELDS;

export const CHARGE_POINT_EVENTS = Object.keys(EVENT_FIELDS) as ChargePointEventName[];

/** One message the charge point sent, as an event with neutral fields (undefined ones left out). */
export interface SentEvent {
  event: ChargePointEventName;
  fields: Record<string, unknown>;
}

/** A version's reading of one of its charge point's messages; none for a message no event stands for. */
export type EventReader = (action: string, payload: unknown) => SentEvent | undefined;

export function isChargePointEvent(name: unknown): name is ChargePointEventName {
  return typeof name === "string" && Object.hasOwn(EVENT_FIELDS, name);
}

/** The neutral connector statuses a status event reports. */
export type NeutralConnectorStatus = "Available" | "Occupied" | "Reserved" | "Unavailable" | "Faulted";
