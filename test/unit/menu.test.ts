import { describe, expect, it } from "vitest";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import { menuChoices } from "../../src/interactive/menu.ts";
import { versionRow } from "../../src/ocpp/versions.ts";
import { RecordingLink } from "./recording-link.ts";

const TERMS = versionRow("1.6").terms;

const disabled = (cp: ChargePoint) =>
  Object.fromEntries(
    menuChoices(cp, false, TERMS)
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
    expect(menuChoices(cp, false, TERMS).map((c) => c.value)).toContain("reconnect");

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

  it("speaks in the terms of the version: EVSE and idToken on 2.0.1, its TransactionEvent", () => {
    const cp = new ChargePoint({ id: "CP", statusOnBoot: false });
    cp.attach(new RecordingLink());
    const terms = versionRow("2.0.1").terms;
    const names = Object.fromEntries(menuChoices(cp, false, terms).map((c) => [c.value, c]));
    expect(names.stop).toMatchObject({
      name: "Stop a transaction (TransactionEvent Ended)",
      disabled: "(no transaction on EVSE 1 / connector 1)",
    });
    expect(names.authorize!.name).toBe("Authorize a card or another token (Authorize)");
    expect(names.start!.name).toBe("Start a transaction (TransactionEvent Started)");
    expect(names.status!.name).toBe("Change EVSE status (StatusNotification)");
    // The same menu on 1.6 speaks of connectors, idTags and StartTransaction.
    const names16 = Object.fromEntries(menuChoices(cp, false, TERMS).map((c) => [c.value, c.name]));
    expect(names16.start).toBe("Start a transaction (StartTransaction)");
    expect(names16.authorize).toBe("Authorize a card (Authorize)");
    cp.shutdown();
  });

  it("speaks of any connector when there are several", () => {
    const cp = new ChargePoint({ id: "CP", connectors: 2, statusOnBoot: false });
    cp.attach(new RecordingLink());
    expect(disabled(cp).stop).toBe("(no transaction on any connector)");
    expect(menuChoices(cp, true, TERMS).find((c) => c.value === "answerMode")?.name).toBe(
      "Answer central system calls automatically",
    );
  });
});
