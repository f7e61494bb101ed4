// 2.0.1 transactions wider than the model's session (src/ocpp/mapping.ts, header): with
// TxStartPoint EVConnected or ParkingBayOccupancy the station's transaction starts when the EV
// arrives, before the model's (which starts authorised with the cable in); with TxStopPoints the
// model's stop does not meet (EVConnected or ParkingBayOccupancy alone) it ends when the EV
// leaves, after the model's. Outside a model transaction, the 2.0.1 one lives on a
// LocalTransaction of its own (its `mapped` holds the machine's state), and its events go through
// the model's ordered queue like any other.
//
// A reset of the EVSE or the station ends such a transaction as it ends the model's.
//
// With TxStartPoint Authorized, a token accepted before the cable is in opens the transaction
// (Part 2 §E03, IdToken first): at the EVSE the driver named, or under 0 while the station does not
// know which; the cable's EVSE takes it over, and with no cable within EVConnectionTimeOut it ends.
//
// The simulated EV occupies the parking bay when it plugs in and leaves it when it unplugs: the
// model has no bay sensor, so ParkingBayOccupancy is met exactly when EVConnected is.
import { randomUUID } from "node:crypto";
import type {
  EvseAddress,
  HeldTransactions,
  IdToken,
  LocalTransaction,
  SessionFact,
  TxEvent,
  TxTrigger,
} from "../../mapping.ts";
import type { TxPoint } from "../device-model/definitions.ts";
import type { DeviceModel } from "../device-model/model.ts";
import { txSettingsOf } from "./settings.ts";

/**
 * Per EVSE, the transactions a 2.0.1 station has outside the model's: `arrived` is taken over by
 * the model's next transaction there. The model holds them (HeldTransactions), so they survive a
 * restart with --state-dir.
 */
export type OutsideTransactions = HeldTransactions;

const ARRIVAL_POINTS: readonly TxPoint[] = ["EVConnected", "ParkingBayOccupancy"];
const isArrivalPoint = (p: TxPoint) => ARRIVAL_POINTS.includes(p);

/**
 * The event a session fact makes outside the model's transactions: an arrival opens a 2.0.1
 * transaction when a start point says so; a departure ends the one opened so, or the one the
 * model's stop left open. Undefined when there is nothing to report.
 */
export function outsideEvent(
  fact: SessionFact,
  at: EvseAddress,
  tx: LocalTransaction | undefined,
  now: number,
  { dm, outside }: { dm: DeviceModel; outside: OutsideTransactions },
  token?: IdToken,
): TxEvent | undefined {
  const { startPoints, stopPoints } = txSettingsOf(dm);
  const parking = startPoints.includes("ParkingBayOccupancy") || stopPoints.includes("ParkingBayOccupancy");
  switch (fact) {
    case "Authorized": {
      if (tx || !token || outside.arrived.has(at.evse) || !startPoints.includes("Authorized"))
        return undefined;
      const opened = newTransaction(now, token);
      outside.arrived.set(at.evse, opened);
      return happened(opened, at, "Authorized", now);
    }
    case "ConnectionTimeout": {
      const waiting = outside.arrived.get(at.evse);
      if (tx || !waiting) return undefined;
      outside.arrived.delete(at.evse);
      return happened(waiting, at, "EVConnectTimeout", now);
    }
    case "EVConnected": {
      if (tx) return undefined;
      // The token came first: the cable tells which EVSE the driver stands at.
      const authorized = outside.arrived.get(at.evse) ?? outside.arrived.get(0);
      if (authorized?.idTag) {
        outside.arrived.delete(0);
        outside.arrived.set(at.evse, authorized);
        return happened(authorized, at, parking ? "EVDetected" : "CablePluggedIn", now);
      }
      if (authorized || !startPoints.some(isArrivalPoint)) return undefined;
      const opened = newTransaction(now);
      outside.arrived.set(at.evse, opened);
      return happened(opened, at, parking ? "EVDetected" : "CablePluggedIn", now);
    }
    case "EnergyStopped":
      // Only stop points met by the EV alone can outlast the model's stop.
      if (tx && stopPoints.length > 0 && stopPoints.every((p) => isArrivalPoint(p) || p === "DataSigned"))
        outside.ended.set(at.evse, tx);
      return undefined;
    case "EVDisconnected":
    case "Reset": {
      if (tx) return undefined;
      const left = outside.arrived.get(at.evse) ?? outside.ended.get(at.evse);
      outside.arrived.delete(at.evse);
      outside.ended.delete(at.evse);
      // A reset ends every transaction (Part 2 §B11/§B12), the ones outside the model's too.
      const trigger = fact === "Reset" ? "ResetCommand" : parking ? "EVDeparted" : "EVCommunicationLost";
      return left && happened(left, at, trigger, now);
    }
    default:
      return undefined;
  }
}

function newTransaction(now: number, token?: IdToken): LocalTransaction {
  return {
    localId: randomUUID(),
    id: undefined,
    idTag: token?.value ?? "",
    tokenType: token?.type,
    meterStartWh: 0,
    startedAt: now,
  };
}

/**
 * An authorization, arrival, departure or reset: an update fed to the machine by its trigger (from-model.ts),
 * stamped with the moment it happened by a reading without values.
 */
function happened(tx: LocalTransaction, at: EvseAddress, trigger: TxTrigger, now: number): TxEvent {
  return { kind: "updated", tx, at, trigger, readings: [{ timestamp: now, values: [] }] };
}

/**
 * The machine state a model transaction `tx` starts from, taken over once: the transaction its
 * EV's arrival opened, or the one a previous session left open while the EV stayed (`isOpen`
 * says whether it still is: a new token then goes on in it); none otherwise.
 */
export function takeOver(
  tx: LocalTransaction,
  at: EvseAddress,
  outside: OutsideTransactions,
  isOpen: (prior: LocalTransaction) => boolean,
): unknown {
  // A token accepted at the station, its EVSE not known, goes on where its driver starts.
  const atStation = outside.arrived.get(0);
  const key = outside.arrived.has(at.evse) || atStation?.idTag !== tx.idTag ? at.evse : 0;
  const arrived = outside.arrived.get(key);
  if (arrived && arrived !== tx) {
    outside.arrived.delete(key);
    return arrived.mapped;
  }
  const ended = outside.ended.get(at.evse);
  if (!ended || ended === tx || !isOpen(ended)) return undefined;
  outside.ended.delete(at.evse);
  return ended.mapped;
}
