// Reservations with a parentIdTag (OCPP 1.6 §5.13): an idTag other than the reserved one may use
// the reservation when its parent matches; the charge point learns the parent from Authorize.
import { describe, expect, it } from "vitest";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import type { IdTagInfo } from "../../src/ocpp/neutral.ts";
import { SimClock } from "../../src/util/clock.ts";
import type { StartRequest } from "./recording-link.ts";
import { RecordingLink } from "./recording-link.ts";

const T0 = Date.parse("2030-06-01T08:00:00.000Z");

/** A central system whose idTags belong to groups: TAG-F* to FLEET, the others to OTHER. */
class GroupLink extends RecordingLink {
  override async authorizeIdTag(idTag: string): Promise<IdTagInfo> {
    await super.authorizeIdTag(idTag);
    return { status: "Accepted", parentIdTag: idTag.startsWith("TAG-F") ? "FLEET" : "OTHER" };
  }
}

function setup() {
  const link = new GroupLink();
  const cp = new ChargePoint({
    id: "CP1",
    connectors: 1,
    statusOnBoot: false,
    clock: new SimClock(1, T0),
    config: { MeterValueSampleInterval: "0" },
  });
  cp.attach(link);
  const reserve = (parentIdTag?: string) =>
    cp.commands.reserveNow({
      reservationId: 4,
      connectorId: 1,
      idTag: "TAG-F1",
      parentIdTag,
      expiresAt: T0 + 600_000,
    });
  return { cp, link, reserve };
}

describe("reservations with a parentIdTag", () => {
  it("let an idTag of the same group start, after an Authorize that tells its parent", async () => {
    const { cp, link, reserve } = setup();
    expect(reserve("FLEET")).toBe("Accepted");
    await link.waitFor("StatusNotification");
    await cp.startTransaction(1, "TAG-F2");
    expect(link.actions()).toEqual([
      "StatusNotification",
      "Authorize",
      "StatusNotification",
      "StartTransaction",
      "StatusNotification",
    ]);
    expect(link.calls.find((c) => c.action === "StartTransaction")!.req).toMatchObject({
      idTag: "TAG-F2",
      reservationId: 4,
    } satisfies Partial<StartRequest>);
    expect(cp.reservations.all).toEqual([]);
  });

  it("refuse an idTag of another group, and any other idTag when the reservation has no parent", async () => {
    const { cp, link, reserve } = setup();
    expect(reserve("FLEET")).toBe("Accepted");
    await link.waitFor("StatusNotification");
    await expect(cp.startTransaction(1, "TAG-X")).rejects.toThrow(
      "connector 1 is reserved for another idTag",
    );
    expect(link.actions()).toEqual(["StatusNotification", "Authorize"]);
    expect(reserve()).toBe("Accepted");
    await expect(cp.startTransaction(1, "TAG-F2")).rejects.toThrow(
      "connector 1 is reserved for another idTag",
    );
    // Without a parent in the reservation there is nothing to look up.
    expect(link.count("Authorize")).toBe(1);
    expect(cp.commands.remoteStart("TAG-F2", 1)).toBe("Rejected");
  });
});
