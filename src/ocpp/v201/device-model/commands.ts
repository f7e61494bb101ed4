// The device-model commands a CSMS sends (GetVariables, SetVariables, GetBaseReport, GetReport),
// each answered from one station's device model, with the NotifyReport messages that must follow
// the answer. The station's handler returns `answer` and sends `followUps` in order once the
// answer has gone out (a NotifyReport before its GetReport answer would reach a CSMS that does
// not yet know the requestId).
import { isoTimestamp } from "../../../util/clock.ts";
import { own } from "../../../util/own.ts";
import type { CsmsInitiated201, Req, Res } from "../actions.ts";
import { reconfigurationInfo } from "../security-events.ts";
import type { NotifyReportRequest } from "../types.ts";
import type { DeviceModel } from "./model.ts";
import { baseReport, report } from "./report.ts";

// A Pick, so the mapped type below reads `in keyof` (the src/ lint refuses a bare `name in x`).
type DeviceModelActions = Pick<
  CsmsInitiated201,
  "GetVariables" | "SetVariables" | "GetBaseReport" | "GetReport"
>;

export interface Answered<R = unknown> {
  answer: R;
  followUps: { action: "NotifyReport"; payload: NotifyReportRequest }[];
  /** A SetVariables that changed SecurityCtrlr variables: the security event's techInfo. */
  securityChange?: string;
}

type Commands = {
  [A in keyof DeviceModelActions]: (
    dm: DeviceModel,
    req: Req<CsmsInitiated201, A>,
    now: number,
  ) => Answered<Res<CsmsInitiated201, A>>;
};

const notify = (parts: NotifyReportRequest[]) =>
  parts.map((payload) => ({ action: "NotifyReport" as const, payload }));

const COMMANDS: Commands = {
  GetVariables: (dm, req) => ({ answer: dm.getVariables(req), followUps: [] }),
  SetVariables: (dm, req) => {
    const answer = dm.setVariables(req);
    const securityChange = reconfigurationInfo(answer.setVariableResult);
    return securityChange ? { answer, followUps: [], securityChange } : { answer, followUps: [] };
  },
  GetBaseReport: (dm, req, now) => {
    const { status, parts } = baseReport(dm, req, isoTimestamp(now));
    return { answer: { status }, followUps: notify(parts) };
  },
  GetReport: (dm, req, now) => {
    const { status, parts } = report(dm, req, isoTimestamp(now));
    return { answer: { status }, followUps: notify(parts) };
  },
};

export const DEVICE_MODEL_ACTIONS: readonly string[] = Object.keys(COMMANDS);

/**
 * Answers a device-model command from `dm` at simulated time `now`; undefined for other actions.
 * Throws OcppError(OccurrenceConstraintViolation) for more items than the station advertises.
 */
export function deviceModelCommand(
  dm: DeviceModel,
  action: string,
  payload: unknown,
  now: number,
): Answered | undefined {
  const fn = own(
    COMMANDS as Record<string, (dm: DeviceModel, req: unknown, now: number) => Answered>,
    action,
  );
  return fn?.(dm, payload, now);
}
