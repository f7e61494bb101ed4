import { describe, expect, it } from "vitest";
import { junitXml } from "../../src/report/junit.ts";
import type { RunReport } from "../../src/report/model.ts";
import { failing, message, passing, report, step } from "./fixtures.ts";
import { checkJUnitShape, find, parseXml, type XmlNode } from "./xml-check.ts";

/** Parses and checks the schema shape, so every test also proves the output well-formed. */
function junit(reports: RunReport[], granularity?: "step" | "scenario"): XmlNode {
  const root = parseXml(junitXml(reports, granularity ? { granularity } : {}));
  checkJUnitShape(root);
  return root;
}

describe("junitXml, one testcase per step", () => {
  it("writes a passing run with its attributes and properties", () => {
    const root = junit([passing()]);
    expect(root.attrs).toMatchObject({ name: "cpsim", tests: "3", failures: "0", errors: "0", skipped: "0" });
    expect(root.attrs.time).toBe("1.234");
    const [suite] = find(root, "testsuite");
    expect(suite!.attrs).toMatchObject({ name: "Basic session", timestamp: "2024-05-01T10:00:00", id: "0" });
    const props = Object.fromEntries(find(root, "property").map((p) => [p.attrs.name, p.attrs.value]));
    expect(props).toMatchObject({
      "target.url": "ws://127.0.0.1:9000/ocpp",
      "target.embedded": "true",
      "ocpp.version": "1.6-J",
      "chargePoint.id": "CP-1",
      "scenario.file": "scenarios/basic.yaml",
    });
    const cases = find(root, "testcase").map((c) => c.attrs);
    expect(cases.map((c) => c.name)).toEqual(["0. connect", "1. step 1", "2. step 2"]);
    expect(cases[0]).toEqual({
      name: "0. connect",
      classname: "Basic session",
      file: "scenarios/basic.yaml",
      time: "0.120",
    });
    expect(cases[2]!.line).toBe("13");
  });

  it("marks the failed step with expected vs actual and its location, and the rest as skipped", () => {
    const root = junit([failing()]);
    expect(root.attrs).toMatchObject({ tests: "3", failures: "1", skipped: "1" });
    const [failure] = find(root, "failure");
    expect(failure!.attrs).toEqual({
      message: 'expected idTagInfo.status to be "Accepted", got "Blocked"',
      type: "authorize",
    });
    expect(failure!.text).toBe(
      'expected idTagInfo.status to be "Accepted", got "Blocked"\nresponse: {"a":1}\nat scenarios/basic.yaml:10',
    );
    expect(find(root, "skipped")[0]!.attrs.message).toBe("skipped after an earlier failure");
  });

  it("fails the connect step too, located at the file alone", () => {
    const root = junit([report([step(-1, "failed", { error: "ECONNREFUSED" }), step(0, "skipped")])]);
    expect(find(root, "failure")[0]!.text).toBe("ECONNREFUSED\nat scenarios/basic.yaml");
    expect(find(root, "testcase")[0]!.attrs.line).toBeUndefined();
  });

  it("puts protocol problems in system-err and in a failing case, so the run cannot look green", () => {
    const root = junit([report([step(-1, "passed")], { problems: ["malformed frame", "heartbeat failed"] })]);
    expect(find(root, "system-err")[0]!.text).toBe("malformed frame\nheartbeat failed");
    const last = find(root, "testcase").at(-1)!;
    expect(last.attrs.name).toBe("protocol problems");
    expect(last.children[0]!.attrs).toEqual({ message: "malformed frame", type: "protocol" });
    expect(root.attrs).toMatchObject({ tests: "2", failures: "1" });
  });

  it("logs one line per message in system-out, keeping the last 500", () => {
    const few = junit([report([step(-1, "passed")], { messages: [message(0), message(1)] })]);
    expect(find(few, "system-out")[0]!.text).toBe(
      "2024-05-01T10:00:00.000Z → Heartbeat call\n2024-05-01T10:00:01.000Z ← Heartbeat result 12 ms",
    );
    const messages = Array.from({ length: 620 }, (_, i) => message(i));
    const lines = find(junit([report([], { messages })]), "system-out")[0]!.text.split("\n");
    expect(lines).toHaveLength(501);
    expect(lines[0]).toBe("… 120 earlier messages left out (620 in all)");
    expect(lines[1]).toContain("Heartbeat call");
  });

  it("keeps a password in the target URL out of the file", () => {
    const r = passing();
    r.target = { url: "wss://cp:s3cret@csms.example.com/ocpp", embedded: false, ocpp: "1.6-J" };
    const xml = junitXml([r]);
    expect(xml).not.toContain("s3cret");
    expect(xml).toContain("wss://***@csms.example.com/ocpp");
  });
});

describe("junitXml, one testcase per scenario", () => {
  it("sums several runs and names the first failed step or problem", () => {
    const problemOnly = report([step(-1, "passed")], { problems: ["unexpected CALLERROR"] });
    problemOnly.scenario = { name: "Heartbeats", file: "scenarios/hb.yaml" };
    const root = junit([passing(), failing(), problemOnly], "scenario");
    expect(root.attrs).toMatchObject({ tests: "3", failures: "2", skipped: "0", time: "3.702" });
    const cases = find(root, "testcase");
    expect(cases.map((c) => [c.attrs.name, c.attrs.classname, c.children.length])).toEqual([
      ["Basic session", "cpsim", 0],
      ["Basic session", "cpsim", 1],
      ["Heartbeats", "cpsim", 1],
    ]);
    expect(cases[1]!.attrs.line).toBe("10");
    expect(cases[1]!.children[0]!.attrs.message).toBe(
      'step 1 "step 1" failed: expected idTagInfo.status to be "Accepted", got "Blocked"',
    );
    expect(cases[1]!.children[0]!.text).toContain("at scenarios/basic.yaml:10");
    expect(cases[2]!.children[0]!.attrs).toEqual({ message: "unexpected CALLERROR", type: "protocol" });
    expect(find(root, "testsuite").map((s) => s.attrs.id)).toEqual(["0", "1", "2"]);
  });

  it("writes an empty but valid document for no runs", () => {
    expect(junit([]).attrs).toMatchObject({ tests: "0", failures: "0", time: "0.000" });
  });
});

describe("junitXml escaping", () => {
  const hostile = `a<b> & "c" 'd' ]]> \u0001 e\ud800`;

  it("keeps hostile names, labels, errors and problems well-formed and readable", () => {
    const r = report(
      [step(-1, "passed"), step(0, "failed", { label: hostile, error: `line one\n${hostile}` })],
      {
        problems: [hostile],
        messages: [{ ...message(0), action: hostile }],
      },
    );
    r.scenario = { name: hostile, file: `dir/<x>&.yaml` };
    const xml = junitXml([r]);
    expect(xml).not.toContain("]]>");
    expect(xml).not.toContain("\u0001");
    const root = junit([r]);
    const shown = `a<b> & "c" 'd' ]]> \ufffd e\ufffd`;
    expect(find(root, "testsuite")[0]!.attrs.name).toBe(shown);
    expect(find(root, "testcase")[1]!.attrs.name).toBe(`1. ${shown}`);
    const failure = find(root, "failure")[0]!;
    expect(failure.attrs.message).toBe(`line one ${shown}`);
    expect(failure.text).toBe(`line one\n${shown}\nat dir/<x>&.yaml:10`);
    expect(find(root, "system-err")[0]!.text).toContain(shown);
    expect(find(root, "system-out")[0]!.text).toContain(shown);
  });

  it("keeps newlines in attributes as character references and clips long messages", () => {
    const r = report([step(0, "failed", { label: "two\nlines\tand a tab", error: "x".repeat(1000) })]);
    const root = junit([r]);
    expect(find(root, "testcase")[0]!.attrs.name).toBe("1. two\nlines\tand a tab");
    expect(find(root, "failure")[0]!.attrs.message).toHaveLength(300);
  });
});

describe("the well-formedness checker itself", () => {
  const decl = '<?xml version="1.0" encoding="UTF-8"?>';
  it.each([
    ["an unclosed element", "<a><b></a>"],
    ["a bare ampersand", "<a>x & y</a>"],
    ["a raw < in an attribute", '<a b="<"/>'],
    ["an unquoted attribute", "<a b=1/>"],
    ["]]> in text", "<a>]]></a>"],
    ["a control character", "<a>\u0001</a>"],
    ["two roots", "<a/><b/>"],
  ])("rejects %s", (_, body) => {
    expect(() => parseXml(decl + body)).toThrow();
  });
});
