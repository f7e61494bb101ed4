// The authorize step's `payload` is the verdict as the run's version's Authorize answer carries
// it: 1.6's idTagInfo, 2.0.1's idTokenInfo, valid against that version's schema and equal to what
// the central system answered. The neutral fields beside it are the same on both.
import { describe, expect, it } from "vitest";
import { versionRow } from "../../src/ocpp/versions.ts";
import { cpsimInProcess, tempFile } from "./helpers.ts";

const SESSION = `version: 1
name: Authorize payload
centralSystem: { authorize: { BLOCKED: Blocked } }
chargePoint: { id: CP-AUTH-PAYLOAD }
steps:
  - authorize: { idTag: BLOCKED, expect: { status: Blocked } }
  - authorize: { idTag: EMA-1, tokenType: eMAID, expect: { status: Accepted } }
`;

interface Report {
  scenarios: {
    steps: { label: string; status: string; response: Record<string, unknown> }[];
    messages: { dir: string; kind: string; action: string; payload: unknown }[];
  }[];
}

async function run(version: string) {
  const file = tempFile("authorize-payload.yaml", SESSION);
  const r = await cpsimInProcess(["run", file, "--ocpp", version, "--reporter", "json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as Report).scenarios[0]!;
}

describe("the authorize step's payload", () => {
  it.each([
    ["1.6", { idTagInfo: { status: "Blocked" } }, { idTag: "EMA-1" }],
    ["2.0.1", { idTokenInfo: { status: "Blocked" } }, { idToken: { idToken: "EMA-1", type: "eMAID" } }],
  ])("is the Authorize answer of OCPP %s", async (version, blocked, sent) => {
    const s = await run(version);
    const answers = s.steps.filter((step) => step.label === "authorize").map((step) => step.response);
    expect(answers[0]).toMatchObject({ status: "Blocked", source: "CentralSystem", payload: blocked });
    const schemas = versionRow(version as "1.6" | "2.0.1").schemas();
    const wire = s.messages.filter((m) => m.action === "Authorize" && m.kind === "result");
    answers.forEach((answer, i) => {
      expect(schemas.validate("Authorize", "response", answer!.payload)).toBeUndefined();
      // A verdict from the central system is what it answered.
      expect(answer!.payload).toEqual(wire[i]!.payload);
    });
    // The token goes out with its type where the version carries one.
    const requests = s.messages.filter((m) => m.action === "Authorize" && m.kind === "call");
    expect(requests[1]!.payload).toEqual(sent);
  });
});

describe("a verdict as each version's Authorize answer", () => {
  it("carries the expiry and the parent: 2.0.1 as cacheExpiryDateTime and groupIdToken, valid on the wire", () => {
    const info = {
      status: "Accepted",
      expiryDate: "2030-01-01T00:00:00.000Z",
      parentIdTag: "GROUP",
    } as const;
    const v201 = versionRow("2.0.1");
    const answer = v201.authorizeAnswer(info);
    expect(answer).toEqual({
      idTokenInfo: {
        status: "Accepted",
        cacheExpiryDateTime: info.expiryDate,
        groupIdToken: { idToken: "GROUP", type: "Central" },
      },
    });
    expect(v201.schemas().validate("Authorize", "response", answer)).toBeUndefined();
    const v16 = versionRow("1.6");
    expect(v16.authorizeAnswer(info)).toEqual({ idTagInfo: info });
    expect(v16.schemas().validate("Authorize", "response", v16.authorizeAnswer(info))).toBeUndefined();
  });
});
