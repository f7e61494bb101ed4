import type { ChargePoint } from "../chargepoint/charge-point.ts";
import type { CentralSystem } from "../csms/server.ts";
import type { FaultInjector } from "../faults/injector.ts";
import type { IdTokenType } from "../ocpp/mapping.ts";
import type { ConnectorErrorCode, ConnectorStatus, StopReason } from "../ocpp/neutral.ts";
import type { OcppVersionRow } from "../ocpp/version-row.ts";
import { parseDuration } from "../util/duration.ts";
import { stepAnswer } from "./answer.ts";
import type { DropWatch } from "./drop-watch.ts";
import { checkExpectations } from "./expect.ts";
import { FAULT_STEPS } from "./fault-steps.ts";
import type { Answer, Inbox } from "./inbox.ts";
import type { MessageWatch } from "./message-watch.ts";
import type { StepType } from "./model.ts";
import { commandCall, eventReader } from "./neutral-steps.ts";
import { followProfile, parsePower, powerProfile } from "./power-profile.ts";
import type { StatusWatch } from "./status-watch.ts";

export interface StepContext {
  cp: ChargePoint;
  /** Waits simulated milliseconds (scaled by --time-scale); rejects when the run is aborted. */
  sleep(simMs: number): Promise<void>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Calls from the central system, for expectCall. */
  inbox: Inbox;
  /** Connector status changes, for waitForStatus. */
  statuses: StatusWatch;
  /** Messages the charge point sent, for waitForMessage. */
  messages: MessageWatch;
  /** Drops of the charge point's connection, for expectDisconnect. */
  drops: DropWatch;
  /** Simulated milliseconds in real ones (--time-scale). */
  toReal(simMs: number): number;
  /** The embedded central system, when the run uses it. */
  csms?: CentralSystem;
  /** The charge point's fault injector, for the fault steps. */
  faults: FaultInjector;
  /** --state-dir: connectors whose restored transaction no step has taken up yet. */
  resumed?: Set<number>;
  /** The version the run speaks: neutral commands, events and authorize's `payload` follow it. */
  version: OcppVersionRow;
}

export interface StepOutcome {
  /**
   * The step's answer, for `expect`, `capture` and reports: neutral fields (see answer.ts) and the
   * version's payload under `payload`; a step that names an action answers with its payload.
   */
  response?: unknown;
  /** Expectations that apply when the step gives none of its own. */
  defaultExpect?: Record<string, unknown>;
}

type Args = Record<string, unknown>;
type StepRun = (ctx: StepContext, args: Args) => Promise<StepOutcome | undefined>;

const connectorOf = (args: Args): number => (args.connector as number | undefined) ?? 1;
/** The token's type (the scenario schema allows only IdTokenType's names); a card when absent. */
const tokenTypeOf = (args: Args) => args.tokenType as IdTokenType | undefined;

// Powers are parsed next to the profiles made of them; steps and the interactive menu use it from here.
export { parsePower } from "./power-profile.ts";

/**
 * What authorize and startTransaction expect unless told otherwise: the neutral verdict (a
 * recording leaves it out).
 */
export const ACCEPTED_STATUS = { status: "Accepted" } as const;

/**
 * A scenario run again on a restored charge point (--state-dir): the first startTransaction on a
 * connector whose transaction came back, for the same idTag, takes that transaction up instead of
 * starting another; nothing is sent, and the steps after it carry it on. Any other start there
 * fails as it would on a charge point with a transaction running.
 */
function resumeTransaction(
  cp: ChargePoint,
  resumed: Set<number> | undefined,
  connectorId: number,
  idTag: string,
) {
  const tx = resumed?.has(connectorId) ? cp.connector(connectorId).transaction : undefined;
  if (!tx || tx.idTag !== idTag) return undefined;
  resumed!.delete(connectorId);
  return { resumed: true, ...(tx.id !== undefined && { transactionId: tx.id }) };
}

/** The step library: each step drives the version-neutral charge point model. */
export const STEPS: Record<StepType, StepRun> = {
  boot: async ({ cp, signal }, args) => {
    const r = await cp.boot({ maxAttempts: args.maxAttempts as number | undefined, signal });
    return { response: { status: r.status, interval: r.intervalSec, currentTime: r.currentTime } };
  },
  heartbeat: async ({ cp }) => ({ response: { currentTime: await cp.heartbeat() } }),
  status: async ({ cp }, args) => {
    await cp.setStatus(
      connectorOf(args),
      args.status as ConnectorStatus,
      (args.errorCode as ConnectorErrorCode | undefined) ?? "NoError",
      args.info as string | undefined,
    );
    return undefined;
  },
  authorize: async ({ cp, version }, args) => {
    // `source` tells an Authorize.req answer from a local list, cache or offline decision.
    const type = tokenTypeOf(args);
    // The driver stands at `connector`, at the only one, or somewhere the station learns from the cable.
    const { info, source } = await cp.presentToken(
      args.idTag as string,
      type,
      args.connector as number | undefined,
    );
    // The model hands back the verdict, not the message: the payload is the verdict as the
    // version's Authorize answer carries it.
    const { status, expiryDate, parentIdTag } = info;
    return {
      response: stepAnswer({ status, expiryDate, parentIdTag, source }, version.authorizeAnswer(info)),
      defaultExpect: ACCEPTED_STATUS,
    };
  },
  plugIn: async ({ cp, resumed }, args) => {
    const id = connectorOf(args);
    // The cable of a restored transaction is in already: the step that put it there is done.
    if (resumed?.has(id) && cp.connector(id).plugged) return undefined;
    await cp.plugIn(id);
    return undefined;
  },
  unplug: async ({ cp }, args) => {
    await cp.unplug(connectorOf(args));
    return undefined;
  },
  startTransaction: async ({ cp, resumed }, args) => {
    const taken = resumeTransaction(cp, resumed, connectorOf(args), args.idTag as string);
    if (taken) return { response: taken };
    const powerW = args.power === undefined ? undefined : parsePower(args.power);
    const res = await cp.startTransaction(connectorOf(args), args.idTag as string, {
      powerW,
      tokenType: tokenTypeOf(args),
    });
    // Offline the StartTransaction is queued: there is no answer to expect yet.
    if ("queued" in res) return { response: stepAnswer({ queued: true }) };
    const { status, expiryDate, parentIdTag } = res.idTagInfo ?? {};
    return {
      response: stepAnswer(
        { status, transactionId: res.transactionId, expiryDate, parentIdTag },
        res.payload,
      ),
      defaultExpect: ACCEPTED_STATUS,
    };
  },
  charge: async ({ cp, sleep }, args) => {
    const connector = cp.connector(connectorOf(args));
    if (!connector.transaction) throw new Error(`connector ${connector.id} has no transaction to charge in`);
    const before = connector.meter.energyWh(cp.clock.now());
    await followProfile(powerProfile(args.power), parseDuration(args.duration as string | number)!, {
      now: () => cp.clock.now(),
      setPower: (watts) => cp.setPower(connector.id, watts),
      sleep,
    });
    const after = connector.meter.energyWh(cp.clock.now());
    return { response: { energyWh: Math.round(after - before), powerW: connector.meter.power } };
  },
  meterValues: async ({ cp }, args) => {
    const reading = await cp.sendMeterValues(connectorOf(args), "Trigger");
    return { response: { values: reading.values.map((v) => `${v.measurand}=${v.value}${v.unit}`) } };
  },
  stopTransaction: async ({ cp }, args) => {
    const connector = cp.connector(connectorOf(args));
    const tx = connector.transaction;
    const res = await cp.stopTransaction(
      connector.id,
      (args.reason as StopReason | undefined) ?? "Local",
      args.idTag as string | undefined,
    );
    // The meter stands still once the transaction stops: now it reads the meterStop sent.
    const energyWh = tx && Math.round(connector.meter.energyWh(cp.clock.now())) - tx.meterStartWh;
    if ("queued" in res) return { response: stepAnswer({ queued: true, transactionId: tx?.id, energyWh }) };
    const fields = { status: res.idTagInfo?.status, transactionId: tx?.id, energyWh };
    return { response: stepAnswer(fields, res.payload) };
  },
  setPower: async ({ cp }, args) => {
    cp.setPower(connectorOf(args), parsePower(args.power));
    return undefined;
  },
  fault: async ({ cp }, args) => {
    await cp.fault(
      connectorOf(args),
      (args.errorCode as ConnectorErrorCode | undefined) ?? "OtherError",
      args.info as string | undefined,
    );
    return undefined;
  },
  clearFault: async ({ cp }, args) => {
    await cp.clearFault(connectorOf(args));
    return undefined;
  },
  dataTransfer: async ({ cp }, args) => ({
    response: await cp.dataTransfer(
      args.vendorId as string,
      args.messageId as string | undefined,
      args.data as string | undefined,
    ),
  }),
  send: async ({ cp }, args) => ({ response: await cp.send(args.action as string, args.payload ?? {}) }),
  disconnect: async ({ cp }) => {
    await cp.disconnect();
    return undefined;
  },
  // The answer lists the transaction messages queued offline that went out on reconnecting. A
  // charge point already back on its own (after a drop) just delivers what is still queued.
  reconnect: async ({ cp }) => ({
    response: cp.connected ? await cp.transactionMessages.flush() : await cp.connect(),
  }),
  expectDisconnect: async ({ drops, toReal, signal }, args) => {
    const within = (args.within as string | number | undefined) ?? "30s";
    const reconnectWithin = (args.reconnectWithin as string | number | undefined) ?? "5m";
    const drop = await drops.expect({
      withinMs: toReal(parseDuration(within)!),
      within: String(within),
      reconnect: args.reconnect !== false,
      reconnectWithinMs: toReal(parseDuration(reconnectWithin)!),
      reconnectWithin: String(reconnectWithin),
      signal,
    });
    return { response: { code: drop.code, reason: drop.reason, ...drop.reconnected } };
  },
  expectCall: async ({ inbox, signal }, args) => ({
    response: await inbox.expect(args.action as string, {
      withinMs: parseDuration((args.within as string | number | undefined) ?? "30s")!,
      respond: args.respond as Answer | undefined,
      signal,
    }),
  }),
  centralSystemCall: async ({ cp, csms, version }, args) => {
    if (!csms) {
      throw new Error(
        "centralSystemCall needs the embedded central system; with --url, let your central system send the call and use expectCall",
      );
    }
    if (args.command === undefined)
      return { response: await csms.call(cp.id, args.action as string, args.payload ?? {}) };
    const { call, answer } = commandCall(version, args);
    const payload = await csms.call(cp.id, call.action, call.payload);
    return { response: stepAnswer(answer(payload), payload) };
  },
  waitForStatus: async ({ cp, statuses, toReal, signal }, args) => {
    const connectorId = (args.connector as number | undefined) ?? 1;
    const status = args.status as ConnectorStatus;
    const now = connectorId === 0 ? cp.status : cp.connector(connectorId).status;
    if (now !== status) {
      const within = (args.within as string | number | undefined) ?? "30s";
      await statuses.wait(connectorId, status, toReal(parseDuration(within)!), String(within), signal);
    }
    // The running transaction is part of the answer, so a remote start's id can be captured.
    const tx = connectorId === 0 ? undefined : cp.connector(connectorId).transaction;
    return { response: { status, ...(tx?.id !== undefined && { transactionId: tx.id }) } };
  },
  waitForMessage: async ({ messages, toReal, signal, version }, args) => {
    const expect = (args.expect as Record<string, unknown> | undefined) ?? {};
    const within = (args.within as string | number | undefined) ?? "30s";
    const fields = Object.entries(expect).map(([path, v]) => `${path} ${JSON.stringify(v)}`);
    const name = (args.event ?? args.action) as string;
    const what = `${name}${fields.length ? ` with ${fields.join(", ")}` : ""} within ${within}`;
    // An event is read in the version's terms into neutral fields; an action is the version's payload itself.
    const read = eventReader(version, args) ?? ((m) => (m.action === args.action ? m.payload : undefined));
    const response = await messages.wait(
      (m) => {
        const answer = read(m);
        return answer !== undefined && checkExpectations(answer, expect).length === 0 ? answer : undefined;
      },
      toReal(parseDuration(within)!),
      what,
      signal,
    );
    return { response };
  },
  wait: async ({ sleep }, args) => {
    await sleep(parseDuration(args.duration as string | number)!);
    return undefined;
  },
  ...FAULT_STEPS,
};
