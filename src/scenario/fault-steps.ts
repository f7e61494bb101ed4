// Steps that break the wire on purpose, to test how a central system copes (README "Fault
// injection"). The faults themselves live in src/faults/, callable per charge point by load too.
import type { ChargePoint } from "../chargepoint/charge-point.ts";
import type { FaultInjector } from "../faults/injector.ts";
import type { OcppVersionRow } from "../ocpp/version-row.ts";
import { ConnectionClosedError } from "../transport/errors.ts";
import { callFrame } from "../transport/json/frames.ts";
import type { RawAnswer } from "../transport/wire.ts";
import { formatDuration, parseDuration } from "../util/duration.ts";
import { lackingDetail } from "./action-versions.ts";
import { ScenarioError } from "./load.ts";
import type { Scenario } from "./model.ts";
import { didYouMean } from "./suggest.ts";

type Args = Record<string, unknown>;

/** What fault steps need beyond the charge point. */
export interface FaultStepContext {
  cp: ChargePoint;
  faults: FaultInjector;
  toReal(simMs: number): number;
  signal: AbortSignal;
}

type FaultStepRun = (
  ctx: FaultStepContext,
  args: Args,
) => Promise<{ response?: unknown; defaultExpect?: Record<string, unknown> } | undefined>;

/** Fault steps that SOAP cannot do, and why: `cpsim run` refuses them before connecting. */
export const NOT_OVER_SOAP: ReadonlyMap<string, string> = new Map([
  [
    "stopReading",
    "over SOAP every call is its own HTTP exchange and the central system never writes unasked, so there is nothing to stop reading",
  ],
  ["sendMalformed", "over SOAP the envelope is built from the WSDL; a malformed frame is an OCPP-J notion"],
  [
    "sendInvalid",
    "over SOAP the envelope is built from the WSDL, which cannot carry a payload that breaks it",
  ],
]);

const duration = (v: unknown, fallback: string) =>
  parseDuration((v as string | number | undefined) ?? fallback)!;

/** The central system's answer to a message sent outside the normal call path, for `expect`. */
export function answerOf(a: RawAnswer): Record<string, unknown> {
  switch (a.kind) {
    case "result":
      return { result: a.payload };
    case "error":
      return { errorCode: a.code, errorDescription: a.description, errorDetails: a.details };
    case "closed":
      return { closed: a.detail };
    case "none":
      return { noAnswer: `nothing within ${formatDuration(a.withinMs)}` };
  }
}

// A correct central system answers a frame it cannot accept with a CALLERROR (OCPP-J 1.6 §4.2.3).
const CALLERROR = { errorCode: { exists: true } };

/** Parses "-10m", "+1h", "30s" or a number of seconds into signed milliseconds. */
export function signedDuration(v: string | number): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v * 1000 : undefined;
  const sign = v.trim().startsWith("-") ? -1 : 1;
  const ms = parseDuration(v.trim().replace(/^[-+]/, ""));
  return ms === undefined ? undefined : sign * ms;
}

export const FAULT_STEPS = {
  dropMidMessage: async ({ cp, faults }, args) => {
    const action = (args.action as string | undefined) ?? "Heartbeat";
    faults.dropNext(action);
    try {
      await cp.send(action, args.payload ?? {});
    } catch (err) {
      if (err instanceof ConnectionClosedError) return { response: { dropped: action } };
      throw err;
    }
    throw new Error(`${action} went out whole: the connection was not dropped`);
  },
  delayMessage: async ({ faults, toReal }, args) => {
    const by = toReal(duration(args.by, "0s"));
    const span = args.for === undefined ? undefined : toReal(duration(args.for, "0s"));
    faults.delayNext(by, args.action as string | undefined, span);
    return undefined;
  },
  duplicateMessage: async ({ cp, faults }, args) => {
    const action = args.action as string;
    const repeat = faults.repeatNext(action, args.newId === true);
    const answer = await cp.send(action, args.payload ?? {});
    return {
      response: { answer, repeat: answerOf(await repeat) },
      // Either answer to the repeat can be right; dropping the connection or saying nothing is not.
      defaultExpect: { "repeat.closed": { exists: false }, "repeat.noAnswer": { exists: false } },
    };
  },
  // `within` is real time, as call timeouts are: the central system answers at its own pace.
  sendMalformed: async ({ faults }, args) => {
    const frame = args.frame as string;
    // Whatever id the frame has, the central system may answer with "-1" when it cannot read it.
    const answer = await faults.sendRaw(frame, {
      action: "(malformed)",
      withinMs: duration(args.within, "10s"),
    });
    return { response: answerOf(answer), defaultExpect: CALLERROR };
  },
  sendInvalid: async ({ faults }, args) => {
    const action = args.action as string;
    const id = `invalid-${Date.now().toString(36)}`;
    const answer = await faults.sendRaw(callFrame(id, action, args.payload ?? {}), {
      id,
      action,
      withinMs: duration(args.within, "10s"),
    });
    return { response: answerOf(answer), defaultExpect: CALLERROR };
  },
  skewClock: async ({ faults }, args) => {
    faults.skewClock(signedDuration(args.by as string | number)!);
    return { response: { skewMs: faults.clockSkewMs } };
  },
  stopReading: async ({ faults, toReal, signal }, args) => {
    await faults.stopReading(toReal(duration(args.for, "0s")), signal);
    return undefined;
  },
} satisfies Record<string, FaultStepRun>;

/** Refuses, before anything connects, the fault steps that SOAP cannot do, with the step's file:line. */
export function checkFaultsForSoap(scenario: Scenario): void {
  for (const step of scenario.steps) {
    const why = NOT_OVER_SOAP.get(step.type);
    if (why)
      throw new ScenarioError(scenario.file, [
        {
          line: step.line,
          column: step.column,
          detail: `steps[${step.index}].${step.type} cannot run over SOAP: ${why}. Run it over OCPP-J (a ws:// URL).`,
        },
      ]);
  }
}

const TIMER_LIMIT_MS = 2 ** 31 - 1;
const SKEW_LIMIT_MS = 100 * 365 * 86_400_000;

/** The checks a fault step gets before anything connects that need no version: its durations. */
export function checkFaultStep(
  type: string,
  args: Record<string, unknown>,
  fail: (key: string, detail: string) => void,
): void {
  // Timers hold at most 2^31-1 ms, and a Date only so much; an endless fault is a typo.
  for (const key of ["by", "for", "within"]) {
    const v = args[key] as string | number | undefined;
    if (v === undefined) continue;
    const ms = type === "skewClock" ? signedDuration(v) : parseDuration(v);
    const limit = type === "skewClock" ? SKEW_LIMIT_MS : TIMER_LIMIT_MS;
    if (ms === undefined || !(Math.abs(ms) <= limit))
      fail(key, `${JSON.stringify(v)} is too long; at most ${formatDuration(limit)}`);
  }
}

/**
 * dropMidMessage and duplicateMessage send a real call, so it must be one a charge point of the
 * row's version sends, with a payload valid in that version (only sendInvalid and sendMalformed
 * break the schema, on purpose). A payload with captures is checked when sent.
 */
export function faultActionProblem(
  type: string,
  args: Record<string, unknown>,
  row: OcppVersionRow,
): { key: string; detail: string } | undefined {
  if (type !== "dropMidMessage" && type !== "duplicateMessage") return undefined;
  const action = (args.action as string | undefined) ?? "Heartbeat";
  if (!row.chargePointActions.includes(action)) {
    const detail =
      lackingDetail(row, action) ??
      `${action} is not a call a charge point sends${didYouMean(action, row.chargePointActions)}`;
    return { key: "action", detail };
  }
  const payload = args.payload ?? {};
  if (JSON.stringify(payload).includes("${")) return undefined;
  const issue = row.schemas().validate(action, "request", payload);
  return (
    issue && {
      key: "payload",
      detail: `not a valid ${action} request: ${issue.message} (sendInvalid sends one on purpose)`,
    }
  );
}
