// What a 2.0.1 station reports of itself beside the model's messages: security events
// (SecurityEventNotification, Part 2 §A04 and its appendix of security events) and the events a
// station reports without any monitor (NotifyEvent with HardWiredNotification, §N07), such as a
// connector that became Faulted. 2.0.1's StatusNotification has no errorCode: the fault's code
// travels here, as techCode.
import { isoTimestamp } from "../../util/clock.ts";
import type { RpcCaller } from "../caller.ts";
import type { BootReason, StatusChange } from "../mapping.ts";
import { outcomeOf } from "../observe.ts";
import type { Station201 } from "./station.ts";
import type { NotifyEventRequest } from "./types.ts";

// The security event each boot reason stands for (the appendix's StartupOfTheDevice, ResetOrReboot,
// FirmwareUpdated). A triggered BootNotification is no boot, and an unknown one says nothing.
const BOOT_EVENTS: Readonly<Record<BootReason, { type: string; techInfo: string } | undefined>> = {
  PowerUp: { type: "StartupOfTheDevice", techInfo: "powered up" },
  ApplicationReset: { type: "ResetOrReboot", techInfo: "application reset" },
  LocalReset: { type: "ResetOrReboot", techInfo: "local reset" },
  RemoteReset: { type: "ResetOrReboot", techInfo: "reset by the CSMS" },
  ScheduledReset: { type: "ResetOrReboot", techInfo: "scheduled reset" },
  Watchdog: { type: "ResetOrReboot", techInfo: "watchdog reboot" },
  FirmwareUpdate: { type: "FirmwareUpdated", techInfo: "rebooted into the installed firmware" },
  Triggered: undefined,
  Unknown: undefined,
};

/** The security event an accepted boot reports, if any. */
export function bootSecurityEvent(reason: BootReason): { type: string; techInfo: string } | undefined {
  return BOOT_EVENTS[reason];
}

/**
 * Sends the station's undelivered security events, oldest first. True once none is left; false
 * when this connection cannot take them: an event whose call went unanswered (no answer in time,
 * the link dropped) stays first for the next connection (A04.FR.02, at least once), and the caller
 * stops putting it in front of its messages on this one, where each try would cost a full call
 * timeout. An answer, even a CALLERROR, is a delivery: the CSMS has seen it. An event our side
 * refuses to send (its payload breaks the schema) never will be: it is reported and dropped.
 */
export async function deliverSecurityEvents(
  st: Station201,
  rpc: RpcCaller,
  report: (message: string) => void,
): Promise<boolean> {
  // A delivery begun on an earlier connection ends with it; this one then starts its own.
  for (let running = st.securityDelivery; running; running = st.securityDelivery) {
    const delivered = await running.done;
    if (running.rpc === rpc) return delivered;
  }
  if (st.securityEvents.length === 0) return true;
  const done = sendAll(st, rpc, report).finally(() => {
    st.securityDelivery = undefined;
  });
  st.securityDelivery = { rpc, done };
  return done;
}

async function sendAll(st: Station201, rpc: RpcCaller, report: (message: string) => void) {
  while (st.securityEvents.length > 0) {
    try {
      await rpc.call("SecurityEventNotification", st.securityEvents[0]);
    } catch (err) {
      const { outcome, answered } = outcomeOf(err);
      // The drop itself is reported by the reconnection.
      if (outcome === "connectionLost") return false;
      if (outcome === "timeout") {
        report(`${(err as Error).message}; it is sent again on the next connection`);
        return false;
      }
      if (!answered) report(`${(err as Error).message}; the security event is dropped`);
    }
    st.securityEvents.shift();
  }
  return true;
}

/**
 * The connector faults a station has reported and not yet cleared, with the eventId that reported
 * each, so the clearing event names its cause; and the station's event id counter. Per station,
 * kept for its life (station.ts).
 */
export interface ReportedFaults {
  readonly open: Map<number, number>;
  nextEventId: number;
}

/**
 * The NotifyEvent a status change makes: a connector that becomes Faulted reports its
 * AvailabilityState (trigger Delta, techCode the model's error code), and one that leaves Faulted
 * reports the new state with `cleared: true`. Undefined when the fault state did not change (a
 * status repeated at boot, any other change).
 */
export function faultEvent(
  c: StatusChange,
  state: string,
  faults: ReportedFaults,
): NotifyEventRequest | undefined {
  const open = faults.open.get(c.evse);
  const faulted = c.status === "Faulted";
  if (faulted === (open !== undefined)) return undefined;
  const eventId = faults.nextEventId++;
  if (faulted) faults.open.set(c.evse, eventId);
  else faults.open.delete(c.evse);
  const timestamp = isoTimestamp(c.timestamp);
  return {
    generatedAt: timestamp,
    seqNo: 0,
    eventData: [
      {
        eventId,
        timestamp,
        trigger: "Delta",
        actualValue: state,
        ...(faulted && c.errorCode !== "NoError" && { techCode: c.errorCode }),
        ...(faulted && c.info !== undefined && { techInfo: c.info.slice(0, 500) }),
        ...(open !== undefined && { cause: open, cleared: true }),
        eventNotificationType: "HardWiredNotification",
        component: { name: "Connector", evse: { id: c.evse, connectorId: c.connector || 1 } },
        variable: { name: "AvailabilityState" },
      },
    ],
  };
}
