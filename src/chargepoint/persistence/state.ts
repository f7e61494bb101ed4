// The state file of one charge point (--state-dir), as plain JSON. Transactions are listed once
// and referred to by their place in `transactions`: a connector's open transaction and the queued
// messages of it (or of one already stopped) must come back as one object, as they were.

import type { TxTrigger } from "../../ocpp/mapping.ts";
import type {
  ConnectorErrorCode,
  ConnectorStatus,
  IdTagInfo,
  MeterReading,
  StopReason,
  TransactionId,
} from "../../ocpp/neutral.ts";
import type { Availability } from "../../ocpp/neutral-commands.ts";

/** Bumped whenever a field changes meaning; a file of another format is refused, never guessed at. */
export const STATE_FORMAT = 1;

export interface SavedTransaction {
  /** The charge point's own id; absent in files written before it had one (a new one is made). */
  localId?: string;
  /** null while the central system has not answered its StartTransaction. */
  id: TransactionId | null;
  idTag: string;
  meterStartWh: number;
  startedAt: number;
  /** Where energy stops after the central system refused its token (MaxEnergyOnInvalidId), in Wh. */
  invalidIdCapWh?: number;
}

export interface SavedConnector {
  status: ConnectorStatus;
  errorCode: ConnectorErrorCode;
  plugged: boolean;
  availability: Availability;
  scheduledAvailability?: Availability;
  /** The energy register when the file was written, in Wh. */
  registerWh: number;
  /** What the EV asked for, in W. */
  demandW: number;
  powerBeforeFault?: number;
  /** Index in `transactions` of the transaction running here. */
  transaction?: number;
}

// A queued transaction event. The names are those of the file format's first version (the start,
// the readings and the end of a transaction, named as their 1.6 messages); snapshot.ts converts.
export type SavedMessage = {
  tx: number;
  attempts: number;
  offline?: true;
  /** What the version built of it on a first attempt (TxEvent.built), sent again as it is. */
  built?: object[];
} & (
  | {
      action: "StartTransaction";
      req: {
        connectorId: number;
        idTag: string;
        meterStartWh: number;
        timestamp: number;
        reservationId?: number;
      };
    }
  | {
      action: "StopTransaction";
      req: {
        idTag?: string;
        meterStopWh: number;
        timestamp: number;
        reason: StopReason;
        transactionData?: MeterReading[];
      };
    }
  | {
      action: "MeterValues";
      connectorId: number;
      readings: MeterReading[];
      /** Why the update was made, when not a periodic reading (an EV's departure, a rate change…). */
      trigger?: TxTrigger;
    }
);

export interface ChargePointState {
  format: typeof STATE_FORMAT;
  id: string;
  /** Real time of writing, for people reading the file. */
  savedAt: string;
  /** The simulated clock when written (epoch ms): a restart never sends timestamps from before it. */
  clock: number;
  status: ConnectorStatus;
  availability: Availability;
  scheduledAvailability?: Availability;
  connectors: SavedConnector[];
  transactions: SavedTransaction[];
  /** The offline queue, oldest first. */
  queue: SavedMessage[];
  /**
   * The transactions the version held open outside the model's (HeldTransactions), as
   * [connector, index in `transactions`] pairs; absent when there were none.
   */
  held?: { arrived: [number, number][]; ended: [number, number][] };
  /** Configuration values that differ from the defaults. */
  config: Record<string, string>;
  localList: { version: number; entries: [string, IdTagInfo][] };
  /** The authorization cache, oldest first. */
  cache: [string, IdTagInfo][];
}

const ACTIONS = new Set(["StartTransaction", "StopTransaction", "MeterValues"]);

/**
 * Reads a state file's text. Throws an Error saying what is wrong (the caller names the file);
 * the checks are of structure, enough that restoring cannot stumble over a missing field.
 */
export function parseState(text: string, id: string): ChargePointState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`it is not JSON (${(err as Error).message})`);
  }
  const s = data as ChargePointState;
  if (!isObject(s) || !("format" in s)) throw new Error("it has no format field");
  if (s.format !== STATE_FORMAT) {
    throw new Error(
      typeof s.format === "number" && s.format > STATE_FORMAT
        ? `it has format ${s.format}, from a newer cpsim (this one reads format ${STATE_FORMAT})`
        : `its format ${JSON.stringify(s.format)} is not one cpsim writes`,
    );
  }
  if (s.id !== id) throw new Error(`it holds charge point ${JSON.stringify(s.id)}, not ${id}`);
  need(isFiniteNumber(s.clock), "clock");
  need(typeof s.status === "string" && typeof s.availability === "string", "status");
  need(Array.isArray(s.transactions), "transactions");
  s.transactions.forEach((t, i) => {
    need(
      isObject(t) &&
        (t.id === null || typeof t.id === "number" || typeof t.id === "string") &&
        typeof t.idTag === "string" &&
        isFiniteNumber(t.meterStartWh) &&
        isFiniteNumber(t.startedAt),
      `transactions[${i}]`,
    );
    const cap = t.invalidIdCapWh;
    need(cap === undefined || (isFiniteNumber(cap) && cap >= 0), `transactions[${i}].invalidIdCapWh`);
  });
  const txIndex = (n: unknown) =>
    Number.isInteger(n) && (n as number) >= 0 && (n as number) < s.transactions.length;
  need(Array.isArray(s.connectors) && s.connectors.length > 0, "connectors");
  s.connectors.forEach((c, i) => {
    need(
      isObject(c) &&
        typeof c.status === "string" &&
        typeof c.errorCode === "string" &&
        typeof c.plugged === "boolean" &&
        typeof c.availability === "string" &&
        isFiniteNumber(c.registerWh) &&
        c.registerWh >= 0 &&
        isFiniteNumber(c.demandW) &&
        c.demandW >= 0 &&
        (c.transaction === undefined || txIndex(c.transaction)),
      `connectors[${i}]`,
    );
  });
  need(Array.isArray(s.queue), "queue");
  s.queue.forEach((m, i) => {
    need(
      isObject(m) && ACTIONS.has(m.action) && txIndex(m.tx) && Number.isInteger(m.attempts),
      `queue[${i}]`,
    );
    need(m.action === "MeterValues" ? Array.isArray(m.readings) : isObject(m.req), `queue[${i}]`);
    need(
      m.action !== "MeterValues" || m.trigger === undefined || typeof m.trigger === "string",
      `queue[${i}]`,
    );
    // Opaque to the model (TxEvent.built), but always a list of requests: the version reads it as one.
    need(m.built === undefined || (Array.isArray(m.built) && m.built.every(isObject)), `queue[${i}].built`);
  });
  // 0 holds a token accepted at the station before its EVSE was known (2.0.1 TxStartPoint Authorized).
  const heldPair = (p: unknown) =>
    Array.isArray(p) && p.length === 2 && Number.isInteger(p[0]) && p[0] >= 0 && txIndex(p[1]);
  need(
    s.held === undefined ||
      (isObject(s.held) &&
        [s.held.arrived, s.held.ended].every((l) => Array.isArray(l) && l.every(heldPair))),
    "held",
  );
  need(isObject(s.config) && Object.values(s.config).every((v) => typeof v === "string"), "config");
  need(isObject(s.localList) && Number.isInteger(s.localList.version), "localList");
  need(Array.isArray(s.localList.entries) && s.localList.entries.every(isEntry), "localList.entries");
  need(Array.isArray(s.cache) && s.cache.every(isEntry), "cache");
  return s;
}

function need(ok: boolean, field: string): asserts ok {
  if (!ok) throw new Error(`its ${field} is missing or malformed`);
}

function isObject(v: unknown): v is Record<string, unknown> & object {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function isEntry(e: unknown): boolean {
  return Array.isArray(e) && e.length === 2 && typeof e[0] === "string" && isObject(e[1]);
}
