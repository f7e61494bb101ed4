import { Settings } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import { FaultInjector } from "../../src/faults/injector.ts";
import { DEFAULT_VERSION, versionRow } from "../../src/ocpp/versions.ts";
import { DropWatch } from "../../src/scenario/drop-watch.ts";
import { Inbox } from "../../src/scenario/inbox.ts";
import { parseScenario } from "../../src/scenario/load.ts";
import { MessageWatch } from "../../src/scenario/message-watch.ts";
import { runScenario } from "../../src/scenario/runner.ts";
import { StatusWatch } from "../../src/scenario/status-watch.ts";
import { STEPS } from "../../src/scenario/steps.ts";
import { SimClock } from "../../src/util/clock.ts";
import { Scheduler } from "../../src/util/scheduler.ts";
import type { StopRequest } from "../unit/recording-link.ts";
import { RecordingLink } from "../unit/recording-link.ts";

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

/** The charge step on a real charge point model, on a frozen clock that only a sleep moves. */
async function chargeOnFixedClock(args: Record<string, unknown>, lateByMs = 0) {
  const link = new RecordingLink();
  const cp = new ChargePoint({
    id: "CP-PROFILE",
    clock: new SimClock(),
    statusOnBoot: false,
    config: { MeterValueSampleInterval: "0" },
  });
  cp.attach(link);
  const slept: number[] = [];
  const scheduler = new Scheduler();
  const ctx = {
    cp,
    // A timer that fires lateByMs late, as real ones may.
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms + lateByMs;
    },
    signal: new AbortController().signal,
    inbox: new Inbox({}, scheduler),
    statuses: new StatusWatch(scheduler),
    messages: new MessageWatch(scheduler),
    drops: new DropWatch(scheduler),
    toReal: (ms: number) => ms,
    faults: new FaultInjector(),
    version: versionRow(DEFAULT_VERSION),
  };
  await cp.startTransaction(1, "TAG", { powerW: 1000 });
  const outcome = await STEPS.charge(ctx, args);
  await cp.stopTransaction(1);
  cp.shutdown();
  const stop = link.calls.find((c) => c.action === "StopTransaction")!.req as StopRequest;
  return { outcome, slept, stop };
}

describe("charge with a power profile", () => {
  it("meters exactly the sum of power × time held (fixed clock)", async () => {
    const { outcome, stop, slept } = await chargeOnFixedClock({
      duration: "20m",
      power: [
        { at: "0s", power: "11kW" },
        { at: "10m", power: "3.7kW" },
      ],
    });
    // 11 kW × 1/6 h + 3.7 kW × 1/6 h = 1833.33 Wh + 616.67 Wh.
    expect(stop.meterStopWh).toBe(2450);
    expect(outcome).toEqual({ response: { energyWh: 2450, powerW: 3700 } });
    expect(slept).toEqual([600_000, 600_000]);
  });

  it("times each change from the start of the charge, so a late timer shifts none of the later ones", async () => {
    const { slept, outcome } = await chargeOnFixedClock(
      {
        duration: "30m",
        power: [
          { at: "0s", power: "7.2kW" },
          { at: "10m", power: 0 },
          { at: "20m", power: "3600W" },
        ],
      },
      1000,
    );
    expect(slept).toEqual([600_000, 599_000, 599_000]);
    // 7.2 kW for 601 s, nothing for 600 s, then 3.6 kW for 600 s (599 s asked, 1 s late).
    expect(outcome!.response).toEqual({
      energyWh: Math.round((7200 * 601 + 3600 * 600) / 3600),
      powerW: 3600,
    });
  });

  it("a single power is a profile of one, held for the whole charge", async () => {
    const { stop } = await chargeOnFixedClock({ duration: "1h30m", power: "7.4kW" });
    expect(stop.meterStopWh).toBe(11_100);
  });
});

interface Sampled {
  measurand?: string;
  value: string;
}

describe("a power profile over the wire", () => {
  it("shows each power in the meter values, in order", async () => {
    Settings.now = realNow;
    const scenario = parseScenario(
      `version: 1
name: Profile
timeScale: 10
chargePoint:
  id: CP-PROFILE
  config: { MeterValueSampleInterval: 1, MeterValuesSampledData: Power.Active.Import }
steps:
  - boot
  - startTransaction: { idTag: T1 }
  - charge: { duration: 6s, power: [{ at: 0s, power: 11kW }, { at: 3s, power: 3.7kW }] }
  - stopTransaction
`,
      "profile.yaml",
    );
    const report = await runScenario(scenario, { version: "1.6" });
    expect(report.passed).toBe(true);
    const powers = report.messages
      .filter((m) => m.action === "MeterValues" && m.kind === "call")
      .flatMap((m) => (m.payload as { meterValue: { sampledValue: Sampled[] }[] }).meterValue)
      .flatMap((v) => v.sampledValue.filter((x) => x.measurand === "Power.Active.Import"))
      .map((x) => Number(x.value));
    const distinct = powers.filter((p, i) => p !== powers[i - 1]);
    expect(distinct).toEqual([11000, 3700]);
    expect(powers.length).toBeGreaterThanOrEqual(4);
  });
});
