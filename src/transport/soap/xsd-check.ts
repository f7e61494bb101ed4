import type { ComplexType, SimpleType, XsdType } from "./xsd.ts";

// Checks payloads against a compiled schema type in both directions. Outgoing, a JSON-shaped
// payload becomes an object whose keys follow the schema's sequence order (the `soap` package
// writes elements in key order). Incoming, the `soap` package's parse (every simple value kept as
// text) becomes typed JSON. Each problem names the element path, what was expected and what was found.

const INT = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

export const TEXT_KEY = "$value";
export const ATTRIBUTES_KEY = "attributes";

function show(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return "an element with children";
}

function expected(t: SimpleType): string {
  if (t.enumeration) return `one of ${t.enumeration.join(", ")}`;
  switch (t.base) {
    case "int":
      return "an integer (xsd:int)";
    case "decimal":
      return t.fractionDigits === undefined
        ? "a decimal number"
        : `a decimal number with at most ${t.fractionDigits} decimal places`;
    case "boolean":
      return "true or false";
    case "dateTime":
      return "a date and time like 2026-01-31T12:00:00Z (xsd:dateTime)";
    default:
      return t.maxLength ? `a string of at most ${t.maxLength} characters` : "a string";
  }
}

/** The text of a simple value if it is lexically valid for the type, else undefined. */
function lexical(t: SimpleType, v: unknown): string | undefined {
  let text: string;
  if (typeof v === "string") text = v;
  else if (typeof v === "number" && Number.isFinite(v)) text = String(v);
  else if (typeof v === "boolean") text = String(v);
  else return undefined;
  switch (t.base) {
    case "int": {
      if (!INT.test(text)) return undefined;
      const n = Number(text);
      return n >= INT_MIN && n <= INT_MAX ? String(n) : undefined;
    }
    case "decimal": {
      if (!DECIMAL.test(text)) return undefined;
      const places = text.split(".")[1]?.length ?? 0;
      return t.fractionDigits === undefined || places <= t.fractionDigits ? text : undefined;
    }
    case "boolean":
      return text === "true" || text === "1"
        ? "true"
        : text === "false" || text === "0"
          ? "false"
          : undefined;
    case "dateTime":
      return DATE_TIME.test(text) && !Number.isNaN(Date.parse(text)) ? text : undefined;
    default:
      if (typeof v !== "string") return undefined;
      if (t.maxLength !== undefined && [...text].length > t.maxLength) return undefined;
      if (t.enumeration && !t.enumeration.includes(text)) return undefined;
      return text;
  }
}

function typed(t: SimpleType, text: string): unknown {
  if (t.base === "int" || t.base === "decimal") return Number(text);
  if (t.base === "boolean") return text === "true";
  return text;
}

type Direction = "out" | "in";

function walk(dir: Direction, v: unknown, t: XsdType, path: string, problems: string[]): unknown {
  if (t.kind === "simple") {
    // An empty element parses as null; for a string type that is the empty string.
    const input = dir === "in" && v === null ? "" : v;
    const text = lexical(t, input);
    if (text === undefined) {
      problems.push(`${path}: expected ${expected(t)}, found ${show(v)}`);
      return undefined;
    }
    return dir === "out" ? text : typed(t, text);
  }
  return complex(dir, v, t, path, problems);
}

function complex(dir: Direction, v: unknown, t: ComplexType, path: string, problems: string[]): unknown {
  if (t.text) {
    const hasAttributes = typeof v === "object" && v !== null && !Array.isArray(v);
    const obj = (hasAttributes ? v : { [TEXT_KEY]: v }) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const text = walk(dir, obj[TEXT_KEY], t.text, path, problems);
    const attrs = (obj[ATTRIBUTES_KEY] ?? {}) as Record<string, unknown>;
    const outAttrs: Record<string, unknown> = {};
    for (const a of t.attributes ?? []) {
      if (attrs[a.name] === undefined) {
        if (a.min > 0) problems.push(`${path}: the attribute ${a.name} is missing`);
        continue;
      }
      outAttrs[a.name] = walk(dir, attrs[a.name], a.type, `${path}@${a.name}`, problems);
    }
    for (const k of Object.keys(attrs)) {
      if (!t.attributes?.some((a) => a.name === k)) problems.push(`${path}: unexpected attribute ${k}`);
    }
    if (Object.keys(outAttrs).length > 0) out[ATTRIBUTES_KEY] = outAttrs;
    out[TEXT_KEY] = text;
    return out;
  }
  // An element without children parses as null.
  if (v === null || v === undefined || v === "") {
    v = {};
  }
  if (typeof v !== "object" || Array.isArray(v)) {
    problems.push(`${path}: expected an element with children, found ${show(v)}`);
    return undefined;
  }
  const obj = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of t.fields) {
    let value = obj[f.name];
    if (value === undefined) {
      if (f.min > 0) problems.push(`${path}: the required element ${f.name} is missing`);
      continue;
    }
    const at = `${path}.${f.name}`;
    if (f.max > 1) {
      // The parser makes a list only when an element repeats.
      if (!Array.isArray(value)) value = dir === "in" ? [value] : value;
      if (!Array.isArray(value)) {
        problems.push(`${at}: expected a list, found ${show(value)}`);
        continue;
      }
      if (value.length < f.min) problems.push(`${at}: expected at least ${f.min}, found ${value.length}`);
      if (value.length > f.max) problems.push(`${at}: expected at most ${f.max}, found ${value.length}`);
      out[f.name] = value.map((item, i) => walk(dir, item, f.type, `${at}[${i}]`, problems));
    } else if (Array.isArray(value)) {
      problems.push(`${at}: expected one element, found ${value.length}`);
    } else {
      out[f.name] = walk(dir, value, f.type, at, problems);
    }
  }
  for (const k of Object.keys(obj)) {
    if (obj[k] !== undefined && !t.fields.some((f) => f.name === k)) {
      problems.push(`${path}: unexpected element ${k}`);
    }
  }
  return out;
}

/** A JSON-shaped payload → an object in schema order, every simple value as its XML text. */
export function toWire(payload: unknown, t: XsdType, root: string): { value: unknown; problems: string[] } {
  const problems: string[] = [];
  const value = walk("out", payload, t, root, problems);
  return { value, problems };
}

/** The `soap` package's parse of an element → typed JSON (numbers, booleans), checked. */
export function fromWire(parsed: unknown, t: XsdType, root: string): { value: unknown; problems: string[] } {
  const problems: string[] = [];
  const value = walk("in", parsed, t, root, problems);
  return { value, problems };
}
