// The decisions behind central-system commands, on the model alone: availability that waits for
// transactions (Scheduled), faults that outrank it, and commands accepted twice in a row.
import { describe, expect, it } from "vitest";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import { OcppError } from "../../src/ocpp/errors.ts";
import type { StatusReport, StopRequest } from "./recording-link.ts";
import { RecordingLink } from "./recording-link.ts";

function setup(connectors = 2) {
  const link = new RecordingLink();
  const cp = new ChargePoint({
    id: "CP1",
    connectors,
    statusOnBoot: false,
    config: { MeterValueSampleInterval: "0", AuthorizeRemoteTxRequests: "false" },
  });
  cp.attach(link);
  const statuses = () =>
    link.calls
      .filter((c) => c.action === "StatusNotification")
      .map((c) => `${(c.req as StatusReport).connectorId}:${(c.req as StatusReport).status}`);
  return { cp, link, statuses };
}

describe("ChangeAvailability", () => {
  it("is Scheduled for a connector in a transaction and makes it Unavailable, not Finishing, when it stops", async () => {
    const { cp, link, statuses } = setup();
    await cp.startTransaction(1, "TAG");
    expect(cp.commands.changeAvailability(1, "Inoperative")).toBe("Scheduled");
    expect(cp.connector(1)).toMatchObject({
      availability: "Operative",
      scheduledAvailability: "Inoperative",
    });
    await cp.stopTransaction(1);
    expect(statuses()).toEqual(["1:Preparing", "1:Charging", "1:Unavailable"]);
    expect(cp.connector(1)).toMatchObject({ availability: "Inoperative", scheduledAvailability: undefined });
    expect(link.count("StatusNotification")).toBe(3);
    await expect(cp.startTransaction(1, "TAG")).rejects.toThrow(/Unavailable/);
  });

  it("asking for the current state again cancels a change still waiting", async () => {
    const { cp, statuses } = setup();
    await cp.startTransaction(1, "TAG");
    expect(cp.commands.changeAvailability(1, "Inoperative")).toBe("Scheduled");
    expect(cp.commands.changeAvailability(1, "Operative")).toBe("Accepted");
    await cp.stopTransaction(1);
    expect(statuses()).toEqual(["1:Preparing", "1:Charging", "1:Finishing"]);
  });

  it("for the whole charge point: idle connectors at once, busy ones and connector 0 after the last transaction", async () => {
    const { cp, link, statuses } = setup(3);
    await cp.startTransaction(1, "A");
    await cp.startTransaction(3, "B");
    expect(cp.commands.changeAvailability(0, "Inoperative")).toBe("Scheduled");
    await link.waitFor("StatusNotification", 5);
    expect(statuses().slice(4)).toEqual(["2:Unavailable"]);
    expect(cp.commands.remoteStart("C", 2)).toBe("Rejected");
    await cp.stopTransaction(1);
    expect(statuses().slice(5)).toEqual(["1:Unavailable"]);
    expect(cp.scheduledAvailability).toBe("Inoperative");
    await cp.stopTransaction(3);
    expect(statuses().slice(6)).toEqual(["3:Unavailable", "0:Unavailable"]);
    expect(cp.availability).toBe("Inoperative");
  });

  it("a Faulted connector stays Faulted; clearing the fault leaves it Unavailable", async () => {
    const { cp, statuses } = setup();
    await cp.fault(1, "GroundFailure");
    expect(cp.commands.changeAvailability(1, "Inoperative")).toBe("Accepted");
    await cp.clearFault(1);
    expect(statuses()).toEqual(["1:Faulted", "1:Unavailable"]);
  });

  it("an Operative connector of an Inoperative charge point still refuses transactions", async () => {
    const { cp, link, statuses } = setup();
    expect(cp.commands.changeAvailability(0, "Inoperative")).toBe("Accepted");
    await link.waitFor("StatusNotification", 3);
    expect(cp.commands.changeAvailability(1, "Operative")).toBe("Accepted");
    expect(cp.commands.remoteStart("TAG", 1)).toBe("Rejected");
    expect(statuses()).toEqual(["0:Unavailable", "1:Unavailable", "2:Unavailable"]);
  });
});

describe("commands accepted twice in a row", () => {
  it("a second remote start for the same connector is Rejected before the first has started", async () => {
    const { cp, link } = setup();
    expect(cp.commands.remoteStart("A", 1)).toBe("Accepted");
    expect(cp.commands.remoteStart("B", 1)).toBe("Rejected");
    // Without a connector the next free one is chosen.
    expect(cp.commands.remoteStart("B")).toBe("Accepted");
    await link.waitFor("StartTransaction", 2);
    expect(link.calls.filter((c) => c.action === "StartTransaction").map((c) => c.req)).toMatchObject([
      { connectorId: 1, idTag: "A" },
      { connectorId: 2, idTag: "B" },
    ]);
    cp.shutdown();
  });

  it("a second remote stop is Accepted but sends no second StopTransaction", async () => {
    const { cp, link } = setup();
    const transactionId = (await cp.startTransaction(1, "A")).transactionId!;
    expect(cp.commands.remoteStop(transactionId)).toBe("Accepted");
    expect(cp.commands.remoteStop(transactionId)).toBe("Accepted");
    await link.waitFor("StopTransaction");
    await link.waitFor("StatusNotification", 3);
    expect(link.count("StopTransaction")).toBe(1);
    expect((link.calls.find((c) => c.action === "StopTransaction")!.req as StopRequest).reason).toBe(
      "Remote",
    );
  });

  it("a message the charge point cannot send is NotImplemented", () => {
    const { cp } = setup();
    expect(cp.commands.trigger("SignCertificate")).toBe("NotImplemented");
  });
});

describe("a transaction whose StartTransaction was not answered yet", () => {
  /** The central system answers the first StartTransaction with a CALLERROR: it waits for a retry. */
  async function startedWithoutId() {
    const { cp, link, statuses } = setup(1);
    const start = link.startTransaction.bind(link);
    let first = true;
    link.startTransaction = async (r) => {
      if (!first) return start(r);
      first = false;
      throw new OcppError("InternalError", "try again later", {}, true);
    };
    await cp.startTransaction(1, "TAG");
    expect(cp.connector(1).transaction).toMatchObject({ id: undefined, idTag: "TAG" });
    return { cp, link, statuses };
  }

  it("UnlockConnector stops it before unlocking (OCPP 1.6 §5.18)", async () => {
    const { cp } = await startedWithoutId();
    expect(await cp.commands.unlockConnector(1)).toBe("Unlocked");
    expect(cp.connector(1).transaction).toBeUndefined();
    cp.shutdown();
  });

  it("a soft Reset stops it too (OCPP 1.6 §5.14)", async () => {
    const { cp } = await startedWithoutId();
    const stopped = new Promise<void>((resolve) => {
      const stop = cp.stopTransaction.bind(cp);
      cp.stopTransaction = async (...args) => {
        const res = await stop(...args);
        resolve();
        return res;
      };
    });
    expect(cp.commands.reset("Soft")).toBe("Accepted");
    await stopped;
    expect(cp.connector(1).transaction).toBeUndefined();
    cp.shutdown();
  });
});
