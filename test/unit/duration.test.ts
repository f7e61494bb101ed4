import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/util/duration.ts";

describe("parseDuration", () => {
  it.each([
    ["30s", 30_000],
    ["15m", 900_000],
    ["1h30m", 5_400_000],
    ["250ms", 250],
    ["1.5s", 1500],
    ["2d", 172_800_000],
    ["PT15M", 900_000],
    ["45", 45_000],
    [2, 2000],
  ] as const)("%s is %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "soon", "5 minutes", "10x", "m5", "-3s", "PTXM"])("%j is not a duration", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it("formats for people", () => {
    expect(formatDuration(12)).toBe("12ms");
    expect(formatDuration(1234)).toBe("1.23s");
    expect(formatDuration(16_049)).toBe("16.0s");
    expect(formatDuration(5_430_000)).toBe("1h30m30s");
  });
});
