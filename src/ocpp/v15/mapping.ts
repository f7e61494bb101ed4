import { isoTimestamp } from "../../util/clock.ts";
import { bootRequest } from "../boot-request.ts";
import type {
  BootResult,
  CallOptions,
  ConnectorErrorCode,
  ConnectorStatus,
  DataTransferResult,
  DiagnosticsStatus,
  FirmwareStatus,
  Identity,
  IdTagInfo,
  MeterReading,
  SampledValue,
  TransactionId,
} from "../neutral.ts";
import {
  type ConnectorStatusReport,
  StartStopMapping,
  type StartTransactionRequest,
  type StopTransactionRequest,
} from "../start-stop-mapping.ts";

// OCPP 1.5 knows fewer states than the neutral model (which follows 1.6): a connector in use is
// Occupied, some error codes and lifecycle steps have no 1.5 name. The transport checks every
// payload against the 1.5 WSDL, so these mappings cannot drift into invalid messages unnoticed.

const STATUS15: Record<ConnectorStatus, string> = {
  Available: "Available",
  Preparing: "Occupied",
  Charging: "Occupied",
  SuspendedEVSE: "Occupied",
  SuspendedEV: "Occupied",
  Finishing: "Occupied",
  Reserved: "Reserved",
  Unavailable: "Unavailable",
  Faulted: "Faulted",
};

const ERROR15: Partial<Record<ConnectorErrorCode, string>> = {
  EVCommunicationError: "Mode3Error",
  InternalError: "OtherError",
  LocalListConflict: "OtherError",
  OverVoltage: "OtherError",
};

const UNIT15: Record<SampledValue["unit"], string | undefined> = {
  Wh: "Wh",
  W: "W",
  A: "Amp",
  V: "Volt",
  Percent: undefined,
};

// 1.5 has no Trigger context (there is no TriggerMessage) and no SoC measurand.
const CONTEXT15: Record<SampledValue["context"], string> = {
  "Sample.Periodic": "Sample.Periodic",
  "Sample.Clock": "Sample.Clock",
  "Transaction.Begin": "Transaction.Begin",
  "Transaction.End": "Transaction.End",
  Trigger: "Sample.Periodic",
};

const FIRMWARE15 = new Set<FirmwareStatus>([
  "Downloaded",
  "DownloadFailed",
  "InstallationFailed",
  "Installed",
]);
const DIAGNOSTICS15 = new Set<DiagnosticsStatus>(["Uploaded", "UploadFailed"]);

interface IdTagInfo15 {
  idTagInfo: IdTagInfo;
}

/** OCPP 1.5 as seen by a charge point: the neutral link mapped onto 1.5 payloads. */
export class Mapping15 extends StartStopMapping {
  readonly protocol = "ocpp1.5";
  /** 1.5 folds several neutral states into Occupied: a real 1.5 charge point reports it once. */
  private readonly lastStatus = new Map<number, { neutral: string; sent: string }>();

  protected async bootNotification(id: Identity): Promise<BootResult> {
    const res = (await this.rpc.call("BootNotification", bootRequest(id))) as {
      status: "Accepted" | "Rejected";
      currentTime: string;
      heartbeatInterval: number;
    };
    return { status: res.status, intervalSec: res.heartbeatInterval, currentTime: res.currentTime };
  }

  protected async statusNotification(r: ConnectorStatusReport): Promise<void> {
    const status = STATUS15[r.status];
    const errorCode = ERROR15[r.errorCode] ?? r.errorCode;
    const sent = `${status}/${errorCode}`;
    const neutral = `${r.status}/${r.errorCode}`;
    const last = this.lastStatus.get(r.connectorId);
    // A change that 1.5 cannot tell apart (Preparing → Charging) is not news; a repeat asked for is sent.
    if (last && last.sent === sent && last.neutral !== neutral) {
      last.neutral = neutral;
      return;
    }
    await this.rpc.call("StatusNotification", {
      connectorId: r.connectorId,
      status,
      errorCode,
      // The 1.6 error name survives in info when 1.5 has to call it OtherError.
      info: r.info ?? (errorCode !== r.errorCode ? r.errorCode : undefined),
      timestamp: isoTimestamp(r.timestamp),
      vendorErrorCode: r.vendorErrorCode,
    });
    // Only what reached the central system counts: after a failed Occupied, the next change sends it.
    this.lastStatus.set(r.connectorId, { neutral, sent });
  }

  protected async authorizeIdTag(idTag: string): Promise<IdTagInfo> {
    return ((await this.rpc.call("Authorize", { idTag })) as IdTagInfo15).idTagInfo;
  }

  protected startTransaction(
    r: StartTransactionRequest,
    how?: CallOptions,
  ): Promise<{ transactionId: TransactionId; idTagInfo: IdTagInfo }> {
    return this.rpc.call(
      "StartTransaction",
      {
        connectorId: r.connectorId,
        idTag: r.idTag,
        timestamp: isoTimestamp(r.timestamp),
        meterStart: r.meterStartWh,
        reservationId: r.reservationId,
      },
      how,
    ) as Promise<{ transactionId: number; idTagInfo: IdTagInfo }>;
  }

  // 1.5 has no stop reason: the central system learns only that the transaction ended.
  protected stopTransaction(
    r: StopTransactionRequest,
    how?: CallOptions,
  ): Promise<{ idTagInfo?: IdTagInfo }> {
    return this.rpc.call(
      "StopTransaction",
      {
        transactionId: Number(r.transactionId),
        idTag: r.idTag,
        timestamp: isoTimestamp(r.timestamp),
        meterStop: r.meterStopWh,
        transactionData: r.transactionData?.length
          ? [{ values: r.transactionData.map(meterValue) }]
          : undefined,
      },
      how,
    ) as Promise<{ idTagInfo?: IdTagInfo }>;
  }

  protected async meterValuesOf(
    connectorId: number,
    transactionId: TransactionId | undefined,
    readings: MeterReading[],
    how?: CallOptions,
  ): Promise<void> {
    await this.rpc.call(
      "MeterValues",
      {
        connectorId,
        transactionId: transactionId === undefined ? undefined : Number(transactionId),
        values: readings.map(meterValue),
      },
      how,
    );
  }

  dataTransfer(vendorId: string, messageId?: string, data?: string): Promise<DataTransferResult> {
    return this.rpc.call("DataTransfer", { vendorId, messageId, data }) as Promise<DataTransferResult>;
  }

  // 1.5 reports only the outcome of an upload or a firmware update, not the steps before it.
  async logStatus(status: DiagnosticsStatus): Promise<void> {
    if (DIAGNOSTICS15.has(status)) await this.rpc.call("DiagnosticsStatusNotification", { status });
  }

  async firmwareStatus(status: FirmwareStatus): Promise<void> {
    if (FIRMWARE15.has(status)) await this.rpc.call("FirmwareStatusNotification", { status });
  }
}

function meterValue(r: MeterReading) {
  return {
    timestamp: isoTimestamp(r.timestamp),
    value: r.values
      .filter((v) => UNIT15[v.unit] !== undefined)
      .map((v) => ({
        $value: String(v.value),
        attributes: {
          context: CONTEXT15[v.context],
          measurand: v.measurand,
          ...(v.measurand === "Energy.Active.Import.Register" ? { location: "Outlet" } : {}),
          unit: UNIT15[v.unit],
        },
      })),
  };
}
