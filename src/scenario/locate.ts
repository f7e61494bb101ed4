import type { ErrorObject } from "ajv";
import { type Document, isMap, isScalar, isSeq, type Node } from "yaml";
import { didYouMean } from "./suggest.ts";

export type Path = (string | number)[];

/**
 * Turns Ajv's errors into one position and sentence per mistake. Ajv reports a mistake several
 * times over (every branch of a oneOf, a "missing" field next to its misspelling); only the error
 * that explains it best is kept.
 */
export function locateAll(doc: Document, errors: ErrorObject[], base: Path = []): [number, string][] {
  // Inside a oneOf (durations, powers, answers) every branch reports; those errors are one mistake,
  // under the outermost oneOf's place. Elsewhere each place, and each field at it, is its own.
  const oneOfs = [...new Set(errors.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath))];
  const under = (e: ErrorObject, p: string) => e.instancePath === p || e.instancePath.startsWith(`${p}/`);
  // A misspelt field explains a "missing" one, so the missing one is not reported beside it.
  const misspelt = new Set(
    errors.filter((e) => e.keyword === "additionalProperties").map((e) => e.instancePath),
  );
  const groups = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (e.keyword === "required" && misspelt.has(e.instancePath)) continue;
    // "must match the then schema" comes with the errors of the then schema, which say what is wrong.
    if (e.keyword === "if" && errors.length > 1) continue;
    const outer = oneOfs.filter((p) => under(e, p)).sort((a, b) => a.length - b.length)[0];
    const params = e.params as { additionalProperty?: string; missingProperty?: string };
    const key =
      outer !== undefined
        ? `oneOf\0${outer}`
        : `${e.instancePath}\0${params.additionalProperty ?? params.missingProperty ?? e.keyword}`;
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  return [...groups.values()].map((group) => {
    // A misspelt field says more than "none of the forms fit"; the oneOf's description says more than a branch.
    const best =
      group.find((e) => e.keyword === "additionalProperties") ??
      group.find((e) => e.keyword === "oneOf") ??
      group[0]!;
    return locate(doc, best, base);
  });
}

function locate(doc: Document, error: ErrorObject, base: Path): [number, string] {
  const path: Path = [
    ...base,
    ...error.instancePath
      .split("/")
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, "/").replace(/~0/g, "~"))),
  ];
  const params = error.params as Record<string, unknown>;
  const name = pathName(path);
  const node = nodeAt(doc, path);
  const offset = node?.range?.[0] ?? 0;
  switch (error.keyword) {
    case "additionalProperties": {
      const field = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
      const keyNode = keyAt(doc, path, field);
      return [
        keyNode?.range?.[0] ?? offset,
        `${name || "top level"}: unknown field "${field}"${didYouMean(field, allowed)}${allowed.length ? ` (fields: ${allowed.join(", ")})` : ""}`,
      ];
    }
    case "required":
      return [offset, `${name || "top level"}: missing required field "${params.missingProperty}"`];
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String);
      return [
        offset,
        `${name}: expected one of ${allowed.join(", ")}, found ${describe(error.data)}${typeof error.data === "string" ? didYouMean(error.data, allowed) : ""}`,
      ];
    }
    case "const":
      return [
        offset,
        `${name}: expected ${JSON.stringify(params.allowedValue)}, found ${describe(error.data)}`,
      ];
    case "type":
      return [offset, `${name}: expected ${article(String(params.type))}, found ${describe(error.data)}`];
    case "oneOf":
      return [
        offset,
        `${name}: expected ${lowerFirst((error.parentSchema as { description?: string }).description ?? "a different value")}, found ${describe(error.data)}`,
      ];
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return [
        offset,
        `${name}: expected a number ${params.comparison} ${params.limit}, found ${describe(error.data)}`,
      ];
    case "minLength":
    case "maxLength":
      return [
        offset,
        `${name}: expected a text of ${error.keyword === "minLength" ? "at least" : "at most"} ${params.limit} characters, found ${describe(error.data)} (${String(error.data).length})`,
      ];
    case "minItems":
    case "minProperties": {
      const what = error.keyword === "minItems" ? "item" : "entry";
      const plural = params.limit === 1 ? what : what === "item" ? "items" : "entries";
      return [offset, `${name}: expected at least ${params.limit} ${plural}, found none`];
    }
    default:
      return [offset, `${name}: ${error.message}, found ${describe(error.data)}`];
  }
}

export function nodeAt(doc: Document, path: Path): Node | undefined {
  for (let i = path.length; i >= 0; i--) {
    const n = i === 0 ? doc.contents : doc.getIn(path.slice(0, i), true);
    // A value left empty (`name:`) has no text to point at: its key is where it is missing.
    const empty = isScalar(n) && n.value === null && n.range?.[0] === n.range?.[1];
    if (empty && i > 0) {
      const key = keyAt(doc, path.slice(0, i - 1), String(path[i - 1]));
      if (key) return key;
    }
    if (n && !empty && (isScalar(n) || isMap(n) || isSeq(n))) return n as Node;
  }
  return undefined;
}

export function keyAt(doc: Document, path: Path, key: string): Node | undefined {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
  return pair?.key as Node | undefined;
}

function pathName(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** A value as a mistake shows it: the text or number itself, or what kind of thing it is. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  // YAML's .inf and .nan have no JSON form: JSON.stringify would show them as null.
  if (typeof value === "number" && !Number.isFinite(value))
    return Number.isNaN(value) ? ".nan (not a number)" : `${value < 0 ? "-" : ""}.inf (infinity)`;
  return JSON.stringify(value);
}

function article(type: string): string {
  const t = type.replace(",", " or ");
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1).replace(/\.$/, "");
}
