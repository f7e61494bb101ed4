// What a spec-abiding OCPP charge point does when its central system asks it to start or stop
// a transaction, reset, unlock a connector or send a message. Each command decides its answer at
// once from the charge point's state; what follows from it runs after the answer has gone out.

import type { IdTokenType } from "../ocpp/mapping.ts";
import type { TransactionId } from "../ocpp/neutral.ts";
import type { TriggerResult, UnlockResult } from "../ocpp/neutral-commands.ts";
import type { ChargingProfile } from "../ocpp/neutral-smart-charging.ts";
import { isInoperative } from "./availability.ts";
import type { ChargePoint } from "./charge-point.ts";
import type { Connector } from "./connector.ts";
import { Setting } from "./settings.ts";

export interface Decision<A extends string> {
  answer: A;
  /** The messages that follow the answer (sent after it, never before). */
  followUp?: () => Promise<unknown>;
}

// Between an accepted command and the messages that carry it out the state has not changed yet;
// these remember the promise so a second command in that window is not accepted twice.
const starting = new WeakSet<Connector>();
const stopping = new WeakSet<Connector>();

/** Whether a remote start could begin on the connector now (OCPP 1.6 §5.11). */
export function canStart(cp: ChargePoint, c: Connector, idTag: string): boolean {
  if (c.transaction || starting.has(c)) return false;
  if (isInoperative(cp, c)) return false;
  // Finishing, Faulted and Unavailable connectors are not ready for a new user; a reserved one
  // is, for the reservation's idTag (OCPP 1.6 §5.13).
  if (c.status !== "Available" && c.status !== "Preparing" && c.status !== "Reserved") return false;
  return cp.reservations.mayStart(c, idTag);
}

export function remoteStart(
  cp: ChargePoint,
  idTag: string,
  connectorId?: number,
  chargingProfile?: ChargingProfile,
  tokenType?: IdTokenType,
): Decision<"Accepted" | "Rejected"> {
  // Without a connector, the one reserved for this idTag comes first.
  const candidates = [cp.reservations.reservedFor(idTag), ...cp.connectors];
  const c =
    connectorId === undefined
      ? candidates.find((k) => k && canStart(cp, k, idTag))
      : cp.connectors[connectorId - 1];
  if (!c || !canStart(cp, c, idTag)) return { answer: "Rejected" };
  // A profile that SetChargingProfile would refuse refuses the start.
  if (chargingProfile && cp.charging.remoteStartProblem(chargingProfile, c.id)) return { answer: "Rejected" };
  starting.add(c);
  return {
    answer: "Accepted",
    followUp: () =>
      runRemoteStart(cp, c, idTag, chargingProfile, tokenType).finally(() => starting.delete(c)),
  };
}

async function runRemoteStart(
  cp: ChargePoint,
  c: Connector,
  idTag: string,
  chargingProfile: ChargingProfile | undefined,
  tokenType: IdTokenType | undefined,
): Promise<void> {
  const wasPlugged = c.plugged;
  // The simulated driver plugs in at once; a real one has ConnectionTimeOut seconds to do so.
  if (!wasPlugged) await cp.plugIn(c.id);
  let parentIdTag: string | null | undefined;
  if (cp.config.bool(Setting.authorizeRemoteTxRequests)) {
    const info = await cp.authorize(idTag, tokenType);
    if (info.status !== "Accepted") {
      // No transaction for a refused idTag; the cable the simulation plugged in comes out again.
      if (!wasPlugged) await cp.unplug(c.id);
      return;
    }
    parentIdTag = info.parentIdTag ?? null;
  }
  // A reservation for another parent may still hold the connector, which only the Authorize
  // answer could tell: then no transaction starts, and the cable the simulation plugged comes out.
  if (!cp.reservations.mayStart(c, idTag, parentIdTag)) {
    if (!wasPlugged) await cp.unplug(c.id);
    return;
  }
  await cp.startTransaction(c.id, idTag, { chargingProfile, parentIdTag, tokenType });
}

export function remoteStop(cp: ChargePoint, transactionId: TransactionId): Decision<"Accepted" | "Rejected"> {
  const c = cp.connectors.find(
    (k) => k.transaction?.id !== undefined && String(k.transaction.id) === String(transactionId),
  );
  if (!c) return { answer: "Rejected" };
  // Already being stopped: the answer is the same, the StopTransaction is not sent twice.
  if (stopping.has(c)) return { answer: "Accepted" };
  stopping.add(c);
  return {
    answer: "Accepted",
    followUp: () => cp.stopTransaction(c.id, "Remote").finally(() => stopping.delete(c)),
  };
}

export async function unlockConnector(cp: ChargePoint, connectorId: number): Promise<UnlockResult> {
  const c = cp.connectors[connectorId - 1];
  // 1.6 has no "unknown connector" answer; NotSupported ("no connector lock") is the truthful one.
  if (!c) return "NotSupported";
  // The transaction ends before the lock opens (OCPP 1.6 §5.18), so the answer waits for it.
  if (c.transaction && !stopping.has(c)) {
    stopping.add(c);
    try {
      await cp.stopTransaction(c.id, "UnlockCommand");
    } finally {
      stopping.delete(c);
    }
  }
  return "Unlocked";
}

/** TriggerMessage (OCPP 1.6 §5.17): the requested message, sent after the answer. */
export function trigger(cp: ChargePoint, message: string, connectorId?: number): Decision<TriggerResult> {
  if (connectorId !== undefined && (connectorId < 0 || connectorId > cp.connectors.length)) {
    return { answer: "Rejected" };
  }
  const accepted = (followUp: () => Promise<unknown>): Decision<TriggerResult> => ({
    answer: "Accepted",
    followUp,
  });
  switch (message) {
    case "BootNotification":
      // A triggered boot is one BootNotification; the statuses are asked for separately.
      return accepted(() => cp.boot({ maxAttempts: 1, statuses: false, reason: "Triggered" }));
    case "Heartbeat":
      return accepted(() => cp.heartbeat());
    case "MeterValues":
      // The simulated meters belong to the connectors; there is no main meter for connector 0.
      if (connectorId === 0) return { answer: "Rejected" };
      return accepted(async () => {
        for (const c of cp.connectors) {
          if (connectorId === undefined || c.id === connectorId) await cp.sendMeterValues(c.id, "Trigger");
        }
      });
    case "StatusNotification":
      if (connectorId === undefined) return accepted(() => cp.reportAllStatuses());
      if (connectorId === 0) return accepted(() => cp.setStatus(0, cp.status));
      return accepted(() => {
        const c = cp.connector(connectorId);
        return cp.setStatus(connectorId, c.status, c.errorCode);
      });
    // The status of an upload or update in progress, or Idle: the spec sends Idle only in
    // answer to a trigger.
    case "DiagnosticsStatusNotification":
      return accepted(() => cp.logStatus(cp.diagnostics.status));
    case "FirmwareStatusNotification":
      return accepted(() => cp.firmwareStatus(cp.firmware.status));
    default:
      return { answer: "NotImplemented" };
  }
}
