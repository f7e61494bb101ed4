// OCPPCommCtrlr.QueueAllMessages from a scenario's config, on a 2.0.1 run against the embedded
// central system: a fault and its clearing while the station is offline reach the CSMS as
// NotifyEvents once it is back, before the status it reports again; without it they do not.
import { describe, expect, it } from "vitest";
import { passingRunMessages } from "./helpers.ts";

const OFFLINE_FAULT = (config: string) => `version: 1
name: A fault while offline
chargePoint:
  id: CP-QUEUE-ALL
  config: { MeterValueSampleInterval: 0${config} }
steps:
  - boot
  - disconnect
  - fault: { errorCode: GroundFailure }
  - clearFault
  - reconnect
  - heartbeat
`;

/** The calls the station sent, by action. */
async function calls(config: string): Promise<string[]> {
  const messages = await passingRunMessages("queue-all.yaml", OFFLINE_FAULT(config), ["--ocpp", "2.0.1"]);
  return messages.filter((m) => m.dir === "out" && m.kind === "call").map((m) => m.action);
}

// Before the disconnect step: the boot, its security event and the EVSE's status.
const ONLINE = ["BootNotification", "SecurityEventNotification", "StatusNotification"];

describe("QueueAllMessages from a scenario's config", () => {
  it("true: the NotifyEvents of the offline fault go out on reconnection, before the status", async () => {
    expect(await calls(", QueueAllMessages: true")).toEqual([
      ...ONLINE,
      "NotifyEvent",
      "NotifyEvent",
      "StatusNotification",
      "Heartbeat",
    ]);
  });

  it("false (the default): only the status is reported again", async () => {
    expect(await calls("")).toEqual([...ONLINE, "StatusNotification", "Heartbeat"]);
  });
});
