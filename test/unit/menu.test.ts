import { describe, expect, it } from "vitest";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import { menuChoices } from "../../src/interactive/menu.ts";
import { RecordingLink } from "./recording-link.ts";

const disabled = (cp: ChargePoint) =>
  Object.fromEntries(
    menuChoices(cp, false)
      .filter((c) => c.disabled)
      .map((c) => [c.value, c.disabled]),
  );

describe("interactive menu", () => {
  it("disables what makes no sense now and says why", async () => {
    const cp = new ChargePoint({ id: "CP", statusOnBoot: false });
    expect(disabled(cp)).toMatchObject({
      boot: "(not connected: reconnect first)",
      stop: "(not connected: reconnect first)",
    });
    expect(menuChoices(cp, false).map((c) => c.value)).toContain("reconnect");

    cp.attach(new RecordingLink());
    expect(disabled(cp)).toEqual({
      stop: "(no transaction on connector 1)",
      unplug: "(nothing plugged in on connector 1)",
      clearFault: "(no fault on connector 1)",
    });
    await cp.startTransaction(1, "T");
    expect(disabled(cp)).toEqual({
      plugIn: "(a cable is already in on connector 1)",
      start: "(a transaction runs or a fault stops it on connector 1)",
      clearFault: "(no fault on connector 1)",
    });
    cp.shutdown();
  });

  it("speaks of any connector when there are several", () => {
    const cp = new ChargePoint({ id: "CP", connectors: 2, statusOnBoot: false });
    cp.attach(new RecordingLink());
    expect(disabled(cp).stop).toBe("(no transaction on any connector)");
    expect(menuChoices(cp, true).find((c) => c.value === "answerMode")?.name).toBe(
      "Answer central system calls automatically",
    );
  });
});
