// The neutral names are written twice, in the code and in the scenario schema an editor reads:
// the two lists must stay one. And every version reads each of its messages that stands for an
// event as that event.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CENTRAL_COMMANDS, COMMAND_ARGUMENTS, TRIGGERABLE_EVENTS } from "../../src/ocpp/central-commands.ts";
import { CHARGE_POINT_EVENTS } from "../../src/ocpp/charge-point-events.ts";
import { versionRows } from "../../src/ocpp/versions.ts";

const schema = JSON.parse(
  readFileSync(new URL("../../src/scenario/scenario.schema.json", import.meta.url), "utf8"),
);
const call = schema.$defs.centralSystemCallArgs.properties;
const wait = schema.$defs.waitForMessageArgs.properties;

describe("the scenario schema and the neutral names", () => {
  it("lists the commands, the events and what can be triggered as the code does", () => {
    expect(call.command.enum).toEqual(CENTRAL_COMMANDS);
    expect(wait.event.enum).toEqual(CHARGE_POINT_EVENTS);
    expect(call.message.enum).toEqual(TRIGGERABLE_EVENTS);
  });

  it("lets waitForMessage name the message of any version by its action (validate --ocpp refuses another version's)", () => {
    const actions = new Set(versionRows().flatMap((r) => r.chargePointActions));
    expect(wait.action.enum).toEqual([...actions].sort());
  });

  it("has a property for every command argument", () => {
    const args = new Set(Object.values(COMMAND_ARGUMENTS).flatMap((a) => [...a.required, ...a.optional]));
    for (const arg of args) expect(call, arg).toHaveProperty(arg);
  });

  it("gives every version every command but those it lacks (1.5: triggerMessage, smart charging)", () => {
    const lacking = Object.fromEntries(
      versionRows().map((r) => [r.id, CENTRAL_COMMANDS.filter((c) => !r.centralSystemCommands[c])]),
    );
    expect(lacking).toEqual({
      "1.5": ["triggerMessage", "setChargingProfile", "clearChargingProfile", "getCompositeSchedule"],
      "1.6": [],
      "2.0.1": [],
    });
  });
});

describe("each version's messages as neutral events", () => {
  const row = (id: string) => versionRows().find((r) => r.id === id)!;

  it("maps the status names that differ to the neutral ones", () => {
    expect(
      row("1.6").readEvent("StatusNotification", {
        connectorId: 1,
        status: "Charging",
        errorCode: "NoError",
      }),
    ).toEqual({
      event: "status",
      fields: { connector: 1, status: "Occupied", errorCode: "NoError" },
    });
    expect(
      row("2.0.1").readEvent("LogStatusNotification", { status: "UploadFailure", requestId: 1 }),
    ).toEqual({
      event: "diagnosticsStatus",
      fields: { status: "UploadFailed" },
    });
    expect(row("1.6").readEvent("DiagnosticsStatusNotification", { status: "UploadFailed" })?.fields).toEqual(
      {
        status: "UploadFailed",
      },
    );
  });

  it("reads a transaction's end with its reason: 1.6 Local when it gives none, 1.5 none at all", () => {
    const stop = { transactionId: 7, meterStop: 10, timestamp: "2026-01-01T00:00:00Z" };
    expect(row("1.6").readEvent("StopTransaction", stop)?.fields).toMatchObject({
      transactionId: 7,
      reason: "Local",
    });
    expect(row("1.5").readEvent("StopTransaction", stop)?.fields).not.toHaveProperty("reason");
    const ended = {
      eventType: "Ended",
      timestamp: "2026-01-01T00:00:00Z",
      triggerReason: "ResetCommand",
      seqNo: 3,
      transactionInfo: { transactionId: "tx-1", stoppedReason: "ImmediateReset" },
    };
    expect(row("2.0.1").readEvent("TransactionEvent", ended)).toEqual({
      event: "transactionEnded",
      fields: { transactionId: "tx-1", reason: "HardReset", idTag: undefined },
    });
  });

  it("reads no event from a message that stands for none", () => {
    expect(
      row("2.0.1").readEvent("NotifyReport", { requestId: 1, generatedAt: "x", seqNo: 0 }),
    ).toBeUndefined();
    expect(row("1.6").readEvent("constructor", {})).toBeUndefined();
  });
});
