import type { Wire } from "../../transport/wire.ts";
import { isoTimestamp } from "../../util/clock.ts";
import { bootRequest } from "../boot-request.ts";
import type { RpcCaller } from "../caller.ts";
import type {
  BootResult,
  CallOptions,
  CentralSystemLink,
  DataTransferResult,
  DiagnosticsStatus,
  FirmwareStatus,
  Identity,
  IdTagInfo,
  MeterReading,
  StartRequest,
  StatusReport,
  StopRequest,
  TransactionId,
} from "../neutral.ts";
import type { CpInitiated16, Req, Res } from "./actions.ts";

type MeterValue16 = Req<CpInitiated16, "MeterValues">["meterValue"][number];

/** OCPP 1.6 as seen by a charge point: the neutral link mapped onto 1.6 payloads. */
export class Link16 implements CentralSystemLink {
  readonly protocol = "ocpp1.6";

  constructor(private readonly rpc: RpcCaller) {}

  private call<A extends keyof CpInitiated16>(
    action: A,
    req: Req<CpInitiated16, A>,
    how?: CallOptions,
  ): Promise<Res<CpInitiated16, A>> {
    // The transport validated the response against the official schema, so the type holds.
    return this.rpc.call(action, req, how) as Promise<Res<CpInitiated16, A>>;
  }

  async bootNotification(id: Identity): Promise<BootResult> {
    const res = await this.call("BootNotification", bootRequest(id));
    return { status: res.status, intervalSec: res.interval, currentTime: res.currentTime };
  }

  heartbeat(): Promise<{ currentTime: string }> {
    return this.call("Heartbeat", {});
  }

  async statusNotification(r: StatusReport): Promise<void> {
    await this.call("StatusNotification", {
      connectorId: r.connectorId,
      status: r.status,
      errorCode: r.errorCode,
      info: r.info,
      vendorErrorCode: r.vendorErrorCode,
      timestamp: isoTimestamp(r.timestamp),
    });
  }

  async authorize(idTag: string): Promise<IdTagInfo> {
    return (await this.call("Authorize", { idTag })).idTagInfo;
  }

  startTransaction(
    r: StartRequest,
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

  stopTransaction(r: StopRequest, how?: CallOptions): Promise<{ idTagInfo?: IdTagInfo }> {
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

  async meterValues(
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

  async diagnosticsStatusNotification(status: DiagnosticsStatus): Promise<void> {
    await this.call("DiagnosticsStatusNotification", { status });
  }

  async firmwareStatusNotification(status: FirmwareStatus): Promise<void> {
    await this.call("FirmwareStatusNotification", { status });
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
