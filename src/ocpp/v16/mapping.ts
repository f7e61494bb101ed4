import { isoTimestamp } from "../../util/clock.ts";
import { bootRequest } from "../boot-request.ts";
import type {
  BootResult,
  CallOptions,
  DataTransferResult,
  DiagnosticsStatus,
  FirmwareStatus,
  Identity,
  IdTagInfo,
  MeterReading,
  TransactionId,
} from "../neutral.ts";
import {
  type ConnectorStatusReport,
  StartStopMapping,
  type StartTransactionRequest,
  type StopTransactionRequest,
} from "../start-stop-mapping.ts";
import type { CpInitiated16, Req, Res } from "./actions.ts";

type MeterValue16 = Req<CpInitiated16, "MeterValues">["meterValue"][number];

/** OCPP 1.6 as seen by a charge point: the neutral link mapped onto 1.6 payloads. */
export class Mapping16 extends StartStopMapping {
  readonly protocol = "ocpp1.6";

  private call<A extends keyof CpInitiated16>(
    action: A,
    req: Req<CpInitiated16, A>,
    how?: CallOptions,
  ): Promise<Res<CpInitiated16, A>> {
    // The transport validated the response against the official schema, so the type holds.
    return this.rpc.call(action, req, how) as Promise<Res<CpInitiated16, A>>;
  }

  protected async bootNotification(id: Identity): Promise<BootResult> {
    const res = await this.call("BootNotification", bootRequest(id));
    return { status: res.status, intervalSec: res.interval, currentTime: res.currentTime };
  }

  protected async statusNotification(r: ConnectorStatusReport): Promise<void> {
    await this.call("StatusNotification", {
      connectorId: r.connectorId,
      status: r.status,
      errorCode: r.errorCode,
      info: r.info,
      vendorErrorCode: r.vendorErrorCode,
      timestamp: isoTimestamp(r.timestamp),
    });
  }

  protected async authorizeIdTag(idTag: string): Promise<IdTagInfo> {
    return (await this.call("Authorize", { idTag })).idTagInfo;
  }

  protected startTransaction(
    r: StartTransactionRequest,
    how?: CallOptions,
  ): Promise<{ transactionId: TransactionId; idTagInfo: IdTagInfo }> {
    return this.call(
      "StartTransaction",
      {
        connectorId: r.connectorId,
        idTag: r.idTag,
        meterStart: r.meterStartWh,
        timestamp: isoTimestamp(r.timestamp),
        reservationId: r.reservationId,
      },
      how,
    );
  }

  protected stopTransaction(
    r: StopTransactionRequest,
    how?: CallOptions,
  ): Promise<{ idTagInfo?: IdTagInfo }> {
    return this.call(
      "StopTransaction",
      {
        transactionId: Number(r.transactionId),
        idTag: r.idTag,
        meterStop: r.meterStopWh,
        timestamp: isoTimestamp(r.timestamp),
        reason: r.reason,
        transactionData: r.transactionData?.map(meterValue),
      },
      how,
    );
  }

  protected async meterValuesOf(
    connectorId: number,
    transactionId: TransactionId | undefined,
    readings: MeterReading[],
    how?: CallOptions,
  ): Promise<void> {
    await this.call(
      "MeterValues",
      {
        connectorId,
        transactionId: transactionId === undefined ? undefined : Number(transactionId),
        meterValue: readings.map(meterValue),
      },
      how,
    );
  }

  dataTransfer(vendorId: string, messageId?: string, data?: string): Promise<DataTransferResult> {
    return this.call("DataTransfer", { vendorId, messageId, data });
  }

  async logStatus(status: DiagnosticsStatus): Promise<void> {
    await this.call("DiagnosticsStatusNotification", { status });
  }

  async firmwareStatus(status: FirmwareStatus): Promise<void> {
    await this.call("FirmwareStatusNotification", { status });
  }
}

function meterValue(r: MeterReading): MeterValue16 {
  return {
    timestamp: isoTimestamp(r.timestamp),
    sampledValue: r.values.map((v) => ({
      value: String(v.value),
      context: v.context,
      measurand: v.measurand,
      unit: v.unit,
      ...(v.measurand === "Energy.Active.Import.Register" ? { location: "Outlet" as const } : {}),
    })),
  };
}
