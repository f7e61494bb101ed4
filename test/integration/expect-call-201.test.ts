// expectCall answers a 2.0.1 call with the scenario's own 2.0.1 payload, and send sends a 2.0.1
// charge point action, against ocpp-rpc in strict mode: the answer and the message are checked by
// a validator that is not cpsim's.
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/scenario/load.ts";
import { runScenario } from "../../src/scenario/runner.ts";
import { NOTIFY_EVENT_STEP } from "../fixtures/notify-event-201.ts";
import { startOcppRpcCsms201 } from "./ocpp-rpc-201.ts";

const RESULT = {
  attributeStatus: "Accepted",
  attributeValue: "42",
  component: { name: "OCPPCommCtrlr" },
  variable: { name: "HeartbeatInterval" },
};

const SCENARIO = `version: 1
name: expectCall on 2.0.1
ocpp: [2.0.1]
steps:
  - boot
  - expectCall:
      action: GetVariables
      within: 10s
      expect: { getVariableData.0.variable.name: HeartbeatInterval }
      respond: { getVariableResult: [ ${JSON.stringify(RESULT)} ] }
${NOTIFY_EVENT_STEP}`;

describe("a 2.0.1 scenario's own actions against ocpp-rpc (strict, ocpp2.0.1)", () => {
  it("expectCall answers with its 2.0.1 respond payload, send sends NotifyEvent", async () => {
    const csms = await startOcppRpcCsms201();
    try {
      const scenario = parseScenario(SCENARIO, "expect-call-201.yaml", { ocpp: "2.0.1" });
      let answered: Promise<unknown> | undefined;
      const report = await runScenario(scenario, {
        url: csms.url,
        version: "2.0.1",
        // The call goes out once expectCall waits, so its respond answers it (not the charge point).
        onEvent: (e) => {
          if (e.type !== "stepStart" || e.label !== "expectCall") return;
          answered = csms.nextClient().then((client) =>
            client.call("GetVariables", {
              getVariableData: [
                { component: { name: "OCPPCommCtrlr" }, variable: { name: "HeartbeatInterval" } },
              ],
            }),
          );
        },
      });
      const failed = report.steps.filter((s) => s.status !== "passed");
      expect(failed, JSON.stringify(failed)).toEqual([]);
      expect(await answered).toEqual({ getVariableResult: [RESULT] });
      expect(csms.log.of("NotifyEvent")).toHaveLength(1);
      expect(csms.strictFailures).toEqual([]);
      expect(csms.badMessages).toEqual([]);
    } finally {
      await csms.close();
    }
  }, 30_000);
});
