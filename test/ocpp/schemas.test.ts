import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateV16Types } from "../../scripts/gen-types.ts";
import { CP_INITIATED_16, CS_INITIATED_16 } from "../../src/ocpp/v16/actions.ts";
import { schemasV16 } from "../../src/ocpp/v16/schemas.ts";

const dir = new URL("../../src/ocpp/v16/schemas/", import.meta.url);
// The workplace keeps the official files beside the repository; a plain clone elsewhere has no copy to compare.
const official = new URL("../../../shared/ocpp/1.6/json/", import.meta.url);

describe("OCPP 1.6 schemas and types", () => {
  it.skipIf(!existsSync(official))("are the official files, unmodified", () => {
    expect(readdirSync(dir).sort()).toEqual(readdirSync(official).sort());
    for (const f of readdirSync(dir)) {
      expect(readFileSync(new URL(f, dir), "utf8"), f).toBe(readFileSync(new URL(f, official), "utf8"));
    }
  });

  it("cover every action exactly once in the action maps", () => {
    const actions = readdirSync(dir)
      .filter((f) => !f.endsWith("Response.json"))
      .map((f) => f.replace(/\.json$/, ""))
      .sort();
    // DataTransfer goes both ways.
    const mapped = [...new Set([...CP_INITIATED_16, ...CS_INITIATED_16])].sort();
    expect(mapped).toEqual(actions);
  });

  it("generated types are up to date (npm run gen:types)", async () => {
    const current = readFileSync(new URL("../../src/ocpp/v16/types.ts", import.meta.url), "utf8");
    expect(current).toBe(await generateV16Types());
  });

  it("maps violations to the OCPP-J error codes", () => {
    const s = schemasV16();
    expect(
      s.validate("BootNotification", "request", { chargePointVendor: "v", chargePointModel: "m" }),
    ).toBeUndefined();
    expect(s.validate("BootNotification", "request", { chargePointVendor: "v" })).toEqual({
      code: "OccurenceConstraintViolation",
      message: '(payload) is missing required property "chargePointModel"',
    });
    expect(
      s.validate("BootNotification", "request", { chargePointVendor: 1, chargePointModel: "m" })?.code,
    ).toBe("TypeConstraintViolation");
    expect(
      s.validate("BootNotification", "request", { chargePointVendor: "v".repeat(21), chargePointModel: "m" })
        ?.code,
    ).toBe("PropertyConstraintViolation");
    expect(
      s.validate("BootNotification", "request", { chargePointVendor: "v", chargePointModel: "m", extra: 1 }),
    ).toEqual({
      code: "FormationViolation",
      message: '(payload) has unexpected property "extra"',
    });
    expect(
      s.validate("BootNotification", "response", {
        status: "Maybe",
        currentTime: "2026-01-01T00:00:00Z",
        interval: 1,
      }),
    ).toEqual({
      code: "PropertyConstraintViolation",
      message: '/status must be one of Accepted, Pending, Rejected (got "Maybe")',
    });
    expect(s.validate("Heartbeat", "response", { currentTime: "noon" })?.message).toBe(
      '/currentTime must match format "date-time" (got "noon")',
    );
  });

  it("accepts decimal charging limits that are multiples of 0.1 (float tolerance)", () => {
    const profile = {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: "TxDefaultProfile",
        chargingProfileKind: "Absolute",
        chargingSchedule: {
          chargingRateUnit: "A",
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 16.3 }],
        },
      },
    };
    expect(schemasV16().validate("SetChargingProfile", "request", profile)).toBeUndefined();
  });

  it("knows which actions exist", () => {
    expect(schemasV16().has("RemoteStartTransaction")).toBe(true);
    expect(schemasV16().has("FooBar")).toBe(false);
    expect(schemasV16().has("../../etc/passwd")).toBe(false);
  });
});
