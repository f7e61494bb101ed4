import { hostname } from "node:os";
import { redactUrl } from "../util/redact-url.ts";
import type { MessageReport, RunReport, StepReport } from "./model.ts";

export interface JUnitOptions {
  /** "scenario": one <testcase> per scenario; "step" (default): one <testcase> per step, in one <testsuite> per scenario. */
  granularity?: "scenario" | "step";
}

/** The message log in <system-out> keeps only the end of a long run: that is where a failure is. */
const MAX_LOG_LINES = 500;
/** CI tools show the failure message as a one-line title; the full text is in the element's body. */
const MAX_MESSAGE = 300;
const MAX_RESPONSE = 2000;

type Status = "passed" | "failed" | "skipped";
interface Case {
  status: Status;
  xml: string;
}
type Attrs = Record<string, string | number | undefined>;

/**
 * JUnit XML for CI test reporters (Jenkins junit, GitLab, GitHub Actions annotators): one <testsuite> per run.
 * Shaped after the Ant schema those tools derive from: required attributes, <properties> first and
 * <system-out> before <system-err>.
 */
export function junitXml(reports: RunReport[], opts: JUnitOptions = {}): string {
  const host = hostname() || "localhost";
  const suites = reports.map((r, i) => {
    const cases = opts.granularity === "scenario" ? [scenarioCase(r)] : stepCases(r);
    return { ms: r.durationMs, cases, xml: suite(r, i, host, cases) };
  });
  const all = suites.flatMap((s) => s.cases);
  const totalMs = suites.reduce((t, s) => t + s.ms, 0);
  const attrs = { name: "cpsim", ...counts(all), time: seconds(totalMs) };
  const root = el("testsuites", attrs, suites.length ? `\n${suites.map((s) => s.xml).join("\n")}\n` : "");
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}

function suite(r: RunReport, id: number, host: string, cases: Case[]): string {
  const properties = Object.entries({
    "cpsim.version": r.tool.version,
    "scenario.file": r.scenario.file,
    "target.url": redactUrl(r.target.url),
    "target.embedded": String(r.target.embedded),
    "ocpp.version": r.target.ocpp,
    "chargePoint.id": r.chargePoints.join(", "),
  }).map(([name, value]) => `      ${el("property", { name, value })}`);
  const body = [
    el("properties", {}, `\n${properties.join("\n")}\n    `),
    ...cases.map((c) => c.xml),
    el("system-out", {}, text(messageLog(r.messages, several(r)))),
    el("system-err", {}, text(r.problems.join("\n"))),
  ];
  // No `package` attribute: Jenkins would prefix it to the suite name. `id` tells apart two runs of one scenario.
  const attrs: Attrs = {
    name: suiteName(r),
    ...counts(cases),
    time: seconds(r.durationMs),
    timestamp: timestamp(r.startedAt),
    hostname: host,
    id,
  };
  return `  ${el("testsuite", attrs, `\n${body.map((b) => `    ${b}`).join("\n")}\n  `)}`;
}

function stepCases(r: RunReport): Case[] {
  const file = r.scenario.file;
  const cases = r.steps.map((s): Case => {
    const attrs = {
      // Several charge points each have a connect step, and steps alike but for the charge point.
      name: `${s.index + 1}. ${s.label}${several(r) && s.chargePoint ? ` on ${s.chargePoint}` : ""}`,
      classname: suiteName(r),
      file,
      line: s.line,
      time: seconds(s.durationMs),
    };
    const outcome =
      s.status === "failed"
        ? failure(s.error ?? "failed", s.type, stepDetail(s, file))
        : s.status === "skipped"
          ? el("skipped", { message: "skipped after an earlier failure" })
          : undefined;
    return { status: s.status, xml: testcase(attrs, outcome) };
  });
  // A run whose steps all passed but saw protocol problems has failed; without a failing case CI would show it green.
  if (r.problems.length > 0) {
    const attrs = { name: "protocol problems", classname: suiteName(r), file, time: seconds(0) };
    const xml = testcase(attrs, failure(r.problems[0]!, "protocol", r.problems.join("\n")));
    cases.push({ status: "failed", xml });
  }
  return cases;
}

function scenarioCase(r: RunReport): Case {
  const first = r.steps.find((s) => s.status === "failed");
  // The line of the failed step lets GitHub annotators point at it in the scenario file.
  const attrs = {
    name: suiteName(r),
    classname: "cpsim",
    file: r.scenario.file,
    line: first?.line,
    time: seconds(r.durationMs),
  };
  if (r.passed) return { status: "passed", xml: testcase(attrs) };
  const message = first
    ? `step ${first.index + 1} "${first.label}" failed: ${first.error ?? "failed"}`
    : (r.problems[0] ?? "the run failed");
  const detail = [
    ...r.steps
      .filter((s) => s.status === "failed")
      .map((s) => `step ${s.index + 1} "${s.label}":\n${stepDetail(s, r.scenario.file)}`),
    ...r.problems.map((p) => `protocol problem: ${p}`),
  ].join("\n\n");
  return { status: "failed", xml: testcase(attrs, failure(message, first?.type ?? "protocol", detail)) };
}

function stepDetail(s: StepReport, file: string): string {
  const lines = [s.error ?? "failed"];
  if (s.response !== undefined)
    lines.push(`response: ${clip(JSON.stringify(s.response) ?? "", MAX_RESPONSE)}`);
  if (s.chargePoint) lines.push(`on charge point ${s.chargePoint}`);
  lines.push(`at ${file}${s.line ? `:${s.line}` : ""}`);
  return lines.join("\n");
}

function several(r: RunReport): boolean {
  return r.chargePoints.length > 1;
}

function messageLog(messages: MessageReport[], withCp: boolean): string {
  const kept = messages.slice(-MAX_LOG_LINES);
  const lines = kept.map((m) => {
    const latency = m.latencyMs === undefined ? "" : ` ${Math.round(m.latencyMs)} ms`;
    return `${m.at}${withCp ? ` ${m.cp}` : ""} ${m.dir === "out" ? "→" : "←"} ${m.action} ${m.kind}${latency}`;
  });
  const left = messages.length - kept.length;
  if (left > 0) lines.unshift(`… ${left} earlier messages left out (${messages.length} in all)`);
  return lines.join("\n");
}

function testcase(attrs: Attrs, outcome?: string): string {
  return el("testcase", attrs, outcome === undefined ? undefined : `\n      ${outcome}\n    `);
}

function failure(message: string, type: string, detail: string): string {
  return el("failure", { message: clip(oneLine(message), MAX_MESSAGE), type }, text(detail));
}

export function el(name: string, attrs: Attrs, body?: string): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${attr(String(v))}"`)
    .join("");
  return body === undefined ? `<${name}${a}/>` : `<${name}${a}>${body}</${name}>`;
}

// XML 1.0 has no way at all to carry most C0 controls, lone surrogates or U+FFFE/U+FFFF, not even as
// character references, so they can only be replaced. (With the u flag the surrogate range matches lone ones only.)
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu;
const ENTITY: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
const entity = (c: string) => ENTITY[c] ?? `&#${c.charCodeAt(0)};`;

/** Escaping > too means "]]>" can never appear, which XML forbids in text even outside CDATA. */
export function text(s: string): string {
  return s.replace(NOT_XML, "\uFFFD").replace(/[&<>"'\r]/g, entity);
}

/** Parsers turn raw tabs and newlines in attributes into spaces; character references survive. */
function attr(s: string): string {
  return s.replace(NOT_XML, "\uFFFD").replace(/[&<>"'\t\n\r]/g, entity);
}

function suiteName(r: RunReport): string {
  return r.scenario.name.trim() ? r.scenario.name : r.scenario.file;
}

function counts(cases: Case[]) {
  const n = (status: Status) => cases.filter((c) => c.status === status).length;
  return { tests: cases.length, failures: n("failed"), errors: 0, skipped: n("skipped") };
}

function seconds(ms: number): string {
  return (Number.isFinite(ms) ? Math.max(0, ms) / 1000 : 0).toFixed(3);
}

/** Ant writes UTC without a zone designator or fraction, and its schema's pattern accepts nothing else. */
function timestamp(iso: string): string | undefined {
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString().slice(0, 19);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
