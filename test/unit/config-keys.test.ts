import { describe, expect, it } from "vitest";
import { ConfigKeys } from "../../src/chargepoint/config-keys.ts";

describe("ConfigKeys", () => {
  it("has the 1.6 core keys with their defaults", () => {
    const c = new ConfigKeys(2);
    expect(c.get("HeartbeatInterval")).toBe("300");
    expect(c.get("MeterValueSampleInterval")).toBe("60");
    expect(c.get("NumberOfConnectors")).toBe("2");
    expect(c.list("MeterValuesSampledData")).toEqual(["Energy.Active.Import.Register"]);
    expect(c.bool("AuthorizeRemoteTxRequests")).toBe(true);
  });

  it("refuses read-only keys and answers NotSupported for unknown ones", () => {
    const c = new ConfigKeys(1);
    expect(c.change("NumberOfConnectors", "4")).toBe("Rejected");
    expect(c.get("NumberOfConnectors")).toBe("1");
    expect(c.change("NoSuchKey", "1")).toBe("NotSupported");
  });

  it("type-checks values", () => {
    const c = new ConfigKeys(1);
    expect(c.change("HeartbeatInterval", "abc")).toBe("Rejected");
    expect(c.change("HeartbeatInterval", "-5")).toBe("Rejected");
    expect(c.change("HeartbeatInterval", "60")).toBe("Accepted");
    expect(c.int("HeartbeatInterval")).toBe(60);
    expect(c.change("LocalPreAuthorize", "yes")).toBe("Rejected");
    expect(c.change("LocalPreAuthorize", "TRUE")).toBe("Accepted");
    expect(c.bool("LocalPreAuthorize")).toBe(true);
    expect(c.change("MeterValuesSampledData", "Energy.Active.Import.Register,Temperature")).toBe("Rejected");
    expect(c.change("MeterValuesSampledData", "Power.Active.Import, Voltage")).toBe("Accepted");
    expect(c.list("MeterValuesSampledData")).toEqual(["Power.Active.Import", "Voltage"]);
  });

  it("lists requested keys and the unknown ones apart", () => {
    const c = new ConfigKeys(1);
    const { entries, unknownKeys } = c.entries(["HeartbeatInterval", "Foo", "NumberOfConnectors"]);
    expect(entries).toEqual([
      { key: "HeartbeatInterval", readonly: false, value: "300" },
      { key: "NumberOfConnectors", readonly: true, value: "1" },
    ]);
    expect(unknownKeys).toEqual(["Foo"]);
    expect(c.entries().entries.length).toBeGreaterThan(20);
  });

  it("accepts start values, read-only ones included, but checks them", () => {
    expect(new ConfigKeys(1, { SupportedFeatureProfiles: "Core" }).get("SupportedFeatureProfiles")).toBe(
      "Core",
    );
    expect(() => new ConfigKeys(1, { Nope: "1" })).toThrow(/unknown configuration key Nope/);
    expect(() => new ConfigKeys(1, { HeartbeatInterval: "soon" })).toThrow(
      /HeartbeatInterval: expected an integer/,
    );
  });
});
