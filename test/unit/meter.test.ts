import { describe, expect, it } from "vitest";
import { Meter } from "../../src/chargepoint/meter.ts";

describe("Meter", () => {
  it("grows the register with power over time", () => {
    const m = new Meter(1000, 0);
    m.setPower(11_000, 0);
    // 11 kW for 30 minutes is 5.5 kWh.
    expect(m.energyWh(30 * 60_000)).toBeCloseTo(1000 + 5500, 9);
  });

  it("settles energy drawn so far when the power changes", () => {
    const m = new Meter(0, 0);
    m.setPower(7200, 0);
    m.setPower(3600, 3_600_000); // 7.2 kWh in the first hour
    expect(m.energyWh(7_200_000)).toBeCloseTo(7200 + 3600, 9);
    expect(m.power).toBe(3600);
  });

  it("never runs backwards when read before its last change", () => {
    const m = new Meter(500, 1000);
    m.setPower(1000, 1000);
    expect(m.energyWh(0)).toBe(500);
  });

  it("refuses a negative or non-finite power", () => {
    const m = new Meter(0, 0);
    expect(() => m.setPower(-1, 0)).toThrow(/non-negative/);
    expect(() => m.setPower(Number.NaN, 0)).toThrow(/non-negative/);
    expect(() => m.setPower(Number.POSITIVE_INFINITY, 0)).toThrow(/non-negative/);
  });
});
