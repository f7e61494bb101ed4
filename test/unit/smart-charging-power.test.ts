// The power a charge point delivers under its charging profiles, and the energy its meter counts,
// on a frozen clock so the arithmetic is exact.
import { Settings } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import type { ChargePointEvent } from "../../src/chargepoint/events.ts";
import type { MeterReading } from "../../src/ocpp/neutral.ts";
import { SimClock } from "../../src/util/clock.ts";
import { Scheduler } from "../../src/util/scheduler.ts";
import type { StopRequest } from "./recording-link.ts";
import { RecordingLink } from "./recording-link.ts";
import { MIN, periods, profile, T0 } from "./smart-charging-fixtures.ts";

let now = T0;
const realNow = Settings.now;
let cp: ChargePoint | undefined;

beforeEach(() => {
  now = T0;
  Settings.now = () => now;
});
afterEach(() => {
  cp?.shutdown();
  cp = undefined;
  Settings.now = realNow;
});

function setup(opts: { scale?: number; connectors?: number; config?: Record<string, string> } = {}) {
  const link = new RecordingLink();
  const scheduler = new Scheduler();
  const events: ChargePointEvent[] = [];
  const waiters = new Set<{ match: (e: ChargePointEvent) => boolean; resolve: () => void }>();
  cp = new ChargePoint({
    id: "CP1",
    connectors: opts.connectors ?? 1,
    clock: new SimClock(opts.scale ?? 1),
    scheduler,
    statusOnBoot: false,
    config: { MeterValueSampleInterval: "0", MeterValuesSampledData: "Power.Active.Import", ...opts.config },
    events: (e) => {
      events.push(e);
      for (const w of waiters) {
        if (!w.match(e)) continue;
        waiters.delete(w);
        w.resolve();
      }
    },
  });
  cp.attach(link);
  const until = (match: (e: ChargePointEvent) => boolean) =>
    new Promise<void>((resolve) => waiters.add({ match, resolve }));
  return { cp, link, scheduler, events, until };
}

/** 3.68 kW for the first 30 minutes of the transaction, then 7.36 kW. */
const stepUp = (over: Parameters<typeof profile>[0] = {}) =>
  profile({
    id: 7,
    purpose: "TxProfile",
    kind: "Relative",
    ...over,
    schedule: { chargingRateUnit: "W", periods: periods([0, 3680], [1800, 7360]) },
  });

const meterStop = (link: RecordingLink) =>
  (link.calls.find((c) => c.action === "StopTransaction")!.req as StopRequest).meterStopWh;

function lastReading(link: RecordingLink): Record<string, number> {
  const { readings } = link.calls.filter((c) => c.action === "MeterValues").at(-1)!.req as {
    readings: MeterReading[];
  };
  return Object.fromEntries(readings[0]!.values.map((v) => [v.measurand, v.value]));
}

describe("power under charging profiles", () => {
  it("changes at the schedule's boundary on the shared scheduler, and the meter counts it exactly", async () => {
    // 60,000 simulated ms a real one: the 30-minute boundary comes after 30 real ms.
    const { cp, link, scheduler, until } = setup({ scale: 60_000 });
    await cp.startTransaction(1, "TAG", { powerW: 11_000 });
    expect(cp.commands.setChargingProfile(1, stepUp()).status).toBe("Accepted");
    expect(cp.connector(1).meter.power).toBe(3680);
    expect(scheduler.size).toBe(1);
    await until((e) => e.type === "power" && e.watts === 7360);
    // The last boundary has passed: no timer is left.
    expect(scheduler.size).toBe(0);
    // The frozen clock still reads the start, as a timer that fired early would find it: the
    // limit does not go back to the one before the boundary.
    cp.setPower(1, 11_000);
    expect(cp.connector(1).meter.power).toBe(7360);
    now += 60; // one simulated hour after the start
    await cp.stopTransaction(1);
    expect(meterStop(link)).toBe(1840 + 3680);
  });

  it("a reading after a boundary the timer has not reached yet already counts the new limit", async () => {
    const { cp, link } = setup();
    await cp.startTransaction(1, "TAG", { powerW: 11_000 });
    cp.commands.setChargingProfile(1, stepUp());
    now = T0 + 45 * MIN;
    await cp.sendMeterValues(1);
    expect(lastReading(link)).toEqual({ "Energy.Active.Import.Register": 3680, "Power.Active.Import": 7360 });
  });

  it("never raises the EV's own power, and a cleared fault goes back to the limited power", async () => {
    const { cp } = setup();
    await cp.startTransaction(1, "TAG", { powerW: 11_000 });
    cp.commands.setChargingProfile(1, stepUp());
    cp.setPower(1, 2000);
    expect(cp.connector(1).meter.power).toBe(2000);
    cp.setPower(1, 11_000);
    await cp.fault(1, "GroundFailure");
    expect(cp.connector(1).meter.power).toBe(0);
    await cp.clearFault(1);
    expect(cp.connector(1).meter.power).toBe(3680);
  });

  it("shares ChargePointMaxProfile among the connectors that charge", async () => {
    const { cp, link } = setup({ connectors: 2 });
    const max = profile({
      purpose: "ChargePointMaxProfile",
      schedule: { startSchedule: T0, periods: periods([0, 20]) },
    });
    expect(cp.commands.setChargingProfile(1, max).status).toBe("Rejected");
    expect(cp.commands.setChargingProfile(0, max).status).toBe("Accepted");
    await cp.startTransaction(1, "A", { powerW: 11_000 });
    expect(cp.connector(1).meter.power).toBe(11_000);
    await cp.startTransaction(2, "B", { powerW: 11_000 });
    // 20 A on three phases at 230 V is 13.8 kW for both.
    expect([cp.connector(1).meter.power, cp.connector(2).meter.power]).toEqual([6900, 6900]);
    now += 30 * MIN;
    await cp.stopTransaction(2);
    expect(cp.connector(1).meter.power).toBe(11_000);
    expect(meterStop(link)).toBe(3450);
  });

  it("keeps a TxProfile for its transaction only, and arms no timer while nothing draws", async () => {
    const { cp, scheduler } = setup();
    expect(cp.commands.setChargingProfile(1, stepUp()).status).toBe("Rejected");
    const daily = profile({
      kind: "Recurring",
      recurrencyKind: "Daily",
      schedule: { startSchedule: T0, periods: periods([0, 10], [6 * 3600, 16]) },
    });
    expect(cp.commands.setChargingProfile(0, daily).status).toBe("Accepted");
    expect(scheduler.size).toBe(0);
    const { transactionId } = await cp.startTransaction(1, "TAG", { powerW: 11_000 });
    expect(cp.connector(1).meter.power).toBe(6900);
    expect(
      cp.commands.setChargingProfile(1, stepUp({ transactionId: Number(transactionId) + 1 })).status,
    ).toBe("Rejected");
    expect(cp.commands.setChargingProfile(1, stepUp({ transactionId })).status).toBe("Accepted");
    expect(cp.connector(1).meter.power).toBe(3680);
    expect(scheduler.size).toBe(1);
    await cp.stopTransaction(1);
    expect(scheduler.size).toBe(0);
    expect(cp.charging.installed.map((i) => i.profile.purpose)).toEqual(["TxDefaultProfile"]);
    await cp.startTransaction(1, "TAG", { powerW: 11_000 });
    expect(cp.connector(1).meter.power).toBe(6900);
  });

  it("applies a remote start's TxProfile to the transaction it starts, and refuses other purposes", async () => {
    const { cp, link } = setup();
    expect(cp.commands.remoteStart("TAG", 1, stepUp({ purpose: "TxDefaultProfile" }))).toBe("Rejected");
    expect(cp.commands.remoteStart("TAG", 1, stepUp({ stackLevel: 99 }))).toBe("Rejected");
    expect(cp.commands.remoteStart("TAG", 1, stepUp())).toBe("Accepted");
    await link.waitFor("StatusNotification", 2);
    const tx = cp.connector(1).transaction!;
    expect(cp.charging.installed).toEqual([
      { connectorId: 1, profile: { ...stepUp(), transactionId: tx.id } },
    ]);
    expect(cp.connector(1).meter.power).toBe(3680);
  });
});
