// Which profiles a charge point accepts, which a new one replaces, which a clear removes, and how
// the charge point's own limit is shared among its connectors.
import { describe, expect, it } from "vitest";
import { ConfigKeys } from "../../src/chargepoint/config-keys.ts";
import { share } from "../../src/chargepoint/smart-charging/limits.ts";
import {
  ProfileStore,
  placementProblem,
  profileProblem,
  profileRules,
} from "../../src/chargepoint/smart-charging/profiles.ts";
import { periods, profile, T0 } from "./smart-charging-fixtures.ts";

describe("profile checks", () => {
  const rules = profileRules(new ConfigKeys(2));

  it("reads the SmartCharging keys", () => {
    expect(rules).toEqual({ maxStackLevel: 10, maxPeriods: 24, maxInstalled: 16, allowedUnits: ["A", "W"] });
    expect(
      profileRules(new ConfigKeys(1, { ChargingScheduleAllowedChargingRateUnit: "Current" })).allowedUnits,
    ).toEqual(["A"]);
  });

  it("accepts a well-formed profile and names what is wrong with the others", () => {
    expect(profileProblem(profile(), rules)).toBeUndefined();
    const tooMany = periods(...Array.from({ length: 25 }, (_, i): [number, number] => [i * 60, 16]));
    const cases: [Parameters<typeof profile>[0], RegExp][] = [
      [{ stackLevel: 11 }, /ChargeProfileMaxStackLevel/],
      [{ stackLevel: -1 }, /ChargeProfileMaxStackLevel/],
      [{ schedule: { periods: tooMany } }, /ChargingScheduleMaxPeriods/],
      [{ schedule: { periods: [] } }, /no period/],
      [{ schedule: { periods: periods([600, 16], [0, 10]) } }, /rise/],
      [{ validFrom: T0, validTo: T0 }, /validTo/],
      [{ kind: "Recurring" }, /recurrencyKind/],
      [{ transactionId: 5 }, /only a TxProfile/],
      [{ schedule: { startSchedule: Number.NaN } }, /time/],
    ];
    for (const [over, problem] of cases) expect(profileProblem(profile(over), rules)).toMatch(problem);
    const amps = profileRules(new ConfigKeys(1, { ChargingScheduleAllowedChargingRateUnit: "Current" }));
    expect(profileProblem(profile({ schedule: { chargingRateUnit: "W" } }), amps)).toMatch(
      /AllowedChargingRateUnit/,
    );
  });

  it("refuses a ChargePointMaxProfile that no startSchedule places in time", () => {
    const max = (over: Parameters<typeof profile>[0]) =>
      profile({ purpose: "ChargePointMaxProfile", ...over });
    expect(profileProblem(max({ schedule: { startSchedule: Date.UTC(2026, 0, 1) } }), rules)).toBeUndefined();
    expect(profileProblem(max({}), rules)).toMatch(/needs a startSchedule/);
    expect(
      profileProblem(max({ kind: "Relative", schedule: { startSchedule: Date.UTC(2026, 0, 1) } }), rules),
    ).toMatch(/cannot be Relative/);
  });

  it("places ChargePointMaxProfile on connector 0 and a TxProfile on its running transaction only", () => {
    const max = profile({ purpose: "ChargePointMaxProfile" });
    const tx = profile({ purpose: "TxProfile", transactionId: 7 });
    expect(placementProblem(0, max, 2, undefined)).toBeUndefined();
    expect(placementProblem(1, max, 2, undefined)).toMatch(/connector 0/);
    expect(placementProblem(3, profile(), 2, undefined)).toMatch(/does not exist/);
    expect(placementProblem(1, tx, 2, 7)).toBeUndefined();
    expect(placementProblem(1, tx, 2, "7")).toBeUndefined();
    expect(placementProblem(1, tx, 2, 8)).toMatch(/not the one running/);
    expect(placementProblem(1, tx, 2, undefined)).toMatch(/no transaction/);
    expect(placementProblem(0, tx, 2, undefined)).toMatch(/TxProfile/);
    expect(placementProblem(1, profile({ purpose: "TxProfile" }), 2, null)).toBeUndefined();
  });
});

describe("ProfileStore", () => {
  const ids = (s: ProfileStore) => s.installed.map((i) => `${i.connectorId}:${i.profile.id}`);

  it("replaces the same id, or the same purpose and stackLevel on the same connector", () => {
    const s = new ProfileStore();
    s.install(0, profile({ id: 1, stackLevel: 0 }), 16);
    s.install(1, profile({ id: 2, stackLevel: 0 }), 16);
    s.install(0, profile({ id: 3, stackLevel: 1 }), 16);
    expect(ids(s)).toEqual(["0:1", "1:2", "0:3"]);
    s.install(0, profile({ id: 4, stackLevel: 0 }), 16);
    expect(ids(s)).toEqual(["1:2", "0:3", "0:4"]);
    s.install(2, profile({ id: 3, stackLevel: 5 }), 16);
    expect(ids(s)).toEqual(["1:2", "0:4", "2:3"]);
  });

  it("by the refuseOverlap rule keeps the same purpose and stackLevel apart in time instead of replacing", () => {
    const s = new ProfileStore();
    const hour = 3_600_000;
    expect(
      s.install(0, profile({ id: 1, validFrom: 0, validTo: hour }), 16, "refuseOverlap"),
    ).toBeUndefined();
    expect(s.install(0, profile({ id: 2, validFrom: hour }), 16, "refuseOverlap")).toBeUndefined();
    expect(s.install(0, profile({ id: 3, validFrom: hour / 2 }), 16, "refuseOverlap")).toMatch(
      /profile 1 has the same purpose and stackLevel/,
    );
    // It names the one it overlaps, not merely the first of its level.
    expect(s.install(0, profile({ id: 3, validFrom: 2 * hour }), 16, "refuseOverlap")).toMatch(/profile 2 /);
    // Another connector, or the same id, is no rival.
    expect(s.install(1, profile({ id: 4 }), 16, "refuseOverlap")).toBeUndefined();
    expect(s.install(0, profile({ id: 2, validFrom: 2 * hour }), 16, "refuseOverlap")).toBeUndefined();
    expect(ids(s)).toEqual(["0:1", "1:4", "0:2"]);
  });

  it("refuses a profile beyond MaxChargingProfilesInstalled, but a replacement still fits", () => {
    const s = new ProfileStore();
    expect(s.install(0, profile({ id: 1, stackLevel: 0 }), 2)).toBeUndefined();
    expect(s.install(0, profile({ id: 2, stackLevel: 1 }), 2)).toBeUndefined();
    expect(s.install(0, profile({ id: 3, stackLevel: 2 }), 2)).toMatch(/MaxChargingProfilesInstalled/);
    expect(s.install(0, profile({ id: 2, stackLevel: 3 }), 2)).toBeUndefined();
    expect(ids(s)).toEqual(["0:1", "0:2"]);
  });

  it("clears by id alone, by connector, purpose and stackLevel, or everything", () => {
    const s = new ProfileStore();
    s.install(0, profile({ id: 1, purpose: "ChargePointMaxProfile" }), 16);
    s.install(0, profile({ id: 2, stackLevel: 1 }), 16);
    s.install(1, profile({ id: 3, stackLevel: 1 }), 16);
    s.install(1, profile({ id: 4, purpose: "TxProfile" }), 16);
    expect(s.clear({ id: 2, connectorId: 1 })).toBe(1);
    expect(s.clear({ id: 2 })).toBe(0);
    expect(s.clear({ connectorId: 1, purpose: "TxDefaultProfile", stackLevel: 1 })).toBe(1);
    expect(s.endTransaction(1)).toBe(1);
    expect(ids(s)).toEqual(["0:1"]);
    expect(s.clear({})).toBe(1);
    expect(s.installed).toEqual([]);
  });
});

describe("sharing the charge point's limit", () => {
  it("gives each connector what it asks, up to an equal share of what is left", () => {
    expect(share([11_000, 11_000], 13_800)).toEqual([6900, 6900]);
    expect(share([3000, 11_000], 13_800)).toEqual([3000, 10_800]);
    expect(share([0, 11_000], 13_800)).toEqual([0, 11_000]);
    expect(share([11_000, 11_000], undefined)).toEqual([11_000, 11_000]);
  });
});
