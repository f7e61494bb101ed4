import type { IdTokenType } from "../ocpp/mapping.ts";
import type { TransactionId } from "../ocpp/neutral.ts";
import type {
  Availability,
  ChargePointCommands,
  DiagnosticsRequest,
  FirmwareUpdateRequest,
  LocalListUpdate,
  ReservationRequest,
  ResetKind,
  UnlockResult,
} from "../ocpp/neutral-commands.ts";
import type {
  ChargingProfile,
  ChargingProfileFilter,
  ChargingRateUnit,
  SameLevelRule,
} from "../ocpp/neutral-smart-charging.ts";
import type { Scheduled } from "../util/scheduler.ts";
import { changeAvailability } from "./availability.ts";
import type { FeatureContext } from "./context.ts";
import type { EventSink } from "./events.ts";
import { type Decision, remoteStart, remoteStop, trigger, unlockConnector } from "./remote-commands.ts";
import { reset, resetScoped } from "./reset.ts";

/**
 * What the charge point answers when its central system calls it. One per charge point, made
 * when the first link opens; the methods live on the prototype, so each instance is a few fields.
 */
export class CommandAnswers implements ChargePointCommands {
  /** Messages that carry out an accepted command, waiting for its answer to go out. */
  private followUps: Set<Scheduled> | undefined;

  constructor(
    private readonly ctx: FeatureContext,
    private readonly emit: EventSink,
  ) {}

  get held() {
    return this.ctx.cp.held;
  }

  get registration() {
    return this.ctx.cp.registration;
  }

  runningTransactions() {
    return this.ctx.cp.connectors.flatMap((c) => (c.transaction ? [{ at: c.at, tx: c.transaction }] : []));
  }

  queuedTransactionEvents() {
    return this.ctx.cp.transactionMessages.pending().map((p) => p.msg);
  }

  getConfiguration(keys: string[] | undefined) {
    return this.ctx.cp.getConfiguration(keys);
  }

  changeConfiguration(key: string, value: string) {
    return this.ctx.cp.changeConfiguration(key, value);
  }

  remoteStart(
    idTag: string,
    connectorId?: number,
    chargingProfile?: ChargingProfile,
    tokenType?: IdTokenType,
  ): "Accepted" | "Rejected" {
    return this.decide(
      "remoteStart",
      remoteStart(this.ctx.cp, idTag, connectorId, chargingProfile, tokenType),
    );
  }

  remoteStop(transactionId: TransactionId): "Accepted" | "Rejected" {
    return this.decide("remoteStop", remoteStop(this.ctx.cp, transactionId));
  }

  reset(kind: ResetKind): "Accepted" | "Rejected" {
    const answer = this.decide(`reset ${kind}`, reset(this.ctx.cp, kind));
    if (answer === "Accepted") this.emit({ type: "reset", cp: this.ctx.cp.id, kind });
    return answer;
  }

  resetScoped(connectorId: number, onIdle: boolean) {
    const answer = this.decide(
      `reset ${onIdle ? "OnIdle" : "Immediate"} ${connectorId === 0 ? "charge point" : `connector ${connectorId}`}`,
      resetScoped(this.ctx.cp, connectorId, onIdle),
    );
    if (answer !== "Rejected" && connectorId === 0)
      this.emit({ type: "reset", cp: this.ctx.cp.id, kind: onIdle ? "Soft" : "Hard" });
    return answer;
  }

  changeAvailability(connectorId: number, availability: Availability) {
    return this.decide(
      `changeAvailability ${availability}`,
      changeAvailability(this.ctx.cp, connectorId, availability),
    );
  }

  async unlockConnector(connectorId: number): Promise<UnlockResult> {
    const answer = await unlockConnector(this.ctx.cp, connectorId).catch((err: Error) => {
      this.ctx.problem(`unlockConnector failed: ${err.message}`);
      return "UnlockFailed" as const;
    });
    this.emit({ type: "command", cp: this.ctx.cp.id, command: "unlockConnector", answer });
    return answer;
  }

  trigger(message: string, connectorId?: number) {
    return this.decide(`trigger ${message}`, trigger(this.ctx.cp, message, connectorId));
  }

  setChargingProfile(connectorId: number, profile: ChargingProfile, sameLevel?: SameLevelRule) {
    const verdict = this.ctx.cp.charging.setProfile(connectorId, profile, sameLevel);
    this.decide("setChargingProfile", { answer: verdict.status });
    return verdict;
  }

  chargingProfiles() {
    return this.ctx.cp.charging.installed;
  }

  clearChargingProfile(filter: ChargingProfileFilter) {
    return this.decide("clearChargingProfile", { answer: this.ctx.cp.charging.clearProfiles(filter) });
  }

  getCompositeSchedule(connectorId: number, durationSec: number, unit?: ChargingRateUnit) {
    return this.ctx.cp.charging.compositeSchedule(connectorId, durationSec, unit);
  }

  reserveNow(req: ReservationRequest) {
    return this.decide("reserveNow", this.ctx.cp.reservations.reserve(req));
  }

  cancelReservation(reservationId: number) {
    return this.decide("cancelReservation", this.ctx.cp.reservations.cancel(reservationId));
  }

  updateFirmware(req: FirmwareUpdateRequest): void {
    this.decide("updateFirmware", this.ctx.cp.firmware.update(req));
  }

  getDiagnostics(req: DiagnosticsRequest) {
    const { fileName } = this.ctx.cp.diagnostics.request(req);
    this.decide("getDiagnostics", { answer: fileName ?? "no information" });
    return { fileName };
  }

  clearCache() {
    return this.decide("clearCache", { answer: this.ctx.cp.localAuth.clearCache() });
  }

  problem(message: string): void {
    this.ctx.problem(message);
  }

  now(): number {
    return this.ctx.cp.clock.now();
  }

  getLocalListVersion(): number {
    return this.ctx.cp.localAuth.listVersion();
  }

  sendLocalList(update: LocalListUpdate) {
    return this.decide(`sendLocalList ${update.updateType}`, {
      answer: this.ctx.cp.localAuth.sendLocalList(update),
    });
  }

  /** Cancels the follow-ups whose answers have not gone out yet. */
  stop(): void {
    for (const t of this.followUps ?? []) t.cancel();
    this.followUps = undefined;
  }

  /** Returns a command's answer and sends what follows from it once the answer is out. */
  private decide<A extends string>(command: string, decision: Decision<A>): A {
    this.emit({ type: "command", cp: this.ctx.cp.id, command, answer: decision.answer });
    const work = decision.followUp;
    if (work) {
      // The transport sends the answer in the microtasks that follow the handler's return;
      // a timer runs only after all of them, so the follow-up never overtakes the answer.
      const t = this.ctx.scheduler.after(0, () => {
        this.followUps?.delete(t);
        work().catch((err: Error) => this.ctx.problem(`${command} failed: ${err.message}`));
      });
      this.followUps ??= new Set();
      this.followUps.add(t);
    }
    return decision.answer;
  }
}
