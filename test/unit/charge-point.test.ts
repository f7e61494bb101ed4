import { Settings } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import type { ChargePointEvent } from "../../src/chargepoint/events.ts";
import { SimClock } from "../../src/util/clock.ts";
import type { StatusReport, StopRequest } from "./recording-link.ts";
import { RecordingLink } from "./recording-link.ts";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
let now = T0;
const realNow = Settings.now;

beforeEach(() => {
  now = T0;
  Settings.now = () => now;
});
afterEach(() => {
  Settings.now = realNow;
});

function setup(opts: Partial<ConstructorParameters<typeof ChargePoint>[0]> = {}) {
  const link = new RecordingLink();
  const events: ChargePointEvent[] = [];
  const cp = new ChargePoint({
    id: "CP1",
    clock: new SimClock(),
    events: (e) => events.push(e),
    statusOnBoot: false,
    ...opts,
  });
  cp.attach(link);
  return {
    cp,
    link,
    events,
    statuses: () =>
      link.calls.filter((c) => c.action === "StatusNotification").map((c) => (c.req as StatusReport).status),
  };
}

describe("ChargePoint", () => {
  it("walks a session through Preparing, Charging, Finishing, Available", async () => {
    const { cp, link, statuses } = setup();
    await cp.plugIn(1);
    await cp.startTransaction(1, "TAG");
    await cp.stopTransaction(1);
    await cp.unplug(1);
    expect(statuses()).toEqual(["Preparing", "Charging", "Finishing", "Available"]);
    expect(link.actions()).toEqual([
      "StatusNotification",
      "StartTransaction",
      "StatusNotification",
      "StopTransaction",
      "StatusNotification",
      "StatusNotification",
    ]);
    cp.shutdown();
  });

  it("meters exactly power × simulated time (fixed clock)", async () => {
    const { cp, link } = setup({ meterStartWh: 1000, config: { MeterValueSampleInterval: "0" } });
    await cp.startTransaction(1, "TAG", { powerW: 11_000 });
    now += 30 * 60_000;
    cp.setPower(1, 7_200);
    now += 15 * 60_000;
    await cp.stopTransaction(1);
    const start = link.calls.find((c) => c.action === "StartTransaction")!.req as {
      meterStartWh: number;
      timestamp: number;
    };
    const stop = link.calls.find((c) => c.action === "StopTransaction")!.req as StopRequest;
    expect(start.meterStartWh).toBe(1000);
    expect(start.timestamp).toBe(T0);
    expect(stop.meterStopWh).toBe(1000 + 5500 + 1800);
    expect(stop.timestamp).toBe(T0 + 45 * 60_000);
    expect(stop.reason).toBe("Local");
  });

  it("applies the time scale to timestamps", async () => {
    const { cp, link } = setup({ clock: new SimClock(60, T0), config: { MeterValueSampleInterval: "0" } });
    await cp.startTransaction(1, "TAG", { powerW: 6000 });
    now += 60_000; // one real minute is an hour at scale 60
    await cp.stopTransaction(1);
    const stop = link.calls.find((c) => c.action === "StopTransaction")!.req as StopRequest;
    expect(stop.timestamp).toBe(T0 + 3_600_000);
    expect(stop.meterStopWh).toBe(6000);
  });

  it("stops a transaction the central system did not authorize (StopTransactionOnInvalidId)", async () => {
    const { cp, link, events } = setup();
    link.authorizeStatus = "Invalid";
    const res = await cp.startTransaction(1, "BAD");
    expect(res.idTagInfo?.status).toBe("Invalid");
    const stop = link.calls.find((c) => c.action === "StopTransaction")!.req as StopRequest;
    expect(stop.reason).toBe("DeAuthorized");
    expect(cp.connector(1).transaction).toBeUndefined();
    expect(events.map((e) => e.type)).toContain("transactionStopped");
  });

  it("stops the transaction when the EV is unplugged", async () => {
    const { cp, link, statuses } = setup();
    await cp.startTransaction(1, "TAG");
    await cp.unplug(1);
    expect((link.calls.find((c) => c.action === "StopTransaction")!.req as StopRequest).reason).toBe(
      "EVDisconnected",
    );
    expect(statuses().at(-1)).toBe("Available");
    cp.shutdown();
  });

  it("refuses what makes no sense in the current state", async () => {
    const { cp } = setup();
    await expect(cp.stopTransaction(1)).rejects.toThrow("connector 1 has no transaction to stop");
    await expect(cp.unplug(1)).rejects.toThrow("connector 1 is not plugged in");
    await expect(cp.plugIn(2)).rejects.toThrow("connector 2 does not exist (this charge point has 1)");
    await cp.setStatus(1, "Faulted", "GroundFailure");
    await expect(cp.startTransaction(1, "TAG")).rejects.toThrow(
      "connector 1 is Faulted and cannot start a transaction",
    );
    cp.detach();
    await expect(cp.heartbeat()).rejects.toThrow("charge point CP1 is not connected to a central system");
  });

  it("retries BootNotification while Pending, then heartbeats at the given interval", async () => {
    Settings.now = realNow;
    const { cp, link, events } = setup({ clock: new SimClock(1000) });
    link.bootAnswers = ["Pending", "Rejected", "Accepted"];
    const res = await cp.boot();
    expect(res.status).toBe("Accepted");
    expect(events.filter((e) => e.type === "boot").map((e) => (e as { attempt: number }).attempt)).toEqual([
      1, 2, 3,
    ]);
    expect(cp.config.get("HeartbeatInterval")).toBe("1");
    // At scale 1000 the 1 s heartbeat interval is 1 ms of real time.
    await link.waitFor("Heartbeat");
    cp.shutdown();
  });

  it("gives up booting after maxAttempts", async () => {
    Settings.now = realNow;
    const { cp, link } = setup({ clock: new SimClock(1000) });
    link.bootAnswers = ["Rejected", "Rejected"];
    await expect(cp.boot({ maxAttempts: 2 })).rejects.toThrow(
      "the central system answered BootNotification with Rejected 2 times",
    );
  });

  it("sends the sampled measurands, periodically while charging", async () => {
    Settings.now = realNow;
    const { cp, link } = setup({
      clock: new SimClock(1000),
      config: {
        MeterValueSampleInterval: "5",
        MeterValuesSampledData: "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage",
      },
    });
    await cp.startTransaction(1, "TAG", { powerW: 6900 });
    await link.waitFor("MeterValues", 2);
    cp.shutdown();
    const mv = link.calls.find((c) => c.action === "MeterValues")!.req as {
      transactionId: number;
      readings: { values: { measurand: string; value: number }[] }[];
    };
    expect(mv.transactionId).toBe(100);
    const values = Object.fromEntries(mv.readings[0]!.values.map((v) => [v.measurand, v.value]));
    expect(values["Power.Active.Import"]).toBe(6900);
    expect(values["Current.Import"]).toBe(10);
    expect(values.Voltage).toBe(230);
  });

  it("restarts the heartbeat when HeartbeatInterval changes and reports config changes", () => {
    const { cp, events } = setup();
    expect(cp.changeConfiguration("HeartbeatInterval", "x")).toBe("Rejected");
    expect(cp.changeConfiguration("HeartbeatInterval", "20")).toBe("Accepted");
    expect(events.at(-1)).toEqual({
      type: "configChanged",
      cp: "CP1",
      key: "HeartbeatInterval",
      value: "20",
    });
  });
});

describe("ChargePoint, review fixes", () => {
  it("always sends the energy register, first, whatever MeterValuesSampledData says", async () => {
    const { cp, link } = setup({
      config: { MeterValueSampleInterval: "0", MeterValuesSampledData: "Power.Active.Import" },
    });
    await cp.startTransaction(1, "TAG", { powerW: 7000 });
    await cp.sendMeterValues(1);
    const mv = link.calls.find((c) => c.action === "MeterValues")!.req as {
      readings: { values: { measurand: string }[] }[];
    };
    expect(mv.readings[0]!.values.map((v) => v.measurand)).toEqual([
      "Energy.Active.Import.Register",
      "Power.Active.Import",
    ]);
  });

  it("keeps the transaction but stops the power when unplugged with StopTransactionOnEVSideDisconnect off", async () => {
    const { cp, link, statuses } = setup({
      config: { StopTransactionOnEVSideDisconnect: "false", MeterValueSampleInterval: "0" },
    });
    await cp.startTransaction(1, "TAG", { powerW: 7000 });
    await cp.unplug(1);
    expect(link.actions()).not.toContain("StopTransaction");
    expect(statuses().at(-1)).toBe("SuspendedEV");
    expect(cp.connector(1).meter.power).toBe(0);
    expect(cp.connector(1).transaction).toBeDefined();
  });
});

describe("ChargePoint at the end of a run", () => {
  it("does not report a heartbeat that our own disconnect cut short as a problem", async () => {
    Settings.now = realNow;
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    class SlowHeartbeat extends RecordingLink {
      private fail?: (err: Error) => void;
      override heartbeat(): Promise<{ currentTime: string }> {
        started();
        return new Promise((_resolve, reject) => (this.fail = reject));
      }
      override async close() {
        this.fail?.(new Error("the connection closed before Heartbeat was answered"));
      }
    }
    const { cp, events } = setup({ clock: new SimClock(1000) });
    cp.attach(new SlowHeartbeat());
    await cp.boot();
    await inFlight;
    cp.shutdown();
    await cp.disconnect();
    await Promise.resolve();
    expect(events.filter((e) => e.type === "problem")).toEqual([]);
  });
});
