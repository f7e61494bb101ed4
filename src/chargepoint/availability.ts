// ChangeAvailability (OCPP 1.6 §5.2): Operative and Inoperative for one connector or, with
// connector 0, the charge point and all its connectors. A change asked for while a transaction
// runs is answered Scheduled and applied when that transaction stops.
import type { Availability, AvailabilityChangeResult } from "../ocpp/neutral-commands.ts";
import type { ChargePoint } from "./charge-point.ts";
import type { Connector } from "./connector.ts";
import type { Decision } from "./remote-commands.ts";

/**
 * An Inoperative charge point makes every connector so, whatever the connector's own setting;
 * so does a firmware installation (see firmware.ts).
 */
export function isInoperative(cp: ChargePoint, c: Connector): boolean {
  return c.availability === "Inoperative" || cp.availability === "Inoperative" || cp.firmware.holdsConnectors;
}

/** The status of a connector with no transaction and no fault. */
export function idleStatus(
  cp: ChargePoint,
  c: Connector,
): "Unavailable" | "Reserved" | "Preparing" | "Available" {
  if (isInoperative(cp, c)) return "Unavailable";
  if (cp.reservations.on(c.id)) return "Reserved";
  return c.plugged ? "Preparing" : "Available";
}

interface Target {
  availability: Availability;
  scheduledAvailability: Availability | undefined;
}

/** Records the wish on one target: "same" (already so), "now" (changed) or "later" (scheduled). */
function request(t: Target, wanted: Availability, busy: boolean): "same" | "now" | "later" {
  if (t.availability === wanted) {
    // Asking for the current state is Accepted and cancels an opposite change still waiting.
    t.scheduledAvailability = undefined;
    return "same";
  }
  if (busy) {
    t.scheduledAvailability = wanted;
    return "later";
  }
  t.availability = wanted;
  t.scheduledAvailability = undefined;
  return "now";
}

export function changeAvailability(
  cp: ChargePoint,
  connectorId: number,
  wanted: Availability,
): Decision<AvailabilityChangeResult> {
  if (connectorId < 0 || connectorId > cp.connectors.length) return { answer: "Rejected" };
  const targets = connectorId === 0 ? cp.connectors : [cp.connector(connectorId)];
  const changed: number[] = [];
  let scheduled = false;
  if (connectorId === 0) {
    const busy = cp.connectors.some((c) => c.transaction);
    const r = request(cp, wanted, busy);
    if (r === "now") changed.push(0);
    scheduled ||= r === "later";
  }
  for (const c of targets) {
    const r = request(c, wanted, c.transaction !== undefined);
    if (r === "now") changed.push(c.id);
    scheduled ||= r === "later";
  }
  const answer = scheduled ? "Scheduled" : "Accepted";
  if (changed.length === 0) return { answer };
  return {
    answer,
    followUp: async () => {
      for (const id of changed) await reportAvailability(cp, id);
    },
  };
}

/** The status that tells the central system a connector's (or, for 0, the charge point's) availability. */
async function reportAvailability(cp: ChargePoint, connectorId: number): Promise<void> {
  if (connectorId === 0) {
    await cp.setStatus(0, cp.availability === "Inoperative" ? "Unavailable" : "Available");
    return;
  }
  const c = cp.connector(connectorId);
  // A fault outranks availability; clearing it reports Unavailable if the connector is Inoperative.
  // A transaction started meanwhile reports its own statuses.
  if (c.status === "Faulted" || c.transaction) return;
  const status = idleStatus(cp, c);
  if (c.status !== status) await cp.setStatus(connectorId, status);
}

/**
 * Applies what was Scheduled once a transaction on `connectorId` has ended: the connector's own
 * change at once (the caller reports its status), the charge point's when no transaction is left.
 */
export function applyScheduled(cp: ChargePoint, connectorId: number): void {
  const c = cp.connector(connectorId);
  if (c.scheduledAvailability) {
    c.availability = c.scheduledAvailability;
    c.scheduledAvailability = undefined;
  }
}

/** Applies a Scheduled change of the whole charge point once its last transaction has ended. */
export async function applyScheduledStation(cp: ChargePoint): Promise<void> {
  if (!cp.scheduledAvailability || cp.connectors.some((c) => c.transaction)) return;
  cp.availability = cp.scheduledAvailability;
  cp.scheduledAvailability = undefined;
  await reportAvailability(cp, 0);
}
