import { describe, expect, it } from "vitest";
import { Recorder } from "../../src/interactive/recorder.ts";
import { parseScenario } from "../../src/scenario/load.ts";

describe("a recorded session", () => {
  it("replays text typed by hand as it was, ${ included", () => {
    const recorder = new Recorder(
      "rec.yaml",
      { id: "CP-REC", connectors: 1 },
      { DataTransfer: { status: "Accepted", data: "${env.HOME}" } },
      { url: "", ocpp: "1.6", transport: "json", passwordGiven: false },
    );
    recorder.add({ authorize: { idTag: "${vars.x}" } });
    recorder.add({ dataTransfer: { vendorId: "v", data: "a $${b} ${env.PATH}" } });
    const scenario = parseScenario(recorder.toYaml(), "rec.yaml", { env: { PATH: "/bin", HOME: "/home" } });
    expect(scenario.steps.map((s) => s.args)).toEqual([
      { idTag: "${vars.x}" },
      { vendorId: "v", data: "a $${b} ${env.PATH}" },
    ]);
    expect(scenario.respond).toEqual({ DataTransfer: { status: "Accepted", data: "${env.HOME}" } });
  });
});
