// Offline a connector's status still changes; the central system hears of it once the connection
// is back, with the status the connector has by then.
import type { ChargePointMapping } from "../ocpp/mapping.ts";
import type { ConnectorErrorCode, ConnectorStatus } from "../ocpp/neutral.ts";
import type { ChargePointLifecycle } from "./lifecycle.ts";

/** Connectors (0 = the whole charge point) whose status changed while offline, per charge point. */
// Here rather than a field of the charge point so the offline bookkeeping is all in this file; an
// entry exists only while a charge point has changes to report.
const unreported = new WeakMap<ChargePointLifecycle, Set<number>>();

/**
 * Reports a status change over the link or, offline, remembers the connector for later; `link`
 * offline is the last connection's, when its version keeps what it is told for the next one
 * (ChargePointMapping.queuesOffline): it hears of the change as it happens.
 */
export async function notifyStatus(
  cp: ChargePointLifecycle,
  link: ChargePointMapping | undefined,
  connectorId: number,
  status: ConnectorStatus,
  errorCode: ConnectorErrorCode,
  info: string | undefined,
): Promise<void> {
  if (!cp.connected) {
    const ids = unreported.get(cp) ?? new Set<number>();
    ids.add(connectorId);
    unreported.set(cp, ids);
  } else unreported.get(cp)?.delete(connectorId);
  if (!link) return;
  const at = cp.addressOf(connectorId);
  await link.statusChanged({
    evse: at.evse,
    connector: at.connector,
    status,
    errorCode,
    timestamp: cp.clock.now(),
    info,
  });
}

/** Sends the current status of every connector (0 = the whole charge point) that changed offline. */
export async function reportUnreported(cp: ChargePointLifecycle): Promise<void> {
  const ids = unreported.get(cp) ?? [];
  unreported.delete(cp);
  for (const id of ids) {
    const c = id === 0 ? undefined : cp.connector(id);
    await cp.setStatus(id, c ? c.status : cp.status, c?.errorCode);
  }
}
