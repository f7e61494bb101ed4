import { own } from "../../util/own.ts";
import { notSupported, OcppError } from "../errors.ts";
import type { ChargePointCommands } from "../neutral-commands.ts";
import type { CsInitiated16, Req, Res } from "./actions.ts";
import { compositeTo16, profileFrom16 } from "./charging-profiles.ts";
import { localListUpdate } from "./local-list16.ts";

/** Marks a 1.6 command the charge point model does not handle yet; it is answered NotSupported. */
const UNSUPPORTED = Symbol("unsupported");

type Handlers16 = {
  [A in keyof CsInitiated16]:
    | ((
        cp: ChargePointCommands,
        req: Req<CsInitiated16, A>,
        signal: AbortSignal,
      ) => Res<CsInitiated16, A> | Promise<Res<CsInitiated16, A>>)
    | typeof UNSUPPORTED;
};

/**
 * The 1.6 handler registry: every central-system action appears here, so adding a 1.6 action
 * without deciding how to answer it is a compile error.
 */
// One table for the process: per charge point only the dispatcher closure below is allocated.
const HANDLERS16: Handlers16 = {
  GetConfiguration: (cp, req) => {
    const { entries, unknownKeys } = cp.getConfiguration(req.key);
    return {
      configurationKey: entries.map((e) => ({ key: e.key, readonly: e.readonly, value: e.value })),
      ...(unknownKeys.length > 0 ? { unknownKey: unknownKeys } : {}),
    };
  },
  ChangeConfiguration: (cp, req) => ({ status: cp.changeConfiguration(req.key, req.value) }),
  CancelReservation: (cp, req) => ({ status: cp.cancelReservation(req.reservationId) }),
  ChangeAvailability: (cp, req) => ({ status: cp.changeAvailability(req.connectorId, req.type) }),
  ClearCache: (cp) => ({ status: cp.clearCache() }),
  ClearChargingProfile: (cp, req) => ({
    status: cp.clearChargingProfile({
      id: req.id,
      connectorId: req.connectorId,
      purpose: req.chargingProfilePurpose,
      stackLevel: req.stackLevel,
    }),
  }),
  // No vendor extensions are known to the simulated charge point (OCPP 1.6 §5.6).
  DataTransfer: () => ({ status: "UnknownVendorId" }),
  GetCompositeSchedule: (cp, req) =>
    compositeTo16(cp.getCompositeSchedule(req.connectorId, req.duration, req.chargingRateUnit)),
  GetDiagnostics: (cp, req) => {
    const { fileName } = cp.getDiagnostics({
      location: req.location,
      retries: req.retries,
      retryIntervalSec: req.retryInterval,
      startAt: req.startTime === undefined ? undefined : epoch(req.startTime, "startTime"),
      stopAt: req.stopTime === undefined ? undefined : epoch(req.stopTime, "stopTime"),
    });
    return fileName === undefined ? {} : { fileName };
  },
  GetLocalListVersion: (cp) => ({ listVersion: cp.getLocalListVersion() }),
  RemoteStartTransaction: (cp, req) => ({
    status: cp.remoteStart(
      req.idTag,
      req.connectorId,
      req.chargingProfile && profileFrom16(req.chargingProfile),
    ),
  }),
  RemoteStopTransaction: (cp, req) => ({ status: cp.remoteStop(req.transactionId) }),
  ReserveNow: (cp, req) => ({
    status: cp.reserveNow({
      reservationId: req.reservationId,
      connectorId: req.connectorId,
      idTag: req.idTag,
      parentIdTag: req.parentIdTag,
      expiresAt: epoch(req.expiryDate, "expiryDate"),
    }),
  }),
  Reset: (cp, req) => ({ status: cp.reset(req.type) }),
  SendLocalList: (cp, req) => ({ status: cp.sendLocalList(localListUpdate(req)) }),
  SetChargingProfile: (cp, req) => ({
    status: cp.setChargingProfile(req.connectorId, profileFrom16(req.csChargingProfiles)).status,
  }),
  TriggerMessage: (cp, req) => ({ status: cp.trigger(req.requestedMessage, req.connectorId) }),
  UnlockConnector: async (cp, req) => ({ status: await cp.unlockConnector(req.connectorId) }),
  UpdateFirmware: (cp, req) => {
    cp.updateFirmware({
      location: req.location,
      retrieveAt: epoch(req.retrieveDate, "retrieveDate"),
      retries: req.retries,
      retryIntervalSec: req.retryInterval,
    });
    return {};
  },
};

/** A 1.6 dateTime as epoch milliseconds; the schema checked its format, not that the date exists. */
function epoch(value: string, field: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new OcppError("PropertyConstraintViolation", `${field} is not a valid date: ${value}`);
  return ms;
}

/** A transport handler answering 1.6 central-system calls from the neutral charge point model. */
export function dispatcher16(cp: ChargePointCommands) {
  const table = HANDLERS16 as Record<
    string,
    ((cp: ChargePointCommands, req: unknown, signal: AbortSignal) => unknown) | typeof UNSUPPORTED
  >;
  return (action: string, payload: unknown, signal: AbortSignal): unknown => {
    const handler = own(table, action);
    // The transport has already answered actions 1.6 does not define; this is "known, not handled".
    if (!handler || handler === UNSUPPORTED) throw notSupported(action);
    return handler(cp, payload, signal);
  };
}
