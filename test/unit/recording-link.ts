import type { BootResult, IdTagInfo, MeterReading } from "../../src/ocpp/neutral.ts";
import {
  type ConnectorStatusReport,
  StartStopMapping,
  type StartTransactionRequest,
  type StopTransactionRequest,
} from "../../src/ocpp/start-stop-mapping.ts";

/** What the recorded calls hold, in the connectorId terms of the 1.x mappings. */
export type StatusReport = ConnectorStatusReport;
export type StartRequest = StartTransactionRequest;
export type StopRequest = StopTransactionRequest;

const NO_CALLER = {
  call: () => Promise.reject(new Error("RecordingLink sends nothing")),
  close: () => Promise.resolve(),
};

/**
 * An in-memory central system side for unit tests of the charge point model alone: the 1.x
 * mapping of the model's events, recording each message instead of sending it. The real
 * transports are covered by the integration tests.
 */
export class RecordingLink extends StartStopMapping {
  readonly protocol = "test";
  readonly calls: { action: string; req: unknown }[] = [];
  bootAnswers: BootResult["status"][] = [];
  authorizeStatus: IdTagInfo["status"] = "Accepted";
  private nextTx = 100;

  private waiters: { action: string; count: number; resolve: () => void }[] = [];

  constructor() {
    super(NO_CALLER);
  }

  private record(action: string, req: unknown) {
    this.calls.push({ action, req });
    this.waiters = this.waiters.filter((w) => {
      if (this.count(w.action) < w.count) return true;
      w.resolve();
      return false;
    });
  }
  count(action: string): number {
    return this.calls.filter((c) => c.action === action).length;
  }
  /** Resolves once `count` calls of `action` have been received. */
  waitFor(action: string, count = 1): Promise<void> {
    if (this.count(action) >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ action, count, resolve }));
  }
  actions(): string[] {
    return this.calls.map((c) => c.action);
  }
  async bootNotification(): Promise<BootResult> {
    this.record("BootNotification", {});
    return {
      status: this.bootAnswers.shift() ?? "Accepted",
      intervalSec: 1,
      currentTime: new Date().toISOString(),
    };
  }
  override async heartbeat() {
    this.record("Heartbeat", {});
    return { currentTime: new Date().toISOString() };
  }
  async statusNotification(r: StatusReport) {
    this.record("StatusNotification", r);
  }
  async authorizeIdTag(idTag: string) {
    this.record("Authorize", { idTag });
    return { status: this.authorizeStatus };
  }
  async startTransaction(r: StartRequest) {
    this.record("StartTransaction", r);
    return { transactionId: this.nextTx++, idTagInfo: { status: this.authorizeStatus } };
  }
  async stopTransaction(r: StopRequest): Promise<{ idTagInfo?: IdTagInfo }> {
    this.record("StopTransaction", r);
    return {};
  }
  async meterValuesOf(connectorId: number, transactionId: unknown, readings: MeterReading[]) {
    this.record("MeterValues", { connectorId, transactionId, readings });
  }
  async dataTransfer() {
    this.record("DataTransfer", {});
    return { status: "Accepted" as const };
  }
  async logStatus(status: string) {
    this.record("DiagnosticsStatusNotification", { status });
  }
  async firmwareStatus(status: string) {
    this.record("FirmwareStatusNotification", { status });
  }
  override async send(action: string, payload: unknown) {
    this.record(action, payload);
    return {};
  }
  override async close() {}
}
