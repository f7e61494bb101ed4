// The bound on what a 2.0.1 station holds for the CSMS (notice-queue.ts): a fleet offline for
// long keeps at most NOTICE_CAPACITY messages a station, security events before all others.
import { describe, expect, it } from "vitest";
import { ChargePoint } from "../../../src/chargepoint/charge-point.ts";
import { holdNotice, NOTICE_CAPACITY } from "../../../src/ocpp/v201/notice-queue.ts";
import { station201 } from "../../../src/ocpp/v201/station.ts";

const meterValues = (n: number) => ({
  action: "MeterValues" as const,
  req: {
    evseId: 1,
    meterValue: [{ timestamp: new Date(n * 1000).toISOString(), sampledValue: [{ value: n }] }],
  },
});
const security = {
  action: "SecurityEventNotification" as const,
  req: { type: "StartupOfTheDevice", timestamp: new Date(0).toISOString() },
};

describe("2.0.1 held notices", () => {
  it("hold nothing until there is something to hold", () => {
    expect(station201(new ChargePoint({ id: "CP-EMPTY" }).commands).notices).toBeUndefined();
  });

  it("beyond the bound, the oldest message that is no security event makes room, and it is said", () => {
    const st = station201(new ChargePoint({ id: "CP-FULL" }).commands);
    const problems: string[] = [];
    holdNotice(st, security, { problem: (m) => problems.push(m) });
    for (let n = 1; n < NOTICE_CAPACITY + 2; n++)
      holdNotice(st, meterValues(n), { problem: (m) => problems.push(m) });
    expect(st.notices).toHaveLength(NOTICE_CAPACITY);
    expect(st.notices![0]).toBe(security);
    // MeterValues 1 and 2 made room for the last two.
    expect(st.notices![1]).toEqual(meterValues(3));
    expect(st.notices!.at(-1)).toEqual(meterValues(NOTICE_CAPACITY + 1));
    // Said once while it stays full, not once a message.
    expect(problems).toEqual([
      `${NOTICE_CAPACITY} messages are held for the CSMS already; the oldest MeterValues is dropped, and so are the oldest ones while it stays full`,
    ]);
    expect(st.noticesDropped).toBe(2);
  });
});
