// The transaction state machine of one EVSE (OCPP 2.0.1 Part 2 §E): fed with what happens at
// the EVSE, it decides by TxStartPoint/TxStopPoint when a transaction starts and ends, and
// returns the TransactionEvent requests to send, in order. Pure: no timers, no I/O; time, meter
// readings, settings and new transaction ids come in through the context. Its state is plain
// JSON so it can be saved with the charging station and survive a restart.
import { isoTimestamp } from "../../../util/clock.ts";
import type {
  MeterValueType,
  ReasonEnumType,
  TransactionEventEnumType,
  TransactionEventRequest,
  TriggerReasonEnumType,
} from "../types.ts";
import { meterValue } from "./meter.ts";
import { type EvseTxState, type Happening, initialTxState, pointMet, type TxContext } from "./state.ts";

interface Effect {
  trigger: TriggerReasonEnumType;
  /** stoppedReason if this happening ends the transaction. */
  reason?: ReasonEnumType;
  /** Worth an Updated event on its own when the transaction goes on. */
  report: boolean;
  /** Ends the transaction whatever the stop points (a reset, a driver who never plugged in). */
  end?: boolean;
}

/** One EVSE's transactions. `state` is the whole state, plain JSON. */
export class EvseTransactions {
  constructor(
    readonly evseId: number,
    readonly connectorId = 1,
    readonly state: EvseTxState = initialTxState(),
  ) {}

  get transactionId(): string | undefined {
    return this.state.tx?.id;
  }

  on(h: Happening, ctx: TxContext): TransactionEventRequest[] {
    const effect = this.apply(h);
    if (!effect) return [];
    return this.decide(effect, ctx);
  }

  private apply(h: Happening): Effect | undefined {
    const s = this.state;
    switch (h.kind) {
      case "cablePlugged":
        s.evConnected = true;
        s.chargingState = "EVConnected";
        return { trigger: "CablePluggedIn", report: true };
      case "cableUnplugged":
        Object.assign(s, {
          evConnected: false,
          powerPathClosed: false,
          energyTransfer: false,
          chargingState: "Idle",
        });
        return { trigger: "EVCommunicationLost", reason: "EVDisconnected", report: true };
      case "parkingBayOccupied":
        s.parkingBayOccupied = true;
        return { trigger: "EVDetected", report: true };
      case "parkingBayVacated":
        s.parkingBayOccupied = false;
        return { trigger: "EVDeparted", reason: "EVDisconnected", report: true };
      case "authorized":
        Object.assign(s, { authorized: true, idToken: h.idToken });
        if (s.tx) s.tx.tokenReported = false;
        return { trigger: "Authorized", report: true };
      case "remoteStart":
        Object.assign(s, { authorized: true, idToken: h.idToken, pendingRemoteStartId: h.remoteStartId });
        if (s.tx)
          Object.assign(s.tx, {
            tokenReported: false,
            remoteStartId: h.remoteStartId,
            remoteStartReported: false,
          });
        return { trigger: "RemoteStart", report: true };
      case "stopAuthorized":
        return this.deauthorize("StopAuthorized", "Local");
      case "remoteStop":
        return this.deauthorize("RemoteStop", "Remote");
      case "deauthorized":
        return this.deauthorize("Deauthorized", "DeAuthorized");
      case "connectionTimeout": {
        // No cable within EVConnectionTimeOut: the authorization and its transaction are over (§E03).
        const effect = s.evConnected ? undefined : this.deauthorize("EVConnectTimeout", "Timeout");
        return effect && { ...effect, end: true };
      }
      case "powerPathClosed":
        if (!s.evConnected || !s.authorized) return undefined;
        s.powerPathClosed = true;
        return { trigger: h.trigger ?? "ChargingStateChanged", report: false };
      case "energyTransferStarted":
      case "suspendedEV":
      case "suspendedEVSE": {
        if (!s.powerPathClosed) return undefined;
        const state =
          h.kind === "energyTransferStarted"
            ? "Charging"
            : h.kind === "suspendedEV"
              ? "SuspendedEV"
              : "SuspendedEVSE";
        if (state === s.chargingState) return undefined;
        s.chargingState = state;
        s.energyTransfer = true;
        const trigger = h.kind === "suspendedEVSE" ? h.trigger : undefined;
        return { trigger: trigger ?? "ChargingStateChanged", report: true };
      }
      case "meterSampleDue":
        return s.tx ? { trigger: "MeterValuePeriodic", report: true } : undefined;
      case "triggered":
        return s.tx ? { trigger: "Trigger", report: true } : undefined;
      case "chargingRateChanged":
        return s.tx ? { trigger: "ChargingRateChanged", report: true } : undefined;
      case "reset":
        // An Immediate reset ends every transaction (Part 2 §B12); the charger loses power.
        Object.assign(s, { authorized: false, powerPathClosed: false, energyTransfer: false });
        if (s.tx) s.tx.stopReason = "ImmediateReset";
        return { trigger: "ResetCommand", reason: "ImmediateReset", report: true, end: true };
    }
  }

  // Ending the authorization stops the energy (the charger opens its contactor) whatever the
  // stop points; whether the transaction ends too is theirs to say.
  private deauthorize(trigger: TriggerReasonEnumType, reason: ReasonEnumType): Effect | undefined {
    const s = this.state;
    if (!s.authorized) return undefined;
    Object.assign(s, {
      authorized: false,
      powerPathClosed: false,
      energyTransfer: false,
      idToken: undefined,
    });
    s.pendingRemoteStartId = undefined;
    if (s.evConnected) s.chargingState = "EVConnected";
    if (s.tx) s.tx.stopReason ??= reason;
    return { trigger, reason, report: true };
  }

  private decide(effect: Effect, ctx: TxContext): TransactionEventRequest[] {
    const s = this.state;
    const { startPoints, stopPoints } = ctx.settings;
    if (!s.tx) {
      // A new transaction waits until the EV has left after one ended with the EV still there.
      if (s.spent && (s.evConnected || s.parkingBayOccupied)) return [];
      s.spent = false;
      if (effect.end || !startPoints.some((p) => pointMet(this.state, p))) return [];
      return [this.start(effect.trigger, ctx)];
    }
    const tx = s.tx;
    // A stop point ends the transaction when its condition, once met, no longer holds (Part 2 §E06):
    // with TxStartPoint EVConnected and TxStopPoint Authorized, the wait for a token is no end.
    if (effect.end || stopPoints.some((p) => tx.metPoints.includes(p) && !pointMet(this.state, p))) {
      return [this.end(effect.trigger, tx.stopReason ?? effect.reason ?? "Other", ctx)];
    }
    this.noteMetPoints(ctx);
    if (!effect.report) return [];
    return this.event("Updated", effect.trigger, ctx, this.updatedMeter(effect.trigger, ctx));
  }

  private start(trigger: TriggerReasonEnumType, ctx: TxContext): TransactionEventRequest {
    const s = this.state;
    const at = isoTimestamp(ctx.now);
    const begin = meterValue(at, ctx.meter, ctx.settings.startedMeasurands, "Transaction.Begin");
    const endedBegin = meterValue(at, ctx.meter, ctx.settings.endedMeasurands, "Transaction.Begin");
    s.tx = {
      id: ctx.newTransactionId(),
      seqNo: 0,
      startedAt: ctx.now,
      tokenReported: false,
      evseReported: false,
      remoteStartId: s.pendingRemoteStartId,
      metPoints: [],
      endedReadings: endedBegin ? [endedBegin] : [],
      lastEndedSampleAt: ctx.now,
    };
    s.pendingRemoteStartId = undefined;
    this.noteMetPoints(ctx);
    return this.event("Started", trigger, ctx, begin)[0]!;
  }

  private noteMetPoints(ctx: TxContext): void {
    const tx = this.state.tx!;
    for (const p of ctx.settings.stopPoints)
      if (!tx.metPoints.includes(p) && pointMet(this.state, p)) tx.metPoints.push(p);
  }

  private end(
    trigger: TriggerReasonEnumType,
    reason: ReasonEnumType,
    ctx: TxContext,
  ): TransactionEventRequest {
    const s = this.state;
    const tx = s.tx!;
    const at = isoTimestamp(ctx.now);
    const last = meterValue(at, ctx.meter, ctx.settings.endedMeasurands, "Transaction.End");
    const readings = last ? [...tx.endedReadings, last] : tx.endedReadings;
    const event = this.event("Ended", trigger, ctx, undefined, reason)[0]!;
    if (readings.length > 0) event.meterValue = readings;
    s.tx = undefined;
    // The authorization belongs to the transaction it started; the EV still there is "spent".
    Object.assign(s, {
      authorized: false,
      idToken: undefined,
      powerPathClosed: false,
      energyTransfer: false,
    });
    s.spent = s.evConnected || s.parkingBayOccupied;
    return event;
  }

  private updatedMeter(trigger: TriggerReasonEnumType, ctx: TxContext): MeterValueType | undefined {
    const tx = this.state.tx!;
    const at = isoTimestamp(ctx.now);
    if (trigger === "MeterValuePeriodic") {
      const interval = ctx.settings.endedIntervalSec * 1000;
      if (interval > 0 && ctx.now - tx.lastEndedSampleAt >= interval) {
        const sample = meterValue(at, ctx.meter, ctx.settings.endedMeasurands, "Sample.Periodic");
        if (sample) tx.endedReadings.push(sample);
        tx.lastEndedSampleAt = ctx.now;
      }
      return meterValue(at, ctx.meter, ctx.settings.updatedMeasurands, "Sample.Periodic");
    }
    if (trigger === "Trigger") return meterValue(at, ctx.meter, ctx.settings.updatedMeasurands, "Trigger");
    return undefined;
  }

  private event(
    eventType: TransactionEventEnumType,
    triggerReason: TriggerReasonEnumType,
    ctx: TxContext,
    meter: MeterValueType | undefined,
    stoppedReason?: ReasonEnumType,
  ): TransactionEventRequest[] {
    const s = this.state;
    const tx = s.tx!;
    const event: TransactionEventRequest = {
      eventType,
      timestamp: isoTimestamp(ctx.now),
      triggerReason,
      seqNo: tx.seqNo++,
      transactionInfo: { transactionId: tx.id },
    };
    // chargingState "is required when state has changed" (TransactionType); Started always has it.
    if (tx.reportedState !== s.chargingState) {
      event.transactionInfo.chargingState = s.chargingState;
      tx.reportedState = s.chargingState;
    }
    if (stoppedReason) event.transactionInfo.stoppedReason = stoppedReason;
    if (tx.remoteStartId !== undefined && !tx.remoteStartReported) {
      event.transactionInfo.remoteStartId = tx.remoteStartId;
      tx.remoteStartReported = true;
    }
    if (ctx.offline) event.offline = true;
    // The evse goes in the first event of the transaction once it is known (EVSE 0: a token
    // accepted before the cable, §E03), the idToken in the first after the authorization (Part 2
    // §E01/§E03); neither is repeated.
    if (!tx.evseReported && this.evseId > 0) {
      event.evse = { id: this.evseId, connectorId: this.connectorId };
      tx.evseReported = true;
    }
    if (s.idToken && !tx.tokenReported) {
      event.idToken = s.idToken;
      tx.tokenReported = true;
    }
    if (meter) event.meterValue = [meter];
    return [event];
  }
}
