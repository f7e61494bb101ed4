import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { PayloadKind } from "../../../src/ocpp/schemas.ts";
import { CSMS_INITIATED_201, STATION_INITIATED_201 } from "../../../src/ocpp/v201/actions.ts";
import { generateV201Types } from "../../../src/ocpp/v201/gen-types.ts";
import { SchemaSet201, schemasV201 } from "../../../src/ocpp/v201/schemas.ts";

const dir = new URL("../../../src/ocpp/v201/schemas/", import.meta.url);
// The workplace keeps the official files beside the repository; a plain clone elsewhere has no copy to compare.
const official = new URL("../../../../shared/ocpp/2.0.1/json/", import.meta.url);

describe("OCPP 2.0.1 schemas and types", () => {
  it.skipIf(!existsSync(official))("are the official files, unmodified", () => {
    expect(readdirSync(dir).sort()).toEqual(readdirSync(official).sort());
    for (const f of readdirSync(dir)) {
      expect(readFileSync(new URL(f, dir), "utf8"), f).toBe(readFileSync(new URL(f, official), "utf8"));
    }
  });

  it("cover every action exactly once in the action maps", () => {
    const actions = readdirSync(dir)
      .filter((f) => f.endsWith("Request.json"))
      .map((f) => f.replace(/Request\.json$/, ""))
      .sort();
    // DataTransfer goes both ways.
    expect([...new Set([...STATION_INITIATED_201, ...CSMS_INITIATED_201])].sort()).toEqual(actions);
    expect(STATION_INITIATED_201.length + CSMS_INITIATED_201.length).toBe(actions.length + 1);
  });

  it("all 128 files compile under the draft-06 meta-schema", () => {
    const s = new SchemaSet201();
    for (const f of readdirSync(dir)) {
      const [, action, kind] = /^(.*)(Request|Response)\.json$/.exec(f)!;
      expect(s.schema(action!, kind === "Request" ? "request" : "response"), f).toBeDefined();
    }
  });

  it("generated types are up to date (npx tsx src/ocpp/v201/gen-types.ts)", async () => {
    const current = readFileSync(new URL("../../../src/ocpp/v201/types.ts", import.meta.url), "utf8");
    expect(current).toBe(await generateV201Types());
  }, 30_000);

  it("maps violations to the OCPP-J 2.0.1 error codes", () => {
    const s = schemasV201();
    const station = { model: "m", vendorName: "v" };
    expect(s.validate("BootNotification", "request", { reason: "PowerUp", chargingStation: station })).toBe(
      undefined,
    );
    expect(s.validate("BootNotification", "request", { chargingStation: station })).toEqual({
      code: "OccurrenceConstraintViolation",
      message: '(payload) is missing required property "reason"',
    });
    expect(
      s.validate("BootNotification", "request", {
        reason: "PowerUp",
        chargingStation: { model: 1, vendorName: "v" },
      })?.code,
    ).toBe("TypeConstraintViolation");
    expect(
      s.validate("BootNotification", "request", {
        reason: "PowerUp",
        chargingStation: { model: "m".repeat(21), vendorName: "v" },
      }),
    ).toEqual({
      code: "PropertyConstraintViolation",
      message: '/chargingStation/model must NOT have more than 20 characters (got "mmmmmmmmmmmmmmmmmmmmm")',
    });
    expect(
      s.validate("BootNotification", "request", { reason: "PowerUp", chargingStation: station, x: 1 }),
    ).toEqual({
      code: "FormatViolation",
      message: '(payload) has unexpected property "x"',
    });
    expect(
      s.validate("BootNotification", "request", { reason: "Boot", chargingStation: station })?.message,
    ).toBe(
      '/reason must be one of ApplicationReset, FirmwareUpdate, LocalReset, PowerUp, RemoteReset, ScheduledReset, Triggered, Unknown, Watchdog (got "Boot")',
    );
    expect(s.validate("Heartbeat", "response", { currentTime: "yesterday" })?.code).toBe(
      "PropertyConstraintViolation",
    );
    // A 1.6 payload on a 2.0.1 link: the shape is refused, not half-read.
    expect(s.validate("Authorize", "request", { idTag: "TAG" })?.code).toBe("OccurrenceConstraintViolation");
  });

  it("keeps no entry for made-up action names, however many a peer sends", () => {
    const s = new SchemaSet201();
    // The set keeps its validators by kind, then action.
    const { request, response } = (s as unknown as { compiled: Record<PayloadKind, Map<string, unknown>> })
      .compiled;
    const cached = (): number => request.size + response.size;
    expect(s.has("Heartbeat")).toBe(true);
    expect(s.has("StartTransaction")).toBe(false);
    for (let i = 0; i < 200; i++) expect(s.has(`MadeUp${i}`)).toBe(false);
    expect(s.validate("MadeUp1", "request", {})?.code).toBe("NotImplemented");
    expect(cached()).toBe(1);
  });
});
