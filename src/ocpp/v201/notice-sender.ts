// What a 2.0.1 station holds for the CSMS (notice-queue.ts), sent over one connection: in front of
// the station's other messages once it is registered, never before its boot is accepted (§B02),
// and without making every later message wait a call timeout behind one left unanswered.
import type { RpcCaller } from "../caller.ts";
import type { RegistrationStatus } from "../neutral.ts";
import type { ChargePointCommands } from "../neutral-commands.ts";
import { outcomeOf } from "../observe.ts";
import { deliverNotices, holdNotice, type Notice } from "./notice-queue.ts";
import type { Station201 } from "./station.ts";

export class NoticeSender {
  /**
   * "ready": the held notices go out in front of the next message; "stalled": one went unanswered,
   * and later messages no longer wait a call timeout behind it. An answer this connection gives
   * after `retryAfter` shows it works, and starts a "retry" in the background.
   */
  private state: "ready" | "stalled" | "retry" = "ready";
  private retryAfter = 0;
  /** This connection's BootNotification was accepted; the model learns of it once boot() returns. */
  private bootAccepted = false;

  constructor(
    private readonly rpc: RpcCaller,
    private readonly commands: ChargePointCommands,
    private readonly station: Station201,
  ) {}

  /**
   * Registered: a BootNotification was accepted, on this connection or before a mere drop; a
   * reboot (Reset, a firmware install) ends it until the next one is accepted (§B02).
   */
  private get registered(): boolean {
    return this.bootAccepted || this.commands.registration === "Accepted";
  }

  /** This connection is the station's current one (a drop or a close ends that). */
  private get online(): boolean {
    return this.station.caller === this.rpc;
  }

  bootAnswered(status: RegistrationStatus): void {
    this.bootAccepted = status === "Accepted";
  }

  /** Sends the held notices now: not before a boot is accepted (§B02), nor behind one left unanswered here. */
  announce(): void {
    if (this.registered && this.state === "ready") void this.deliver();
  }

  /** Before a message of the station's own: the held notices first, when they may go. */
  async first(): Promise<void> {
    if (this.registered && this.state === "ready") await this.deliver();
  }

  /** The connection answered: held notices that stalled on it are tried again, behind this call. */
  answered(): void {
    if (this.state !== "stalled" || !this.registered || Date.now() < this.retryAfter) return;
    this.state = "retry";
    void this.deliver();
  }

  async deliver(): Promise<void> {
    const { station } = this;
    if (!station.notices && !station.noticeDelivery) return;
    const began = Date.now();
    if (await deliverNotices(station, this.rpc, this.commands)) {
      this.state = "ready";
      return;
    }
    // A try holds the connection's one call in flight for up to a call timeout (what this one
    // took): the next waits ten of those, so later messages lose at most a tenth of their time.
    this.state = "stalled";
    this.retryAfter = Date.now() + Math.max(1000, 10 * (Date.now() - began));
  }

  /**
   * QueueAllMessages: delivered at least once, in the order things happened. Online and
   * registered it joins the held notices and goes out now through their one sender (behind any
   * that stalled, it waits with them: notice-queue.ts). While the boot is Pending only what the
   * CSMS triggered may go (§B02): triggered meter values go at once, as without the setting, and
   * are held only if their call is cut. Anything else, offline, or while a rebooted station's boot
   * is unanswered, Pending or Rejected, is held for later. Failures are reported, never thrown:
   * the message is the station's to deliver.
   */
  async hold(notice: Notice): Promise<void> {
    if (this.online && this.registered) {
      holdNotice(this.station, notice, this.commands);
      await this.first();
      return;
    }
    if (!this.online || this.commands.registration !== "Pending" || !triggered(notice)) {
      holdNotice(this.station, notice, this.commands);
      return;
    }
    await this.rpc.call(notice.action, notice.req).catch((err: Error) => {
      const { outcome } = outcomeOf(err);
      if (outcome === "connectionLost" || outcome === "timeout")
        holdNotice(this.station, notice, this.commands);
      if (outcome !== "connectionLost") this.commands.problem(err.message);
    });
  }
}

/** A message the CSMS asked for (TriggerMessage): meter values read for it say so in their context. */
function triggered(notice: Notice): boolean {
  return (
    notice.action === "MeterValues" &&
    notice.req.meterValue.some((mv) => mv.sampledValue.some((sv) => sv.context === "Trigger"))
  );
}
