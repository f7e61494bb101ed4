// Offline a connector's status still changes; the central system hears of it once the connection
// is back, with the status the connector has by then.
import type { CentralSystemLink, StatusReport } from "../ocpp/neutral.ts";
import type { Station } from "./station.ts";

/** Connectors (0 = the whole charge point) whose status changed while offline, per station. */
// Here rather than a field of Station so the offline bookkeeping is all in this file; an entry
// exists only while a station has changes to report.
const unreported = new WeakMap<Station, Set<number>>();

/** Sends a StatusNotification over the link or, without one, remembers the connector for later. */
export async function notifyStatus(
  station: Station,
  link: CentralSystemLink | undefined,
  report: StatusReport,
): Promise<void> {
  if (!link) {
    const ids = unreported.get(station) ?? new Set<number>();
    ids.add(report.connectorId);
    unreported.set(station, ids);
    return;
  }
  unreported.get(station)?.delete(report.connectorId);
  await link.statusNotification(report);
}

/** Sends the current status of every connector (0 = the whole charge point) that changed offline. */
export async function reportUnreported(station: Station): Promise<void> {
  const ids = unreported.get(station) ?? [];
  unreported.delete(station);
  for (const id of ids) {
    const c = id === 0 ? undefined : station.connector(id);
    await station.setStatus(id, c ? c.status : station.status, c?.errorCode);
  }
}
