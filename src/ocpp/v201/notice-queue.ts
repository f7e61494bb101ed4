// The messages a 2.0.1 station holds until the CSMS has them, beside the transaction events the
// model queues (src/chargepoint/offline-queue.ts). Security events are always held: Part 2
// A04.FR.02 asks for their guaranteed delivery while disconnected. With OCPPCommCtrlr.
// QueueAllMessages true the station holds the other messages it volunteers too: NotifyEvent,
// ReservationStatusUpdate, FirmwareStatusNotification, LogStatusNotification and MeterValues
// outside transactions. One queue for all of them, per station, in the order they were made.
//
// Why not the model's transaction queue: it retries a CALLERROR (TransactionMessageAttempts) and
// hands answers back to the transaction machine; these messages have no answer the station acts
// on, and a CALLERROR is a delivery (the CSMS has seen it).
import type { RpcCaller } from "../caller.ts";
import { outcomeOf } from "../observe.ts";
import type { StationInitiated201 } from "./actions.ts";
import type { Station201 } from "./station.ts";

/** What a station may hold for a later connection. */
export type NoticeAction =
  | "SecurityEventNotification"
  | "NotifyEvent"
  | "ReservationStatusUpdate"
  | "FirmwareStatusNotification"
  | "LogStatusNotification"
  | "MeterValues";

/** A held message: an action with its request, as the typed action map pairs them. */
export type Notice = {
  [A in keyof Pick<StationInitiated201, NoticeAction>]: {
    readonly action: A;
    readonly req: StationInitiated201[A][0];
  };
}[NoticeAction];

/** Where a problem is told: the charge point's commands, shared with its handlers. */
export interface ProblemSink {
  problem(message: string): void;
}

/**
 * Messages held at most, per station: a fleet offline for long must not grow without bound (a
 * held MeterValues of four measurands is about 0.7 kB, so a full queue about 70 kB). Beyond it
 * the oldest message that is no security event makes room (those are owed at least once).
 */
export const NOTICE_CAPACITY = 100;

/** Holds a message behind the ones held before it; the queue is made on first use. */
export function holdNotice(st: Station201, notice: Notice, to: ProblemSink): void {
  st.notices ??= [];
  if (st.notices.length >= NOTICE_CAPACITY) {
    const i = st.notices.findIndex((m) => m.action !== "SecurityEventNotification");
    const [dropped] = st.notices.splice(Math.max(i, 0), 1);
    // Told once while the queue stays full, not once a message: an outage would flood the log.
    if (!st.noticesDropped)
      to.problem(
        `${NOTICE_CAPACITY} messages are held for the CSMS already; the oldest ${dropped!.action} is dropped, and so are the oldest ones while it stays full`,
      );
    st.noticesDropped = (st.noticesDropped ?? 0) + 1;
  }
  st.notices.push(notice);
}

/**
 * Sends the station's held messages, oldest first. True once none is left; false when this
 * connection cannot take them: a message whose call went unanswered (no answer in time, the link
 * dropped) stays first for the next connection (at least once), and the caller stops putting it in
 * front of its messages on this one, where each try would cost a full call timeout. An answer, even
 * a CALLERROR, is a delivery: the CSMS has seen it (a CALLERROR is reported). A message our side
 * refuses to send (its payload breaks the schema) never will be: it is reported and dropped.
 */
export async function deliverNotices(st: Station201, rpc: RpcCaller, to: ProblemSink): Promise<boolean> {
  // A delivery begun on an earlier connection ends with it; this one then starts its own.
  for (let running = st.noticeDelivery; running; running = st.noticeDelivery) {
    const delivered = await running.done;
    // One held as that delivery was ending is sent by a new one.
    if (running.rpc === rpc && (!delivered || !st.notices)) return delivered;
  }
  if (!st.notices) return true;
  const done = sendAll(st, rpc, to).finally(() => {
    st.noticeDelivery = undefined;
  });
  st.noticeDelivery = { rpc, done };
  return done;
}

async function sendAll(st: Station201, rpc: RpcCaller, to: ProblemSink) {
  for (let next = st.notices?.[0]; next; next = st.notices?.[0]) {
    try {
      await rpc.call(next.action, next.req);
    } catch (err) {
      const { outcome, answered } = outcomeOf(err);
      // The drop itself is reported by the reconnection.
      if (outcome === "connectionLost") return false;
      if (outcome === "timeout") {
        to.problem(`${(err as Error).message}; it is sent again later`);
        return false;
      }
      if (!answered) to.problem(`${(err as Error).message}; the ${next.action} is dropped`);
      else if (next.action !== "SecurityEventNotification") to.problem((err as Error).message);
    }
    // By identity: a full queue may have dropped it meanwhile (hold).
    const i = st.notices?.indexOf(next) ?? -1;
    if (i >= 0) st.notices!.splice(i, 1);
    // An empty queue costs nothing: most stations of a fleet never hold anything.
    if (st.notices?.length === 0) {
      st.notices = undefined;
      if (st.noticesDropped)
        to.problem(`${st.noticesDropped} held messages were dropped while the queue was full`);
      st.noticesDropped = undefined;
    }
  }
  return true;
}
