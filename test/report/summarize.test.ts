// The one-line summaries the interactive log and the pretty reporter show, for the messages whose
// fields differ by version: meter values numbered by EVSE with the unit inside unitOfMeasure, and
// the device model's component.variable in GetVariables/SetVariables.
import { describe, expect, it } from "vitest";
import { summarize } from "../../src/report/summarize.ts";

describe("summarize", () => {
  it("reads meter values by connector with their unit, or by EVSE with unitOfMeasure", () => {
    const sampled = { value: "1200", measurand: "Energy.Active.Import.Register", unit: "Wh" };
    expect(
      summarize("MeterValues", "call", {
        connectorId: 1,
        transactionId: 7,
        meterValue: [{ timestamp: "t", sampledValue: [sampled] }],
      }),
    ).toBe("connector 1, tx 7: energy 1200 Wh");
    expect(
      summarize("MeterValues", "call", {
        evseId: 2,
        meterValue: [
          {
            timestamp: "t",
            sampledValue: [{ value: 7400, measurand: "Power.Active.Import", unitOfMeasure: { unit: "W" } }],
          },
        ],
      }),
    ).toBe("evse 2: power 7400 W");
  });

  it("names variables as component.variable, with the EVSE and instance where given", () => {
    const heartbeat = { component: { name: "OCPPCommCtrlr" }, variable: { name: "HeartbeatInterval" } };
    const attempts = {
      component: { name: "OCPPCommCtrlr" },
      variable: { name: "MessageAttempts", instance: "TransactionEvent" },
    };
    const evse = { component: { name: "EVSE", evse: { id: 1 } }, variable: { name: "AvailabilityState" } };
    expect(
      summarize("SetVariables", "call", { setVariableData: [{ ...heartbeat, attributeValue: "60" }] }),
    ).toBe("OCPPCommCtrlr.HeartbeatInterval = 60");
    expect(
      summarize("SetVariables", "result", {
        setVariableResult: [{ ...heartbeat, attributeStatus: "Accepted" }],
      }),
    ).toBe("OCPPCommCtrlr.HeartbeatInterval Accepted");
    expect(summarize("GetVariables", "call", { getVariableData: [attempts, evse] })).toBe(
      "OCPPCommCtrlr.MessageAttempts[TransactionEvent], EVSE(1).AvailabilityState",
    );
    expect(
      summarize("GetVariables", "result", {
        getVariableResult: [
          { ...evse, attributeStatus: "Accepted", attributeValue: "Available" },
          { component: { name: "Nope" }, variable: { name: "X" }, attributeStatus: "UnknownComponent" },
        ],
      }),
    ).toBe("EVSE(1).AvailabilityState = Available, Nope.X UnknownComponent");
  });
});
