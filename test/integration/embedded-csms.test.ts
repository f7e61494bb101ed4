// cpsim's charge point against cpsim's own embedded central system, over a real loopback socket.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CentralSystem, type RecordedMessage } from "../../src/csms/server.ts";
import { InvalidRequestError } from "../../src/transport/errors.ts";
import { SimClock } from "../../src/util/clock.ts";
import {
  closeChargePoint,
  expectIsoTimestamp,
  HEARTBEAT_INTERVAL,
  makeChargePoint,
  type TestChargePoint,
} from "./helpers.ts";

const CP = "CP-IT-001";

/** The calls the central system received from the charge point, in order. */
function received(cs: CentralSystem): RecordedMessage[] {
  return cs.messages.filter((m) => m.dir === "in" && m.kind === "call");
}

function payloadOf(cs: CentralSystem, action: string, index = 0): Record<string, unknown> {
  return received(cs).filter((m) => m.action === action)[index]!.payload as Record<string, unknown>;
}

describe("cpsim against its embedded central system", () => {
  let cs: CentralSystem;
  let t: TestChargePoint | undefined;

  beforeEach(async () => {
    cs = await CentralSystem.start({ heartbeatIntervalSec: HEARTBEAT_INTERVAL });
  });

  afterEach(async () => {
    await closeChargePoint(t);
    t = undefined;
    await cs.close();
  });

  it("serves on 127.0.0.1 with a free port", () => {
    expect(cs.port).toBeGreaterThan(0);
    expect(cs.url).toBe(`ws://127.0.0.1:${cs.port}`);
  });

  it("records a full charging session in order, every call answered with a result", async () => {
    t = makeChargePoint(cs.url, { clock: new SimClock(3600), config: { MeterValueSampleInterval: "0" } });
    const { cp } = t;
    await cp.connect();
    expect(cs.connected).toEqual([CP]);
    await cp.boot();
    await cp.authorize("TAG-0001");
    const { transactionId } = await cp.startTransaction(1, "TAG-0001");
    expect(cs.state.transactions.get(transactionId as number)).toMatchObject({ cp: CP, idTag: "TAG-0001" });
    await cp.sendMeterValues(1);
    await cp.sendMeterValues(1);
    await cp.stopTransaction(1);
    expect(cs.state.transactions.size).toBe(0);
    await cp.unplug(1);
    expectIsoTimestamp(await cp.heartbeat());

    expect(received(cs).map((m) => m.action)).toEqual([
      "BootNotification",
      "StatusNotification",
      "StatusNotification",
      "Authorize",
      "StatusNotification",
      "StartTransaction",
      "StatusNotification",
      "MeterValues",
      "MeterValues",
      "StopTransaction",
      "StatusNotification",
      "StatusNotification",
      "Heartbeat",
    ]);
    // Each call is followed by the central system's CALLRESULT with the same id, and nothing else.
    const exchange = cs.messages.map((m) => `${m.dir} ${m.kind} ${m.action}`);
    expect(exchange).toEqual(received(cs).flatMap((m) => [`in call ${m.action}`, `out result ${m.action}`]));
    for (let i = 0; i < cs.messages.length; i += 2) expect(cs.messages[i + 1]!.id).toBe(cs.messages[i]!.id);
    expect(cs.messages.every((m) => m.cp === CP)).toBe(true);

    const start = payloadOf(cs, "StartTransaction");
    const stop = payloadOf(cs, "StopTransaction");
    expect(stop.transactionId).toBe(transactionId);
    expect(stop.meterStop as number).toBeGreaterThanOrEqual(start.meterStart as number);
    expectIsoTimestamp(start.timestamp);
    expectIsoTimestamp(stop.timestamp);
    for (const index of [0, 1]) {
      expect(payloadOf(cs, "MeterValues", index)).toMatchObject({ connectorId: 1, transactionId });
    }
    const bootAnswer = cs.messages.find((m) => m.dir === "out" && m.action === "BootNotification")!;
    expect(bootAnswer.payload).toMatchObject({ status: "Accepted", interval: HEARTBEAT_INTERVAL });

    expect(cs.problems).toEqual([]);
    expect(t.problems).toEqual([]);
  });

  it("receives periodic MeterValues while a transaction runs on a simulated clock", async () => {
    t = makeChargePoint(cs.url, { clock: new SimClock(20), config: { MeterValueSampleInterval: "1" } });
    const { cp } = t;
    await cp.connect();
    await cp.boot();
    const { transactionId } = await cp.startTransaction(1, "TAG-0002");
    const sample = (m: RecordedMessage) =>
      m.dir === "in" &&
      m.kind === "call" &&
      m.action === "MeterValues" &&
      (m.payload as { transactionId?: unknown }).transactionId === transactionId;
    const first = await cs.waitFor(sample);
    const second = await cs.waitFor((m) => m !== first && sample(m));
    await cp.stopTransaction(1);

    const energy = (m: RecordedMessage) =>
      Number(
        (m.payload as { meterValue: { sampledValue: { value: string }[] }[] }).meterValue[0]!.sampledValue[0]!
          .value,
      );
    expect(energy(second)).toBeGreaterThanOrEqual(energy(first));
    const stop = payloadOf(cs, "StopTransaction");
    expect(stop.meterStop as number).toBeGreaterThanOrEqual(energy(second));
    expect(cs.problems).toEqual([]);
    expect(t.problems).toEqual([]);
  });

  /** Starts a transaction, pulls the cable, and returns what the central system got from then on. */
  async function unplugWhileCharging(): Promise<string[]> {
    t = makeChargePoint(cs.url, { config: { MeterValueSampleInterval: "0" } });
    await t.cp.connect();
    await t.cp.boot();
    await t.cp.startTransaction(1, "TAG-0003");
    const from = received(cs).length;
    await t.cp.unplug(1);
    return received(cs)
      .slice(from)
      .map((m) => {
        const p = m.payload as { connectorId?: number; status?: string; reason?: string };
        return m.action === "StopTransaction" ? `StopTransaction ${p.reason}` : `${m.action} ${p.status}`;
      });
  }

  it("stops the transaction with EVDisconnected when the EV unplugs", async () => {
    const sent = await unplugWhileCharging();
    expect(sent[0]).toBe("StopTransaction EVDisconnected");
    expect(sent.at(-1)).toBe("StatusNotification Available");
    expect(t!.cp.connector(1)).toMatchObject({ status: "Available", plugged: false, transaction: undefined });
    expect(cs.state.transactions.size).toBe(0);
    expect(cs.problems).toEqual([]);
  });

  // BUG (src/chargepoint/charge-point.ts, unplug): stopTransaction already reports Available for an
  // unplugged connector, then unplug reports Available a second time for the same change.
  it("reports Available only once when the EV unplugs during a transaction", async () => {
    expect(await unplugWhileCharging()).toEqual([
      "StopTransaction EVDisconnected",
      "StatusNotification Available",
    ]);
  });

  it("lets the central system read and change configuration keys", async () => {
    t = makeChargePoint(cs.url);
    await t.cp.connect();
    await t.cp.boot();

    expect(await cs.call(CP, "GetConfiguration", { key: ["HeartbeatInterval", "NoSuchKey"] })).toEqual({
      configurationKey: [{ key: "HeartbeatInterval", readonly: false, value: String(HEARTBEAT_INTERVAL) }],
      unknownKey: ["NoSuchKey"],
    });
    const change = (key: string, value: string) => cs.call(CP, "ChangeConfiguration", { key, value });
    expect(await change("HeartbeatInterval", "abc")).toEqual({ status: "Rejected" });
    expect(await change("NoSuchKey", "1")).toEqual({ status: "NotSupported" });
    expect(await change("StopTransactionOnInvalidId", "FALSE")).toEqual({ status: "Accepted" });
    expect(t.cp.config.get("StopTransactionOnInvalidId")).toBe("false");
    expect(await cs.call(CP, "GetConfiguration", { key: ["StopTransactionOnInvalidId"] })).toEqual({
      configurationKey: [{ key: "StopTransactionOnInvalidId", readonly: false, value: "false" }],
    });

    // Every 1.6 command is handled: with no profile installed there is nothing to clear.
    expect(await cs.call(CP, "ClearChargingProfile", {})).toEqual({ status: "Unknown" });

    // The central system validates its own requests: an invalid one is refused before it is sent.
    const invalid = await cs.call(CP, "ChangeConfiguration", { key: 5, value: "1" }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidRequestError);
    expect((invalid as Error).message).toMatch(/\/key/);

    await expect(cs.call("CP-NOT-THERE", "GetConfiguration", {})).rejects.toThrow(/not connected/);
    expect(cs.problems).toEqual([]);
    expect(t.problems).toEqual([]);
  });

  it("notices when the charge point disconnects", async () => {
    const changes: [string, boolean][] = [];
    let gone!: () => void;
    const disconnected = new Promise<void>((resolve) => {
      gone = resolve;
    });
    const watched = await CentralSystem.start({
      onConnection: (cp, up) => {
        changes.push([cp, up]);
        if (!up) gone();
      },
    });
    try {
      t = makeChargePoint(watched.url);
      await t.cp.connect();
      expect(watched.connected).toEqual([CP]);
      await t.cp.boot();
      await t.cp.disconnect();
      expect(t.cp.connected).toBe(false);
      await expect(t.cp.heartbeat()).rejects.toThrow(/not connected/);
      await disconnected;
      expect(changes).toEqual([
        [CP, true],
        [CP, false],
      ]);
      expect(watched.connected).toEqual([]);
      expect(watched.problems).toEqual([]);
    } finally {
      await watched.close();
    }
  });
});
