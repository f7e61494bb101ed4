// The mappings of the versions whose transactions are three messages (StartTransaction, the
// MeterValues of it, StopTransaction) numbered by the central system, with connectors addressed by
// one connectorId: 1.6 and 1.5. What they share is here; each says its own payloads.
import type { Wire } from "../transport/wire.ts";
import type { RpcCaller } from "./caller.ts";
import type {
  BootReason,
  ChargePointMapping,
  DeliveryOptions,
  EvseAddress,
  IdToken,
  StatusChange,
  TxAnswer,
  TxEvent,
} from "./mapping.ts";
import type {
  BootResult,
  CallOptions,
  DataTransferResult,
  DiagnosticsStatus,
  FirmwareStatus,
  Identity,
  IdTagInfo,
  MeterReading,
  StopReason,
  TransactionId,
} from "./neutral.ts";

/** StatusNotification's fields in connectorId terms (0 = the whole charge point). */
export interface ConnectorStatusReport extends Omit<StatusChange, "evse" | "connector"> {
  connectorId: number;
}

export interface StartTransactionRequest {
  connectorId: number;
  idTag: string;
  meterStartWh: number;
  timestamp: number;
  reservationId?: number;
}

export interface StopTransactionRequest {
  transactionId: TransactionId;
  idTag?: string;
  meterStopWh: number;
  timestamp: number;
  reason: StopReason;
  transactionData?: MeterReading[];
}

/** MeterValues' answer (an empty payload), shared: nothing is allocated per reading. */
const METER_VALUES_ANSWER: TxAnswer = Object.freeze({ payload: Object.freeze({}) });

export abstract class StartStopMapping implements ChargePointMapping {
  abstract readonly protocol: string;

  constructor(protected readonly rpc: RpcCaller) {}

  protected abstract bootNotification(identity: Identity): Promise<BootResult>;
  protected abstract statusNotification(report: ConnectorStatusReport): Promise<void>;
  protected abstract authorizeIdTag(idTag: string): Promise<IdTagInfo>;
  protected abstract startTransaction(
    req: StartTransactionRequest,
    how?: CallOptions,
  ): Promise<{ transactionId: TransactionId; idTagInfo: IdTagInfo }>;
  protected abstract stopTransaction(
    req: StopTransactionRequest,
    how?: CallOptions,
  ): Promise<{ idTagInfo?: IdTagInfo }>;
  protected abstract meterValuesOf(
    connectorId: number,
    transactionId: TransactionId | undefined,
    readings: MeterReading[],
    how?: CallOptions,
  ): Promise<void>;
  abstract dataTransfer(vendorId: string, messageId?: string, data?: string): Promise<DataTransferResult>;
  abstract firmwareStatus(status: FirmwareStatus): Promise<void>;
  abstract logStatus(status: DiagnosticsStatus): Promise<void>;

  // Neither 1.6 nor 1.5 says why it booted.
  boot(identity: Identity, _reason: BootReason): Promise<BootResult> {
    return this.bootNotification(identity);
  }

  heartbeat(): Promise<{ currentTime: string }> {
    return this.rpc.call("Heartbeat", {}) as Promise<{ currentTime: string }>;
  }

  // Each connector of the model is an EVSE of one connector, so the EVSE number is the connectorId.
  statusChanged(c: StatusChange): Promise<void> {
    return this.statusNotification({
      connectorId: c.evse,
      status: c.status,
      errorCode: c.errorCode,
      timestamp: c.timestamp,
      info: c.info,
      vendorErrorCode: c.vendorErrorCode,
    });
  }

  // An idTag is the token's value; its type has no field here.
  authorize(token: IdToken): Promise<IdTagInfo> {
    return this.authorizeIdTag(token.value);
  }

  async transaction(ev: TxEvent, how?: DeliveryOptions): Promise<TxAnswer> {
    // The event's `offline` flag has no field in 1.6 or 1.5 (the timestamps say when it happened);
    // the transports read only the message id of the options.
    const sent: CallOptions | undefined = how;
    switch (ev.kind) {
      case "started": {
        const res = await this.startTransaction(
          {
            connectorId: ev.at.evse,
            idTag: ev.tx.idTag,
            meterStartWh: ev.tx.meterStartWh,
            timestamp: ev.timestamp,
            reservationId: ev.reservationId,
          },
          sent,
        );
        // The central system numbers the transaction; every later message of it carries that id.
        ev.tx.id = res.transactionId;
        return { tokenInfo: res.idTagInfo, payload: res };
      }
      case "updated":
        await this.meterValuesOf(ev.at.evse, ev.tx.id, ev.readings, sent);
        return METER_VALUES_ANSWER;
      case "ended": {
        const res = await this.stopTransaction(
          {
            transactionId: ev.tx.id!,
            idTag: ev.idTag,
            meterStopWh: ev.meterStopWh,
            timestamp: ev.timestamp,
            reason: ev.reason,
            transactionData: ev.readings,
          },
          sent,
        );
        return { tokenInfo: res.idTagInfo, payload: res };
      }
    }
  }

  messageOf(ev: TxEvent): string {
    return ev.kind === "started"
      ? "StartTransaction"
      : ev.kind === "ended"
        ? "StopTransaction"
        : "MeterValues";
  }

  meterValues(at: EvseAddress, readings: MeterReading[]): Promise<void> {
    return this.meterValuesOf(at.evse, undefined, readings);
  }

  send(action: string, payload: unknown): Promise<unknown> {
    return this.rpc.call(action, payload);
  }

  close(): Promise<void> {
    return this.rpc.close();
  }

  get wire(): Wire | undefined {
    return this.rpc.wire;
  }
}
