import type {
  BootResult,
  CentralSystemLink,
  IdTagInfo,
  MeterReading,
  StartRequest,
  StatusReport,
  StopRequest,
} from "../../src/ocpp/neutral.ts";

/**
 * An in-memory central system side for unit tests of the charge point model alone; the real
 * transports are covered by the integration tests.
 */
export class RecordingLink implements CentralSystemLink {
  readonly protocol = "test";
  readonly calls: { action: string; req: unknown }[] = [];
  bootAnswers: BootResult["status"][] = [];
  authorizeStatus: IdTagInfo["status"] = "Accepted";
  private nextTx = 100;

  private waiters: { action: string; count: number; resolve: () => void }[] = [];

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
  async heartbeat() {
    this.record("Heartbeat", {});
    return { currentTime: new Date().toISOString() };
  }
  async statusNotification(r: StatusReport) {
    this.record("StatusNotification", r);
  }
  async authorize(idTag: string) {
    this.record("Authorize", { idTag });
    return { status: this.authorizeStatus };
  }
  async startTransaction(r: StartRequest) {
    this.record("StartTransaction", r);
    return { transactionId: this.nextTx++, idTagInfo: { status: this.authorizeStatus } };
  }
  async stopTransaction(r: StopRequest) {
    this.record("StopTransaction", r);
    return {};
  }
  async meterValues(connectorId: number, transactionId: unknown, readings: MeterReading[]) {
    this.record("MeterValues", { connectorId, transactionId, readings });
  }
  async dataTransfer() {
    this.record("DataTransfer", {});
    return { status: "Accepted" as const };
  }
  async diagnosticsStatusNotification(status: string) {
    this.record("DiagnosticsStatusNotification", { status });
  }
  async firmwareStatusNotification(status: string) {
    this.record("FirmwareStatusNotification", { status });
  }
  async send(action: string, payload: unknown) {
    this.record(action, payload);
    return {};
  }
  async close() {}
}
