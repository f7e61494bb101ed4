// The bound on the 2.0.1 security events waiting for delivery (src/ocpp/v201/security-events.ts):
// a failure that repeats, on every reconnection attempt or in every frame of a flood, waits as
// one event, and the whole queue never grows past MAX_WAITING. Checked against the official
// schema too: what is queued must be sendable.
import { describe, expect, it } from "vitest";
import { schemasV201 } from "../../../src/ocpp/v201/schemas.ts";
import {
  invalidMessageInfo,
  MAX_WAITING,
  reconfigurationInfo,
  recordSecurityEvent,
} from "../../../src/ocpp/v201/security-events.ts";
import type { SecurityEventNotificationRequest } from "../../../src/ocpp/v201/types.ts";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const station = () => ({ securityEvents: [] as SecurityEventNotificationRequest[] });

describe("2.0.1 security events waiting for delivery", () => {
  it("keeps one of a repeating kind, the first, until it is delivered", () => {
    const st = station();
    expect(recordSecurityEvent(st, "InvalidCsmsCertificate", "first", NOW)).toBe(true);
    for (let i = 0; i < 100; i++)
      expect(recordSecurityEvent(st, "InvalidCsmsCertificate", `again ${i}`, NOW + i)).toBe(false);
    expect(st.securityEvents).toEqual([
      { type: "InvalidCsmsCertificate", timestamp: "2026-12-01T12:00:00.000Z", techInfo: "first" },
    ]);
    // Delivered (notices.ts shifts it): the next failure is a new event.
    st.securityEvents.shift();
    expect(recordSecurityEvent(st, "InvalidCsmsCertificate", "later", NOW + 1000)).toBe(true);
  });

  it("never holds more than MAX_WAITING, boots included", () => {
    const st = station();
    for (let i = 0; i < MAX_WAITING + 10; i++) recordSecurityEvent(st, "ResetOrReboot", `reset ${i}`, NOW);
    expect(st.securityEvents).toHaveLength(MAX_WAITING);
    expect(st.securityEvents.at(-1)!.techInfo).toBe(`reset ${MAX_WAITING - 1}`);
    const problems: string[] = [];
    expect(recordSecurityEvent(st, "InvalidMessages", "full", NOW, (m) => problems.push(m))).toBe(false);
    expect(problems).toEqual([
      `the security event InvalidMessages is not kept: ${MAX_WAITING} wait for delivery already`,
    ]);
  });

  it("cuts techInfo to the schema's 255 characters, and every event it makes is schema-valid", () => {
    const st = station();
    recordSecurityEvent(st, "InvalidMessages", "x".repeat(400), NOW);
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
    );
    expect(st.securityEvents[0]!.techInfo).toHaveLength(255);
    expect(st.securityEvents[1]!.techInfo).toBe("SetVariables changed SecurityCtrlr.BasicAuthPassword");
    for (const e of st.securityEvents)
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
