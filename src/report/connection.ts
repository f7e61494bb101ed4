import type { ChargePointEvent } from "../chargepoint/events.ts";
import { formatDuration } from "../util/duration.ts";

/** One line for a drop, a reconnection attempt or a reconnection; undefined for other events. */
export function describeConnectionEvent(e: ChargePointEvent): string | undefined {
  switch (e.type) {
    case "disconnected":
      return `the central system closed the connection (code ${e.code}${e.reason ? `, ${e.reason}` : ""})`;
    case "reconnecting":
      return `reconnecting in ${formatDuration(e.delayMs)} (attempt ${e.attempt}${e.error ? `; the last one failed: ${e.error}` : ""})`;
    case "reconnected":
      return `reconnected after ${e.attempts} attempt${e.attempts === 1 ? "" : "s"}, ${formatDuration(e.offlineMs)} offline`;
    default:
      return undefined;
  }
}
