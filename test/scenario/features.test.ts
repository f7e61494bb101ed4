import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { parseScenario } from "../../src/scenario/load.ts";
import { type RunEvent, runScenario } from "../../src/scenario/runner.ts";

const scenario = (body: string) =>
  parseScenario(
    `version: 1\nname: T\nchargePoint: { id: CP-F, config: { MeterValueSampleInterval: 0 } }\n${body}`,
    "t.yaml",
  );
const run = (body: string, onEvent?: (e: RunEvent) => void, url?: string) =>
  runScenario(scenario(body), { version: "1.6", onEvent, url });
const errors = (r: Awaited<ReturnType<typeof run>>) =>
  r.steps.filter((s) => s.status === "failed").map((s) => s.error);

describe("expectations", () => {
  it("compare, match, test presence and choices", async () => {
    const r = await run(
      [
        "steps:",
        "  - boot: { expect: { status: { oneOf: [Accepted, Pending] }, interval: { gte: 1 }, currentTime: { match: '^\\d{4}-\\d\\d-\\d\\dT' } } }",
        "  - startTransaction: { idTag: T1, expect: { transactionId: { gt: 0 }, idTagInfo.expiryDate: { exists: false } } }",
        "  - stopTransaction: { expect: { idTagInfo.status: { ne: Blocked } } }",
      ].join("\n"),
    );
    expect(errors(r)).toEqual([]);
    expect(r.passed).toBe(true);
  });

  it("say what was expected and what came", async () => {
    const r = await run(
      [
        "onFailure: continue",
        "steps:",
        "  - boot: { expect: { interval: { lt: 10 } } }",
        "  - authorize: { idTag: T1, expect: { idTagInfo.status: { oneOf: [Blocked, Expired] } } }",
        "  - heartbeat: { expect: { currentTime: { match: '^1999' }, nothing: { exists: true } } }",
      ].join("\n"),
    );
    expect(errors(r)).toEqual([
      "expected interval to be less than 10, got 300",
      'expected idTagInfo.status to be one of "Blocked", "Expired", got "Accepted"',
      expect.stringMatching(
        /^expected currentTime to match \/\^1999\/, got "\d{4}-.*"; expected nothing to be present, got nothing$/,
      ),
    ]);
  });

  it("a bad regular expression is a scenario error with its position", () => {
    expect(() => scenario("steps:\n  - heartbeat: { expect: { currentTime: { match: '(' } } }\n")).toThrow(
      /^t\.yaml:5:50: steps\[0\]\.heartbeat\.expect\.currentTime\.match: Invalid regular expression/,
    );
  });
});

describe("onFailure, maxLatency and captures", () => {
  it("stop is the default; continue runs the rest, and the run still fails", async () => {
    const stop = await run(
      "steps:\n  - boot\n  - authorize: { idTag: T, expect: { idTagInfo.status: Blocked } }\n  - heartbeat\n",
    );
    expect(stop.steps.map((s) => s.status)).toEqual(["passed", "passed", "failed", "skipped"]);
    const goOn = await run(
      "steps:\n  - boot\n  - authorize: { idTag: T, onFailure: continue, expect: { idTagInfo.status: Blocked } }\n  - heartbeat\n",
    );
    expect(goOn.steps.map((s) => s.status)).toEqual(["passed", "passed", "failed", "passed"]);
    expect(goOn.passed).toBe(false);
  });

  it("maxLatency fails a step whose answers came too slowly", async () => {
    const r = await run(
      "onFailure: continue\nsteps:\n  - boot: { maxLatency: 10s }\n  - heartbeat: { maxLatency: 0 }\n",
    );
    expect(r.steps[1]!.status).toBe("passed");
    expect(r.steps[2]!.error).toMatch(/^Heartbeat was answered in \d+ms, more than maxLatency 0ms$/);
  });

  it("captures an answer's field and uses it later with its type", async () => {
    const r = await run(
      [
        "steps:",
        "  - boot",
        "  - startTransaction: { idTag: T1, capture: { txId: transactionId } }",
        "  - send:",
        "      action: MeterValues",
        "      payload: { connectorId: 1, transactionId: '${vars.txId}', meterValue: [{ timestamp: '2026-01-01T00:00:00Z', sampledValue: [{ value: '1' }] }] }",
        "  - stopTransaction",
      ].join("\n"),
    );
    expect(errors(r)).toEqual([]);
    const start = r.messages.find((m) => m.action === "StartTransaction" && m.kind === "result")!.payload as {
      transactionId: number;
    };
    const sent = r.messages.find((m) => m.action === "MeterValues" && m.kind === "call")!.payload as {
      transactionId: unknown;
    };
    expect(sent.transactionId).toBe(start.transactionId);
  });

  it("using a capture before it is set fails that step in one sentence", async () => {
    const r = await run(
      "steps:\n  - boot\n  - authorize: { idTag: '${vars.tag}' }\n  - heartbeat: { capture: { tag: currentTime } }\n",
    );
    expect(r.steps[2]!.error).toBe(
      "${vars.tag} has not been captured yet (a capture in an earlier step sets it)",
    );
  });
});

describe("calls from the central system", () => {
  let cs: CentralSystem;
  beforeEach(async () => {
    cs = await CentralSystem.start();
  });
  afterEach(async () => {
    await cs.close();
  });

  it("expectCall waits for a call, checks it, and may answer it instead of the charge point", async () => {
    const replies: unknown[] = [];
    const r = await run(
      [
        "steps:",
        "  - boot",
        "  - expectCall: { action: GetConfiguration, within: 5s, expect: { key.0: HeartbeatInterval } }",
        "  - expectCall: { action: ChangeConfiguration, within: 5s, respond: Rejected }",
      ].join("\n"),
      (e) => {
        if (e.type !== "stepStart" || e.label !== "expectCall") return;
        const call =
          e.index === 1
            ? cs.call("CP-F", "GetConfiguration", { key: ["HeartbeatInterval"] })
            : cs.call("CP-F", "ChangeConfiguration", { key: "HeartbeatInterval", value: "60" });
        void call.then((x) => replies.push(x));
      },
      cs.url,
    );
    expect(errors(r)).toEqual([]);
    expect(replies).toEqual([
      { configurationKey: [{ key: "HeartbeatInterval", readonly: false, value: "300" }] },
      { status: "Rejected" },
    ]);
  });

  it("centralSystemCall needs the embedded central system and says so", async () => {
    const r = await run(
      "steps:\n  - boot\n  - centralSystemCall: { action: Reset, payload: { type: Soft } }\n",
      undefined,
      cs.url,
    );
    expect(r.steps[2]!.error).toBe(
      "centralSystemCall needs the embedded central system; with --url, let your central system send the call and use expectCall",
    );
  });

  it("expectCall fails when nothing comes in time", async () => {
    const r = await run(
      "steps:\n  - boot\n  - expectCall: { action: Reset, within: 200ms }\n",
      undefined,
      cs.url,
    );
    expect(r.steps[2]!.error).toBe("no Reset came from the central system within 0.2s");
  });

  it("respond overrides the charge point's answers for the whole scenario", async () => {
    let reply: unknown;
    const r = await run(
      "respond: { ChangeConfiguration: Rejected }\nsteps:\n  - boot\n  - expectCall: { action: ChangeConfiguration, within: 5s }\n",
      (e) => {
        if (e.type === "stepStart" && e.label === "expectCall") {
          void cs
            .call("CP-F", "ChangeConfiguration", { key: "HeartbeatInterval", value: "60" })
            .then((x) => (reply = x));
        }
      },
      cs.url,
    );
    expect(errors(r)).toEqual([]);
    expect(reply).toEqual({ status: "Rejected" });
  });
});

describe("the embedded central system as the scenario sets it up", () => {
  it("retries BootNotification while Pending, at the interval given, then gives up", async () => {
    const r = await run(
      "timeScale: 100\ncentralSystem: { bootStatus: Pending, heartbeatInterval: 30 }\nsteps:\n  - boot: { maxAttempts: 3 }\n",
    );
    expect(r.steps[1]!.error).toBe("the central system answered BootNotification with Pending 3 times");
    const boots = r.messages.filter((m) => m.action === "BootNotification" && m.kind === "call");
    expect(boots).toHaveLength(3);
    // 30 simulated seconds between attempts are 0.3 s of real time at scale 100.
    const gaps = boots.slice(1).map((b, i) => Date.parse(b.at) - Date.parse(boots[i]!.at));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(300);
  });

  it("answers each idTag as configured, combining operators in one expectation", async () => {
    const r = await run(
      "centralSystem: { authorize: { EXPIRED-1: Expired } }\nsteps:\n  - boot: { expect: { interval: { gte: 300, lte: 300 } } }\n  - authorize: { idTag: EXPIRED-1, expect: { idTagInfo.status: Expired } }\n  - authorize: { idTag: OTHER, expect: { idTagInfo.status: Accepted } }\n",
    );
    expect(errors(r)).toEqual([]);
  });
});

describe("variables", () => {
  const typed = (vars?: Record<string, string>) =>
    parseScenario(
      'version: 1\nvars: { n: 2, p: 7400, on: true }\nchargePoint: { connectors: "${vars.n}", power: "${vars.p}" }\nsteps:\n  - startTransaction: { connector: "${vars.n}", idTag: "ID-${vars.n}" }\n',
      "v.yaml",
      { vars },
    );

  it("a value that is one template of a number variable stays a number; inside text it is text", () => {
    const s = typed();
    expect(s.chargePoint.connectors).toBe(2);
    expect(s.chargePoint.power).toBe(7400);
    expect(s.steps[0]!.args).toMatchObject({ connector: 2, idTag: "ID-2" });
  });

  it("--var keeps the type the file declares, and text stays text", () => {
    expect(typed({ n: "3" }).chargePoint.connectors).toBe(3);
    expect(() => typed({ n: "three" })).toThrow(/connectors: expected an integer/);
  });
});
