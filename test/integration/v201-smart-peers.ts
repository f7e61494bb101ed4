// The two 2.0.1 central systems the smart charging tests run against, behind one face: cpsim's
// embedded one, and ocpp-rpc in strict mode (subprotocol ocpp2.0.1) with its own copy of the
// schemas. Both log the station's calls, so a test awaits a ReportChargingProfiles or a
// TransactionEvent instead of sleeping, and both say what they found wrong on the wire.
import { Settings } from "luxon";
import { afterEach, beforeEach } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { SimClock } from "../../src/util/clock.ts";
import { CallLog, closeChargePoint, makeChargePoint, type TestChargePoint } from "./helpers.ts";
import { startOcppRpcCsms201 } from "./ocpp-rpc-201.ts";

// biome-ignore lint/suspicious/noExplicitAny: wire payloads, read by path in assertions
export type Payload = Record<string, any>;

export interface Peer201 {
  url: string;
  /** Calls the connected station; resolves with its answer. */
  call(action: string, payload: unknown): Promise<Payload>;
  /** The station's calls. */
  log: CallLog;
  /** What the central system found wrong: schema failures, CALLERRORs, protocol problems. */
  problems(): unknown[];
  close(): Promise<void>;
}

const CP = "CP-IT-001";

async function embedded(): Promise<Peer201> {
  const log = new CallLog();
  const errors: unknown[] = [];
  const cs = await CentralSystem.start({
    heartbeatIntervalSec: 86_400,
    trace: (m) => {
      if (m.dir === "in" && m.kind === "call") log.record(m.action, m.payload);
      if (m.kind === "error") errors.push(m);
    },
  });
  return {
    url: cs.url,
    call: async (action, payload) => (await cs.call(CP, action, payload)) as Payload,
    log,
    problems: () => [...cs.problems, ...errors],
    close: () => cs.close(),
  };
}

async function ocppRpc(): Promise<Peer201> {
  const rpc = await startOcppRpcCsms201();
  let server: Awaited<ReturnType<typeof rpc.nextClient>> | undefined;
  const next = rpc.nextClient().then((s) => {
    server = s;
  });
  return {
    url: rpc.url,
    call: async (action, payload) => {
      await next;
      return (await server!.call(action, payload)) as Payload;
    },
    log: rpc.log,
    problems: () => [...rpc.strictFailures, ...rpc.badMessages],
    close: () => rpc.close(),
  };
}

export const PEERS_201: [string, () => Promise<Peer201>][] = [
  ["the embedded central system", embedded],
  ["ocpp-rpc (strict ocpp2.0.1)", ocppRpc],
];

export const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
/** Simulated minutes run 60 times faster than real ones; the real clock is frozen and moved by hand. */
export const SCALE = 60;
export const iso = (t: number) => new Date(t).toISOString();

/**
 * A booted two-EVSE 2.0.1 station on a frozen clock, per test: `advance(simMs)` moves simulated
 * time, so energies under a profile come out exact.
 */
export function stationHarness(startPeer: () => Promise<Peer201>) {
  let now = T0;
  const realNow = Settings.now;
  const state: { peer?: Peer201; t?: TestChargePoint } = {};
  beforeEach(() => {
    now = T0;
    Settings.now = () => now;
  });
  afterEach(async () => {
    await closeChargePoint(state.t);
    await state.peer?.close();
    state.t = undefined;
    state.peer = undefined;
    Settings.now = realNow;
  });
  return {
    async setup(config: Record<string, string> = {}) {
      const peer = await startPeer();
      const t = makeChargePoint(peer.url, {
        connectors: 2,
        clock: new SimClock(SCALE, T0),
        config: {
          MeterValueSampleInterval: "0",
          MeterValuesSampledData: "Energy.Active.Import.Register,Power.Active.Import",
          ...config,
        },
        link: { version: "2.0.1" },
      });
      Object.assign(state, { peer, t });
      await t.cp.connect();
      await t.cp.boot();
      return { peer, t };
    },
    advance(simMs: number) {
      now += simMs / SCALE;
    },
    simNow: () => T0 + (now - T0) * SCALE,
  };
}

/** An Absolute profile from T0 with one limit: the shape most tests vary. */
export function absolute(
  id: number,
  purpose: string,
  stackLevel: number,
  limit: number,
  unit = "A",
): Payload {
  return {
    id,
    stackLevel,
    chargingProfilePurpose: purpose,
    chargingProfileKind: "Absolute",
    chargingSchedule: [
      {
        id: id * 10,
        startSchedule: iso(T0),
        chargingRateUnit: unit,
        chargingSchedulePeriod: [{ startPeriod: 0, limit }],
      },
    ],
  };
}

/** A Relative profile in W: [startPeriod, limit] pairs counted from its transaction's start. */
export function relative(id: number, purpose: string, periods: [number, number][]): Payload {
  return {
    id,
    stackLevel: 0,
    chargingProfilePurpose: purpose,
    chargingProfileKind: "Relative",
    chargingSchedule: [
      {
        id: id * 10,
        chargingRateUnit: "W",
        chargingSchedulePeriod: periods.map(([startPeriod, limit]) => ({ startPeriod, limit })),
      },
    ],
  };
}

/** 3.68 kW for the first 30 minutes of the transaction, then 7.36 kW. */
export const stepUp = (id: number): Payload =>
  relative(id, "TxProfile", [
    [0, 3680],
    [1800, 7360],
  ]);
