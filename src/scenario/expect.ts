// Expectations on a central system's answer: `{ path: value }` for equality, or an operator
// object such as `{ gte: 1 }`, `{ match: "^[0-9]+$" }`, `{ exists: true }`, `{ oneOf: [A, B] }`.
// Regular expressions are compiled with the RegExp constructor only; nothing is evaluated.
import { resolveAnswer } from "./answer.ts";

export interface ExpectationFailure {
  path: string;
  expected: string;
  actual: unknown;
}

type Scalar = string | number | boolean;
export type Operator =
  | { eq: Scalar }
  | { ne: Scalar }
  | { gt: number }
  | { gte: number }
  | { lt: number }
  | { lte: number }
  | { match: string }
  | { exists: boolean }
  | { oneOf: Scalar[] };

export const OPERATORS = ["eq", "ne", "gt", "gte", "lt", "lte", "match", "exists", "oneOf"] as const;

/** Reads a dotted path ("idTagInfo.status", "meterValue.0.timestamp") from a response. */
export function pick(value: unknown, path: string): unknown {
  let v = value;
  for (const part of path.split(".")) {
    // Only the answer's own fields: "constructor" or "toString" is no field of any answer.
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

// YAML reads 1 and "1" differently, and OCPP sends many numbers as strings: compare as text.
const same = (a: unknown, b: unknown) =>
  a === b || (a !== undefined && a !== null && String(a) === String(b));

function holds(op: Operator, actual: unknown): boolean {
  const n = Number(actual);
  const numeric = actual !== undefined && actual !== null && actual !== "" && Number.isFinite(n);
  if ("eq" in op) return same(actual, op.eq);
  if ("ne" in op) return !same(actual, op.ne);
  if ("gt" in op) return numeric && n > op.gt;
  if ("gte" in op) return numeric && n >= op.gte;
  if ("lt" in op) return numeric && n < op.lt;
  if ("lte" in op) return numeric && n <= op.lte;
  if ("match" in op) return typeof actual === "string" && new RegExp(op.match).test(actual);
  if ("exists" in op) return (actual !== undefined) === op.exists;
  return op.oneOf.some((v) => same(actual, v));
}

function describe(op: Operator): string {
  const [name, value] = Object.entries(op)[0]!;
  const v = JSON.stringify(value);
  switch (name) {
    case "eq":
      return `to be ${v}`;
    case "ne":
      return `not to be ${v}`;
    case "gt":
      return `to be greater than ${v}`;
    case "gte":
      return `to be at least ${v}`;
    case "lt":
      return `to be less than ${v}`;
    case "lte":
      return `to be at most ${v}`;
    case "match":
      return `to match /${value}/`;
    case "exists":
      return value ? "to be present" : "to be absent";
    default:
      return `to be one of ${(value as Scalar[]).map((x) => JSON.stringify(x)).join(", ")}`;
  }
}

/** Checks every expected field; a scalar means equality. */
export function checkExpectations(response: unknown, expect: Record<string, unknown>): ExpectationFailure[] {
  const failures: ExpectationFailure[] = [];
  for (const [path, expected] of Object.entries(expect)) {
    const spec = typeof expected === "object" && expected !== null ? expected : { eq: expected };
    // Several operators in one object all have to hold ({ gte: 1, lte: 10 }).
    const ops = Object.entries(spec).map(([k, v]) => ({ [k]: v }) as Operator);
    const actual = resolveAnswer(response, path, pick);
    if (!ops.every((op) => holds(op, actual))) {
      failures.push({ path, expected: ops.map(describe).join(" and "), actual });
    }
  }
  return failures;
}

export function describeFailures(failures: ExpectationFailure[]): string {
  return failures
    .map(
      (f) =>
        `expected ${f.path} ${f.expected}, got ${f.actual === undefined ? "nothing" : JSON.stringify(f.actual)}`,
    )
    .join("; ");
}
