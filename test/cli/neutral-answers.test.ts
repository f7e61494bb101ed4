// Step answers have neutral fields every version fills, beside the version's own payload: the
// same session over 1.6-J, 1.6 SOAP and 1.5 SOAP answers the same status, transactionId,
// interval, source and energyWh, and a check written against the payload (idTagInfo.status)
// still passes.
import { describe, expect, it } from "vitest";
import { cpsimInProcess, tempFile } from "./helpers.ts";

const SESSION = `version: 1
name: Neutral answers
centralSystem: { heartbeatInterval: 120, authorize: { BLOCKED: Blocked } }
chargePoint:
  id: CP-NEUTRAL
  config: { MeterValueSampleInterval: 0 }
steps:
  - boot: { expect: { status: Accepted, interval: 120 } }
  - authorize: { idTag: BLOCKED, expect: { status: Blocked, source: CentralSystem } }
  - authorize: { idTag: OK, expect: { status: Accepted, payload.idTagInfo.status: Accepted } }
  # Written before the neutral fields: read from the version's payload.
  - authorize: { idTag: OK, expect: { idTagInfo.status: Accepted } }
  - startTransaction: { idTag: OK, power: 7.2kW, expect: { status: Accepted, transactionId: { gt: 0 }, idTagInfo.status: Accepted } }
  - charge: { duration: 10s }
  - stopTransaction: { capture: { used: energyWh, tx: transactionId } }
  - unplug
`;

interface Step {
  label: string;
  status: string;
  response?: Record<string, unknown>;
}
interface Message {
  dir: string;
  kind: string;
  action: string;
  payload: Record<string, unknown>;
}

async function run(args: string[]) {
  const file = tempFile("neutral.yaml", SESSION);
  const r = await cpsimInProcess(["run", file, "--reporter", "json", "--time-scale", "20", ...args]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { scenarios: { steps: Step[]; messages: Message[] }[] }).scenarios[0]!;
}

/** The neutral fields of each answer, without the ones that differ by the clock. */
const neutral = (steps: Step[]) =>
  steps.map((s) => {
    const {
      payload: _payload,
      currentTime: _time,
      energyWh: _energy,
      powerW: _power,
      ...rest
    } = s.response ?? {};
    return [s.label, rest];
  });

describe("neutral step answers", () => {
  it("are the same over 1.6-J, 1.6 SOAP and 1.5 SOAP, beside each version's payload", async () => {
    const runs = [await run([]), await run(["--transport", "soap"]), await run(["--ocpp", "1.5"])];
    for (const s of runs) expect(s.steps.every((step) => step.status === "passed")).toBe(true);
    expect(neutral(runs[1]!.steps)).toEqual(neutral(runs[0]!.steps));
    expect(neutral(runs[2]!.steps)).toEqual(neutral(runs[0]!.steps));
    const answer = (steps: Step[], label: string) => steps.find((s) => s.label === label)!.response!;
    expect(answer(runs[0]!.steps, "startTransaction")).toMatchObject({
      status: "Accepted",
      transactionId: expect.any(Number),
      payload: { idTagInfo: { status: "Accepted" } },
    });
    for (const s of runs) {
      // energyWh is what the model metered: the StopTransaction's meterStop minus its meterStart.
      const sent = (action: string) =>
        s.messages.find((m) => m.dir === "out" && m.kind === "call" && m.action === action)!.payload;
      const stopAt = answer(s.steps, "stopTransaction");
      expect(stopAt.energyWh).toBe(
        Number(sent("StopTransaction").meterStop) - Number(sent("StartTransaction").meterStart),
      );
      expect(stopAt.energyWh).toBeGreaterThan(0);
      expect(stopAt.transactionId).toBe(answer(s.steps, "startTransaction").transactionId);
      expect(stopAt).toHaveProperty("payload");
    }
  }, 90_000);
});
