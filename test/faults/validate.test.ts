// Fault steps that send a real call are checked before anything connects, like `send`.
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/scenario/load.ts";

const load = (step: string) => () => parseScenario(`version: 1\nsteps:\n  - boot\n  - ${step}\n`, "f.yaml");

describe("fault steps in cpsim validate", () => {
  it("names a misspelt action with a hint", () => {
    expect(load("duplicateMessage: { action: Authorise, payload: { idTag: X } }")).toThrow(
      'f.yaml:4:33: steps[1].duplicateMessage.action: Authorise is not a call a charge point sends; did you mean "Authorize"?',
    );
  });

  it("refuses an invalid payload where one is not the point, and accepts it in sendInvalid", () => {
    expect(load("dropMidMessage: { action: DataTransfer }")).toThrow(
      /steps\[1\]\.dropMidMessage\.payload: not a valid DataTransfer request: .*vendorId/,
    );
    expect(load("sendInvalid: { action: DataTransfer, payload: {} }")).not.toThrow();
  });

  it("refuses a clock skew that is not a duration", () => {
    expect(load("skewClock: { by: yesterday }")).toThrow(/f\.yaml:4:\d+: steps\[1\]\.skewClock\.by/);
    expect(load("skewClock: { by: -1h30m }")).not.toThrow();
    expect(load("skewClock: { by: 1e308 }")).toThrow(/steps\[1\]\.skewClock\.by: 1e\+308 is too long/);
    expect(load("delayMessage: { by: 30d }")).toThrow(
      /steps\[1\]\.delayMessage\.by: expected a duration: .*up to 24d, found "30d"/,
    );
  });
});
