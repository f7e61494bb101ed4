// What a 2.0.1 station reports of itself beside the model's messages: security events
// (SecurityEventNotification, Part 2 §A04 and its appendix of security events) and the events a
// station reports without any monitor (NotifyEvent with HardWiredNotification, §N07), such as a
// connector that became Faulted. 2.0.1's StatusNotification has no errorCode: the fault's code
// travels here, as techCode.
import { isoTimestamp } from "../../util/clock.ts";
import type { BootReason, StatusChange } from "../mapping.ts";
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
