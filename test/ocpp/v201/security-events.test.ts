// The bound on the 2.0.1 security events waiting for delivery (src/ocpp/v201/security-events.ts):
// a failure that repeats, on every reconnection attempt or in every frame of a flood, waits as
// one event, and the whole queue never grows past MAX_WAITING. Checked against the official
// schema too: what is queued must be sendable.
import { describe, expect, it } from "vitest";
import { ChargePoint } from "../../../src/chargepoint/charge-point.ts";
import { schemasV201 } from "../../../src/ocpp/v201/schemas.ts";
import {
  invalidMessageInfo,
  MAX_WAITING,
  reconfigurationInfo,
  recordSecurityEvent,
} from "../../../src/ocpp/v201/security-events.ts";
import { type Station201, station201 } from "../../../src/ocpp/v201/station.ts";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const station = () => station201(new ChargePoint({ id: "CP-SEC" }).commands);
/** The security events the station holds, oldest first. */
const held = (st: Station201) =>
  (st.notices ?? []).flatMap((n) => (n.action === "SecurityEventNotification" ? [n.req] : []));
const QUIET = { problem: () => {} };

describe("2.0.1 security events waiting for delivery", () => {
  it("keeps one of a repeating kind, the first, until it is delivered", () => {
    const st = station();
    expect(recordSecurityEvent(st, "InvalidCsmsCertificate", "first", NOW, QUIET)).toBe(true);
    for (let i = 0; i < 100; i++)
      expect(recordSecurityEvent(st, "InvalidCsmsCertificate", `again ${i}`, NOW + i, QUIET)).toBe(false);
    expect(held(st)).toEqual([
      { type: "InvalidCsmsCertificate", timestamp: "2026-12-01T12:00:00.000Z", techInfo: "first" },
    ]);
    // Delivered (notice-queue.ts takes it off): the next failure is a new event.
    st.notices!.shift();
    expect(recordSecurityEvent(st, "InvalidCsmsCertificate", "later", NOW + 1000, QUIET)).toBe(true);
  });

  it("never holds more than MAX_WAITING, boots included", () => {
    const st = station();
    for (let i = 0; i < MAX_WAITING + 10; i++)
      recordSecurityEvent(st, "ResetOrReboot", `reset ${i}`, NOW, QUIET);
    expect(held(st)).toHaveLength(MAX_WAITING);
    expect(held(st).at(-1)!.techInfo).toBe(`reset ${MAX_WAITING - 1}`);
    const problems: string[] = [];
    expect(
      recordSecurityEvent(st, "InvalidMessages", "full", NOW, { problem: (m) => problems.push(m) }),
    ).toBe(false);
    expect(problems).toEqual([
      `the security event InvalidMessages is not kept: ${MAX_WAITING} wait for delivery already`,
    ]);
  });

  it("cuts techInfo to the schema's 255 characters, and every event it makes is schema-valid", () => {
    const st = station();
    recordSecurityEvent(st, "InvalidMessages", "x".repeat(400), NOW, QUIET);
    recordSecurityEvent(
      st,
      "ReconfigurationOfSecurityParameters",
      reconfigurationInfo([
        {
          component: { name: "SecurityCtrlr" },
          variable: { name: "BasicAuthPassword" },
          attributeStatus: "Accepted",
        },
        { component: { name: "SecurityCtrlr" }, variable: { name: "Identity" }, attributeStatus: "Rejected" },
      ])!,
      NOW,
      QUIET,
    );
    expect(held(st)[0]!.techInfo).toHaveLength(255);
    expect(held(st)[1]!.techInfo).toBe("SetVariables changed SecurityCtrlr.BasicAuthPassword");
    for (const e of held(st))
      expect(schemasV201().validate("SecurityEventNotification", "request", e)).toBeUndefined();
  });

  it("names what arrived invalid without its content", () => {
    expect(invalidMessageInfo({ kind: "frame", code: "FormatViolation" })).toBe(
      "received a frame that is no OCPP-J message (FormatViolation)",
    );
    expect(invalidMessageInfo({ kind: "call", code: "NotImplemented" })).toBe(
      "received a CALL of an action OCPP 2.0.1 does not have (NotImplemented)",
    );
    expect(
      reconfigurationInfo([
        {
          component: { name: "OCPPCommCtrlr" },
          variable: { name: "HeartbeatInterval" },
          attributeStatus: "Accepted",
        },
      ]),
    ).toBeUndefined();
  });
});
