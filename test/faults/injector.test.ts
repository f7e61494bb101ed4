// The fault injector on its own: which hooks it arms on a connection and when it clears them,
// so a charge point with no fault pays nothing per message.
import { describe, expect, it } from "vitest";
import { FaultInjector } from "../../src/faults/injector.ts";
import { skewTimestamps } from "../../src/faults/skew.ts";
import { parseFaultSpecs } from "../../src/faults/spec.ts";
import type { RawAnswer, Wire } from "../../src/transport/wire.ts";

/** The hooks a transport exposes, as plain fields: what the injector sets is what a transport would see. */
function wire(): Wire {
  return {
    binding: "json",
    tap: undefined,
    rewrite: undefined,
    sendRaw: async (): Promise<RawAnswer> => ({ kind: "none", withinMs: 0 }),
  };
}

const call = (action: string) => ({ kind: "call" as const, action, id: "1" });

describe("FaultInjector", () => {
  it("arms the tap only while a fault is pending", () => {
    const w = wire();
    const faults = new FaultInjector();
    faults.attach(w);
    expect(w.tap).toBeUndefined();
    expect(w.rewrite).toBeUndefined();
    faults.delayNext(500, "StatusNotification");
    expect(w.tap!(call("Heartbeat"))).toBeUndefined();
    expect(w.tap!(call("StatusNotification"))).toEqual({ delayMs: 500 });
    // One-shot: once used, the hook is gone.
    expect(w.tap).toBeUndefined();
  });

  it("keeps faults armed across a reconnect and applies them to the new connection", () => {
    const faults = new FaultInjector();
    faults.attach(wire());
    faults.dropNext("StartTransaction");
    faults.attach(undefined);
    const next = wire();
    faults.attach(next);
    expect(next.tap!(call("StartTransaction"))).toEqual({ cut: 0.5 });
    expect(faults.takeCausedClose()).toBe(true);
    expect(faults.takeCausedClose()).toBe(false);
  });

  it("draws faults at the given rates with a swappable random source (for load runs)", () => {
    const w = wire();
    const draws = [0.5, 0.001, 0.3];
    const faults = new FaultInjector({
      random: () => draws.shift() ?? 1,
      rates: { drop: 0.01, delay: { p: 0.05, ms: 200 } },
    });
    faults.attach(w);
    // 0.5 ≥ 1 %: no drop; 0.001 < 5 %: delayed.
    expect(w.tap!(call("Heartbeat"))).toEqual({ delayMs: 200 });
    faults.setRates(undefined);
    expect(w.tap).toBeUndefined();
  });

  it("skews every timestamp of an outgoing payload and leaves the rest alone", () => {
    const w = wire();
    const faults = new FaultInjector();
    faults.attach(w);
    faults.skewClock(-3_600_000);
    const payload = {
      connectorId: 1,
      meterValue: [{ timestamp: "2026-01-01T12:00:00.000Z", sampledValue: [{ value: "1" }] }],
    };
    expect(w.rewrite!("MeterValues", payload)).toEqual({
      connectorId: 1,
      meterValue: [{ timestamp: "2026-01-01T11:00:00.000Z", sampledValue: [{ value: "1" }] }],
    });
    expect(payload.meterValue[0]!.timestamp).toBe("2026-01-01T12:00:00.000Z");
    faults.skewClock(0);
    expect(w.rewrite).toBeUndefined();
    // A "__proto__" key in a payload stays a plain field.
    const odd = JSON.parse('{"__proto__": {"timestamp": "2026-01-01T00:00:00.000Z"}}');
    expect(Object.hasOwn(skewTimestamps(odd, 1000) as object, "__proto__")).toBe(true);
  });
});

describe("parseFaultSpecs (--fault for load runs)", () => {
  it("reads percentages, fractions and delays", () => {
    expect(parseFaultSpecs(["drop:1%", "delay:5%:2s", "duplicate:0.005"])).toEqual({
      drop: 0.01,
      delay: { p: 0.05, ms: 2000 },
      duplicate: 0.005,
    });
    expect(parseFaultSpecs([])).toBeUndefined();
  });

  it("refuses anything else in one sentence", () => {
    for (const bad of [
      "drop",
      "drop:150%",
      "drop:x",
      "delay:5%",
      "delay:5%:forever",
      "jitter:1%",
      "drop:1%:2s",
    ]) {
      expect(() => parseFaultSpecs([bad])).toThrow(/^--fault .* is not a fault; expected/);
    }
  });
});
