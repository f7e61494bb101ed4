// UpdateFirmware (OCPP 1.6 §5.19): the download from retrieveDate on, retried as the central
// system asks, then the installation once no transaction runs, then a reboot into the new
// firmware. Nothing is fetched: the simulated charge point has no network but its OCPP link, so
// the download and installation are delays, and how they end is set by FirmwareBehaviour.
import type { FirmwareStatus } from "../ocpp/neutral.ts";
import type { FirmwareUpdateRequest } from "../ocpp/neutral-commands.ts";
import { whenAborted } from "../util/abort.ts";
import { idleStatus } from "./availability.ts";
import type { FeatureContext } from "./context.ts";
import type { Decision } from "./remote-commands.ts";

export const FIRMWARE_OUTCOMES = ["Installed", "DownloadFailed", "InstallationFailed"] as const;

/** How a simulated firmware update goes; durations in simulated milliseconds. */
export interface FirmwareBehaviour {
  /** How the update ends (default Installed). DownloadFailed fails every download attempt. */
  outcome?: (typeof FIRMWARE_OUTCOMES)[number];
  /** Download attempts that fail before one succeeds, as far as the retries allow (default 0). */
  downloadFailures?: number;
  /** Default 10 s. */
  downloadTimeMs?: number;
  /** Default 5 s. */
  installTimeMs?: number;
  /** firmwareVersion after the update; by default the file name of the location, without its extension. */
  version?: string;
}

// A missing retryInterval is left to the charge point; a minute is common.
const DEFAULT_RETRY_INTERVAL_SEC = 60;

export class FirmwareUpdate {
  /** The last status of the update in progress; undefined when none is (TriggerMessage says Idle). */
  private current: FirmwareStatus | undefined;
  private phase: "waiting" | "downloading" | "installing" | undefined;
  private abort: AbortController | undefined;
  private transactionsEnded: (() => void) | undefined;

  constructor(
    private readonly ctx: FeatureContext,
    private readonly behaviour: FirmwareBehaviour = {},
  ) {}

  /** What a triggered FirmwareStatusNotification reports. */
  get status(): FirmwareStatus {
    return this.current ?? "Idle";
  }

  /**
   * From the downloaded firmware to the reboot, connectors without a transaction are Unavailable:
   * §5.19 recommends it while the installation waits for transactions to end, and no new one may
   * start during the installation itself.
   */
  get holdsConnectors(): boolean {
    return this.phase === "installing";
  }

  /** The answer is always Accepted: UpdateFirmware.conf carries no status. */
  update(req: FirmwareUpdateRequest): Decision<"Accepted"> {
    // 1.6 has no answer to refuse with; an update that is installing already runs to its end.
    if (this.phase === "installing") return { answer: "Accepted" };
    // One that is still waiting or downloading gives way to the new request.
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.phase = "waiting";
    this.current = undefined;
    this.run(req, abort.signal)
      .catch((err: Error) => {
        if (!abort.signal.aborted) this.ctx.problem(`firmware update failed: ${err.message}`);
      })
      .finally(() => {
        if (this.abort !== abort) return;
        this.abort = undefined;
        this.phase = undefined;
        this.current = undefined;
      });
    return { answer: "Accepted" };
  }

  /** ChargePoint calls it after each StopTransaction: the installation may be waiting for the last one. */
  transactionStopped(): void {
    if (!this.ctx.cp.connectors.some((c) => c.transaction)) this.transactionsEnded?.();
  }

  stop(): void {
    this.abort?.abort();
  }

  private async run(req: FirmwareUpdateRequest, signal: AbortSignal): Promise<void> {
    const { cp } = this.ctx;
    const b = this.behaviour;
    // Even a retrieveDate already past waits for a timer, so nothing overtakes the answer.
    await this.sleep(0, signal);
    // Timers may fire a millisecond early, which a fast simulated clock turns into seconds.
    while (cp.clock.now() < req.retrieveAt) await this.sleep(req.retrieveAt - cp.clock.now(), signal);
    this.phase = "downloading";
    const attempts = 1 + Math.max(0, req.retries ?? 0);
    for (let attempt = 1; ; attempt++) {
      await this.report("Downloading");
      await this.sleep(b.downloadTimeMs ?? 10_000, signal);
      if (b.outcome !== "DownloadFailed" && attempt > (b.downloadFailures ?? 0)) break;
      await this.report("DownloadFailed");
      if (attempt >= attempts) return;
      await this.sleep((req.retryIntervalSec ?? DEFAULT_RETRY_INTERVAL_SEC) * 1000, signal);
    }
    await this.report("Downloaded");
    this.phase = "installing";
    for (const c of cp.connectors) {
      if (!c.transaction && c.status !== "Faulted" && c.status !== "Unavailable")
        await cp.setStatus(c.id, "Unavailable");
    }
    if (cp.connectors.some((c) => c.transaction)) {
      let stop = () => {};
      await new Promise<void>((resolve) => {
        this.transactionsEnded = resolve;
        stop = whenAborted(signal, resolve);
      });
      stop();
      this.transactionsEnded = undefined;
      if (signal.aborted) return;
    }
    await this.report("Installing");
    await this.sleep(b.installTimeMs ?? 5_000, signal);
    if (b.outcome === "InstallationFailed") {
      await this.report("InstallationFailed");
      this.phase = undefined;
      for (const c of cp.connectors) {
        const status = idleStatus(cp, c);
        if (c.status === "Unavailable" && !c.transaction && status !== "Unavailable")
          await cp.setStatus(c.id, status);
      }
      return;
    }
    await this.report("Installed");
    cp.identity.firmwareVersion = (b.version ?? versionOf(req.location)) || cp.identity.firmwareVersion;
    await this.reboot();
  }

  /** Restarts into the new firmware: a new connection, a BootNotification carrying its version. */
  private async reboot(): Promise<void> {
    const { cp } = this.ctx;
    this.phase = undefined;
    await cp.disconnect();
    cp.registration = "Unknown";
    // Ended by a disconnect or shutdown while the central system could not be reached.
    if (!(await cp.bootAfterReboot({ statuses: false, reason: "FirmwareUpdate" }))) return;
    // The connectors held for the installation are free again; the boot reports them as they are now.
    await cp.setStatus(0, cp.status);
    for (const c of cp.connectors) {
      const held = c.status === "Unavailable" && !c.transaction;
      await cp.setStatus(c.id, held ? idleStatus(cp, c) : c.status, c.errorCode);
    }
  }

  private sleep(simMs: number, signal: AbortSignal): Promise<void> {
    return this.ctx.scheduler.sleep(simMs > 0 ? Math.max(1, this.ctx.cp.clock.toReal(simMs)) : 0, signal);
  }

  /** Sends the status; a notification lost with the connection does not stop the update. */
  private async report(status: FirmwareStatus): Promise<void> {
    this.current = status;
    await this.ctx.cp.firmwareStatus(status).catch((err: Error) => {
      if (this.ctx.cp.connected) this.ctx.problem(`FirmwareStatusNotification failed: ${err.message}`);
    });
  }
}

/** "https://example.com/fw/cpsim-0.2.bin?sig=…" → "cpsim-0.2" (firmwareVersion is at most 50 characters). */
export function versionOf(location: string): string {
  const path = location.replace(/[?#].*$/, "");
  const file = path.slice(path.lastIndexOf("/") + 1);
  return file.replace(/\.[A-Za-z][A-Za-z0-9]*$/, "").slice(0, 50);
}
