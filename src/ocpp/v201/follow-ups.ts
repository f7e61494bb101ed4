// The messages that follow a CSMS command's answer (NotifyReport parts, ReportChargingProfiles),
// sent in order on the station's current connection.
import type { Station201 } from "./station.ts";

export interface FollowUp {
  action: string;
  payload: unknown;
}

/**
 * Sends the messages after the answer: the transport sends the answer once the handler returns
 * (after its microtasks), so they go on the next turn of the event loop.
 */
export function afterAnswer(st: Station201, messages: readonly FollowUp[]): void {
  if (messages.length > 0) setImmediate(() => void sendInOrder(st, messages));
}

async function sendInOrder(st: Station201, messages: readonly FollowUp[]) {
  for (const m of messages) {
    const caller = st.caller;
    if (!caller) return;
    // A report the CSMS refuses or that times out is not the station's failure to handle.
    await caller.call(m.action, m.payload).catch(() => undefined);
  }
}
