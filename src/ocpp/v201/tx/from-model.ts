// The model's transaction events (src/ocpp/mapping.ts TxEvent) as 2.0.1 TransactionEvent
// requests: each event is fed to the EVSE's transaction machine (machine.ts) as the happenings it
// stands for, and the machine numbers, stamps and decides. The machine's state is the
// transaction's `mapped` field, so it outlives a connection and is saved with --state-dir.

import type { EvseAddress, LocalTransaction, TxEvent, TxTrigger } from "../../mapping.ts";
import type { StopReason } from "../../neutral.ts";
import type { DeviceModel } from "../device-model/model.ts";
import type {
  IdTokenType,
  ReasonEnumType,
  TransactionEventRequest,
  TriggerReasonEnumType,
} from "../types.ts";
import { EvseTransactions } from "./machine.ts";
import type { MeterSnapshot } from "./meter.ts";
import { type OutsideTransactions, takeOver } from "./outside.ts";
import { txSettingsOf } from "./settings.ts";
import { type EvseTxState, type Happening, initialTxState } from "./state.ts";

/** What `LocalTransaction.mapped` holds for 2.0.1. */
interface Mapped201 {
  evse: EvseTxState;
}

// How the model's stop reasons end a 2.0.1 transaction: the happening that ends it and the
// stoppedReason it is reported with (2.0.1 has no Soft/Hard reset, only ImmediateReset).
const ENDINGS: Readonly<Record<StopReason, { happening: Happening; reason: ReasonEnumType }>> = {
  DeAuthorized: { happening: { kind: "deauthorized" }, reason: "DeAuthorized" },
  EmergencyStop: { happening: { kind: "reset" }, reason: "EmergencyStop" },
  EVDisconnected: { happening: { kind: "cableUnplugged" }, reason: "EVDisconnected" },
  HardReset: { happening: { kind: "reset" }, reason: "ImmediateReset" },
  Local: { happening: { kind: "stopAuthorized" }, reason: "Local" },
  Other: { happening: { kind: "reset" }, reason: "Other" },
  PowerLoss: { happening: { kind: "reset" }, reason: "PowerLoss" },
  Reboot: { happening: { kind: "reset" }, reason: "Reboot" },
  Remote: { happening: { kind: "remoteStop" }, reason: "Remote" },
  SoftReset: { happening: { kind: "reset" }, reason: "ImmediateReset" },
  UnlockCommand: { happening: { kind: "reset" }, reason: "Other" },
};

/** The stoppedReason a model's stop reason is reported with (the interactive menu shows it too). */
export function stoppedReasonOf(reason: StopReason): ReasonEnumType {
  return ENDINGS[reason].reason;
}

// The trigger of an end forced by `reset` when the reason is not a reset.
const FORCED_TRIGGER: Readonly<Partial<Record<StopReason, TriggerReasonEnumType>>> = {
  EmergencyStop: "AbnormalCondition",
  Other: "AbnormalCondition",
  PowerLoss: "AbnormalCondition",
  UnlockCommand: "UnlockCommand",
};

function stateOf(tx: LocalTransaction, at: EvseAddress, outside: OutsideTransactions): EvseTxState {
  // A transaction the EV's arrival opened (TxStartPoint EVConnected), or one the last session left
  // open while the EV stayed (TxStopPoint EVConnected), becomes the model's.
  tx.mapped ??= takeOver(tx, at, outside, (prior) => transactionIdOf(prior) !== undefined);
  const mapped = tx.mapped as Mapped201 | undefined;
  if (mapped?.evse) return mapped.evse;
  const evse = initialTxState();
  tx.mapped = { evse } satisfies Mapped201;
  return evse;
}

/** The 2.0.1 transaction id of a model transaction once its events were built, if it has one. */
export function transactionIdOf(tx: LocalTransaction): string | undefined {
  return (tx.mapped as Mapped201 | undefined)?.evse?.tx?.id;
}

/**
 * The requests a first attempt built of an event (TxEvent.built), sent again as they were;
 * undefined before that attempt. Read back from a state file they are plain objects: checked here
 * for what the mapping reads of them, and by the transport against the schema before they go out.
 */
export function builtRequests(ev: TxEvent): TransactionEventRequest[] | undefined {
  const { built } = ev;
  if (built === undefined || built.every(isTransactionEventRequest)) return built;
  throw new Error("the TransactionEvent saved to be sent again is malformed");
}

export function isTransactionEventRequest(r: object): r is TransactionEventRequest {
  if (!("seqNo" in r && "eventType" in r && "transactionInfo" in r)) return false;
  const info = r.transactionInfo;
  return (
    Number.isInteger(r.seqNo) &&
    typeof r.eventType === "string" &&
    typeof info === "object" &&
    info !== null &&
    "transactionId" in info &&
    typeof info.transactionId === "string"
  );
}

// The happenings of the EV's arrival and departure and of a reset (outside.ts): with a parking
// bay in the transaction points, the EV is in the bay before the cable goes in and after it comes out.
const OUTSIDE_HAPPENINGS: Readonly<Partial<Record<TxTrigger, Happening[]>>> = {
  CablePluggedIn: [{ kind: "cablePlugged" }],
  EVDetected: [{ kind: "parkingBayOccupied" }, { kind: "cablePlugged" }],
  EVCommunicationLost: [{ kind: "cableUnplugged" }],
  EVDeparted: [{ kind: "cableUnplugged" }, { kind: "parkingBayVacated" }],
  ResetCommand: [{ kind: "reset" }],
  EVConnectTimeout: [{ kind: "connectionTimeout" }],
};

// The model's stops that the station's stop points may outlast while the EV stays (TxStopPoint
// EVConnected alone): the driver or the CSMS ended the authorisation, not the session.
const AUTHORISATION_ENDS: ReadonlySet<StopReason> = new Set(["Local", "Remote", "DeAuthorized"]);

const ENERGY = "Energy.Active.Import.Register";

function snapshotOf(ev: TxEvent): MeterSnapshot {
  if (ev.kind === "started") return { [ENERGY]: ev.tx.meterStartWh };
  if (ev.kind === "ended") return { [ENERGY]: ev.meterStopWh };
  const out: Record<string, number> = {};
  for (const v of ev.readings[0]?.values ?? []) out[v.measurand ?? ENERGY] = Number(v.value);
  return out;
}

function tokenOf(tx: LocalTransaction): IdTokenType {
  return { idToken: tx.idTag, type: tx.tokenType ?? "ISO14443" };
}

function timeOf(ev: TxEvent, fallback: number): number {
  return ev.kind === "updated" ? (ev.readings[0]?.timestamp ?? fallback) : ev.timestamp;
}

/**
 * The TransactionEvent requests one model event becomes, in order (none when the machine has
 * nothing to say, e.g. a charging state already reported). `remoteStartId` is the accepted
 * RequestStartTransaction this transaction answers, if any.
 */
export function transactionEventsOf(
  ev: TxEvent,
  dm: DeviceModel,
  opts: { now: number; offline: boolean; remoteStartId?: number; outside: OutsideTransactions },
): TransactionEventRequest[] {
  const m = new EvseTransactions(ev.at.evse, ev.at.connector || 1, stateOf(ev.tx, ev.at, opts.outside));
  const ctx = {
    now: timeOf(ev, opts.now),
    meter: snapshotOf(ev),
    settings: txSettingsOf(dm),
    offline: opts.offline,
    // The model's own id is a UUID (36 characters), as 2.0.1's station-made transactionId must be.
    newTransactionId: () => ev.tx.localId,
  };
  switch (ev.kind) {
    case "started": {
      const idToken = tokenOf(ev.tx);
      // The model starts its transaction plugged in and authorised with the power path closed:
      // the machine hears those facts in order and opens its own transaction at its TxStartPoint.
      const events = m.state.evConnected ? [] : m.on({ kind: "cablePlugged" }, ctx);
      // The token that opened the transaction before the cable (TxStartPoint Authorized) starts
      // the model's too: it was reported already.
      const authorizedFirst =
        opts.remoteStartId === undefined &&
        m.state.authorized &&
        m.state.idToken?.idToken === idToken.idToken;
      events.push(
        ...(authorizedFirst
          ? []
          : m.on(
              opts.remoteStartId === undefined
                ? { kind: "authorized", idToken }
                : { kind: "remoteStart", idToken, remoteStartId: opts.remoteStartId },
              ctx,
            )),
        ...m.on(
          { kind: "powerPathClosed", trigger: opts.remoteStartId === undefined ? ev.trigger : "RemoteStart" },
          ctx,
        ),
      );
      if (ev.reservationId !== undefined && events[0]) events[0].reservationId = ev.reservationId;
      return events;
    }
    case "updated": {
      const happenings = OUTSIDE_HAPPENINGS[ev.trigger];
      if (happenings) return happenings.flatMap((h) => m.on(h, ctx));
      if (ev.trigger === "Authorized") return m.on({ kind: "authorized", idToken: tokenOf(ev.tx) }, ctx);
      if (ev.trigger === "ChargingStateChanged") return m.on({ kind: "energyTransferStarted" }, ctx);
      if (ev.trigger === "ChargingRateChanged") return m.on({ kind: "chargingRateChanged" }, ctx);
      // An invalid token's MaxEnergyOnInvalidId delivered (E05.FR.03): SuspendedEVSE, and why.
      if (ev.trigger === "EnergyLimitReached")
        return m.on({ kind: "suspendedEVSE", trigger: "EnergyLimitReached" }, ctx);
      return m.on({ kind: ev.trigger === "Trigger" ? "triggered" : "meterSampleDue" }, ctx);
    }
    case "ended": {
      const ending = ENDINGS[ev.reason];
      const events = m.on(ending.happening, ctx);
      // The EV is still there and the stop points wait for it to leave: the departure ends it.
      const outlasts = AUTHORISATION_ENDS.has(ev.reason) && m.state.evConnected;
      if (!events.some((e) => e.eventType === "Ended") && m.state.tx && !outlasts) {
        // The stop points did not end it (or the reason has no happening of its own), but the
        // model's transaction is over: so is the reported one.
        events.push(...m.on({ kind: "reset" }, ctx));
        const last = events.at(-1);
        if (last && ending.happening.kind !== "reset") last.triggerReason = "AbnormalCondition";
      }
      const last = events.at(-1);
      if (last?.eventType === "Ended") {
        // Ended now, after all: no longer held for the EV's departure (EnergyStopped held it).
        opts.outside.ended.delete(ev.at.evse);
        last.transactionInfo.stoppedReason = ending.reason;
        const forced = FORCED_TRIGGER[ev.reason];
        if (forced) last.triggerReason = forced;
      }
      return events;
    }
  }
}
