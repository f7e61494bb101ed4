// GetDiagnostics (OCPP 1.6 §5.9): the charge point names the file it will upload, then reports
// Uploading and Uploaded or UploadFailed, retrying as the central system asks. Nothing is
// uploaded: the simulated charge point has no network but its OCPP link, so the upload is a
// delay, and how it ends is set by DiagnosticsBehaviour.
import type { DiagnosticsStatus } from "../ocpp/neutral.ts";
import type { DiagnosticsRequest } from "../ocpp/neutral-commands.ts";
import type { FeatureContext } from "./context.ts";

export const DIAGNOSTICS_OUTCOMES = ["Uploaded", "UploadFailed"] as const;

/** How a simulated diagnostics upload goes; durations in simulated milliseconds. */
export interface DiagnosticsBehaviour {
  /** How the upload ends (default Uploaded). UploadFailed fails every attempt. */
  outcome?: (typeof DIAGNOSTICS_OUTCOMES)[number];
  /** Upload attempts that fail before one succeeds, as far as the retries allow (default 0). */
  uploadFailures?: number;
  /** Default 5 s. */
  uploadTimeMs?: number;
}

// A missing retryInterval is left to the charge point; a minute is common.
const DEFAULT_RETRY_INTERVAL_SEC = 60;

export class Diagnostics {
  /** The last status of the upload in progress; undefined when none is (TriggerMessage says Idle). */
  private current: DiagnosticsStatus | undefined;
  private abort: AbortController | undefined;
  /** The simulated charge point keeps diagnostic information from its start on. */
  private readonly since: number;

  constructor(
    private readonly ctx: FeatureContext,
    private readonly behaviour: DiagnosticsBehaviour = {},
  ) {
    this.since = ctx.cp.clock.now();
  }

  /** What a triggered DiagnosticsStatusNotification reports. */
  get status(): DiagnosticsStatus {
    return this.current ?? "Idle";
  }

  /**
   * Answers with the file name and starts the upload, or answers without one when the charge
   * point holds no information for the period asked, as GetDiagnostics.conf allows, and uploads nothing.
   */
  request(req: DiagnosticsRequest): { fileName?: string } {
    const now = this.ctx.cp.clock.now();
    const from = Math.max(req.startAt ?? this.since, this.since);
    const to = Math.min(req.stopAt ?? now, now);
    if (from > to) return {};
    const fileName = `${this.ctx.cp.id.replace(/[^\w.-]/g, "_")}-diagnostics-${compact(from)}-${compact(to)}.log`;
    // A new request replaces an upload still in progress.
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.current = undefined;
    this.upload(req, abort.signal)
      .catch((err: Error) => {
        if (!abort.signal.aborted) this.ctx.problem(`diagnostics upload failed: ${err.message}`);
      })
      .finally(() => {
        if (this.abort !== abort) return;
        this.abort = undefined;
        this.current = undefined;
      });
    return { fileName };
  }

  stop(): void {
    this.abort?.abort();
  }

  private async upload(req: DiagnosticsRequest, signal: AbortSignal): Promise<void> {
    const b = this.behaviour;
    // A timer first, so the status notifications never overtake the answer with the file name.
    await this.sleep(0, signal);
    const attempts = 1 + Math.max(0, req.retries ?? 0);
    for (let attempt = 1; ; attempt++) {
      await this.report("Uploading");
      await this.sleep(b.uploadTimeMs ?? 5_000, signal);
      if (b.outcome !== "UploadFailed" && attempt > (b.uploadFailures ?? 0)) break;
      await this.report("UploadFailed");
      if (attempt >= attempts) return;
      await this.sleep((req.retryIntervalSec ?? DEFAULT_RETRY_INTERVAL_SEC) * 1000, signal);
    }
    await this.report("Uploaded");
  }

  private sleep(simMs: number, signal: AbortSignal): Promise<void> {
    return this.ctx.scheduler.sleep(this.ctx.cp.clock.toReal(simMs), signal);
  }

  /** Sends the status; a notification lost with the connection does not stop the upload. */
  private async report(status: DiagnosticsStatus): Promise<void> {
    this.current = status;
    await this.ctx.cp.logStatus(status).catch((err: Error) => {
      if (this.ctx.cp.connected) this.ctx.problem(`DiagnosticsStatusNotification failed: ${err.message}`);
    });
  }
}

/** 2026-03-01T12:00:00.000Z → 20260301T120000Z */
function compact(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]|\.\d+/g, "");
}
