import { describe, expect, it } from "vitest";
import { ConfigKeys } from "../../src/chargepoint/config-keys.ts";
import { Setting } from "../../src/chargepoint/settings.ts";

describe("typed settings", () => {
  it("every setting the model reads is a configuration key of the charge point", () => {
    const keys = new Set(new ConfigKeys(2).names());
    const missing = Object.values(Setting).filter((k) => !keys.has(k));
    expect(missing).toEqual([]);
  });

  it("reads a setting through its constant, with its type", () => {
    const config = new ConfigKeys(1, { StopTransactionOnInvalidId: "false", HeartbeatInterval: "42" });
    expect(config.bool(Setting.stopTransactionOnInvalidId)).toBe(false);
    expect(config.int(Setting.heartbeatInterval)).toBe(42);
    expect(config.list(Setting.meterValuesSampledData)).toEqual(["Energy.Active.Import.Register"]);
  });

  it("refuses a misspelt or mistyped setting at compile time (tsc checks this file)", () => {
    const config = new ConfigKeys(1);
    // @ts-expect-error a typo used to read false silently
    expect(config.bool("StopTransactionOnInvalidID")).toBe(false);
    // @ts-expect-error HeartbeatInterval is an integer, not a boolean
    expect(config.bool(Setting.heartbeatInterval)).toBe(false);
  });
});
