import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import AjvModule from "ajv";
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type Scalar,
} from "yaml";
import { fsReason, UserError } from "../util/errors.ts";
import { chargePointsOf, stepChargePoint } from "./charge-points.ts";
import { interpolate } from "./interpolate.ts";
import { type Scenario, STEP_TYPES, type Step, type StepType } from "./model.ts";
import schema from "./scenario.schema.json" with { type: "json" };
import { checkSemantics } from "./semantics.ts";
import { didYouMean } from "./suggest.ts";

type Path = (string | number)[];

/** A scenario mistake, located: `file:line:col: path: what was expected, what was found`. */
export class ScenarioError extends UserError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}:${column}: ${detail}`, 2, "ESCENARIO");
    this.name = "ScenarioError";
  }
}

// ajv is CommonJS; under NodeNext its default export is the module object.
const Ajv = AjvModule.default;

let validators: { root: ValidateFunction; args: Map<StepType, ValidateFunction> } | undefined;

function compile() {
  if (validators) return validators;
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
  ajv.addSchema(schema, "scenario");
  // Steps are checked one by one (below) so an error can name the step and suggest a spelling;
  // the root validator checks everything else.
  const root = ajv.compile({
    ...schema,
    $id: "root",
    properties: { ...schema.properties, steps: { type: "array", minItems: 1 } },
  });
  const args = new Map<StepType, ValidateFunction>();
  for (const type of STEP_TYPES)
    args.set(type, ajv.compile({ $ref: `scenario#/$defs/step/oneOf/1/properties/${type}` }));
  validators = { root, args };
  return validators;
}

export interface LoadOptions {
  /** --var name=value from the command line; wins over the scenario's vars. */
  vars?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  /** cpsim load: ${cp.id} and ${cp.index} stay in place, filled in for each charge point. */
  chargePointTemplates?: boolean;
}

export function loadScenario(file: string, opts: LoadOptions = {}): Scenario {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const why = fsReason(err);
    throw new UserError(`Cannot read scenario ${file}: ${why}.`);
  }
  return parseScenario(text, file, opts);
}

export function parseScenario(text: string, file: string, opts: LoadOptions = {}): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number, detail: string) => {
    const { line, col } = lines.linePos(offset);
    return new ScenarioError(file, line, col, detail);
  };
  const first = doc.errors[0];
  if (first?.code === "DUPLICATE_KEY") {
    const key = /^[^:\n]*/.exec(text.slice(first.pos[0]))![0].trim();
    throw at(
      first.pos[0],
      `the key ${JSON.stringify(key)} appears twice in the same mapping; each key may appear once`,
    );
  }
  if (first) throw at(first.pos[0], `YAML syntax error: ${first.message.split("\n")[0]}`);
  if (!isMap(doc.contents)) throw at(0, "expected a mapping with version and steps at the top of the file");

  interpolate(doc, opts, at);
  const data = doc.toJS() as Record<string, unknown>;
  const { root, args } = compile();
  if (!root(data)) throw at(...locate(doc, root.errors!));

  const cpNodes = doc.get("chargePoints", true);
  const cpOrder = isMap(cpNodes)
    ? cpNodes.items.map((pair) => String((pair.key as Scalar).value))
    : undefined;
  const chargePoints = chargePointsOf(data, cpOrder);
  const steps: Step[] = [];
  const stepNodes = doc.get("steps", true);
  (data.steps as unknown[]).forEach((raw, index) => {
    const node = isSeq(stepNodes) ? (stepNodes.items[index] as Node) : undefined;
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lines.linePos(offset);
    const where = `steps[${index}]`;
    let type: string;
    let stepArgs: Record<string, unknown> = {};
    if (typeof raw === "string") type = raw;
    else if (raw && typeof raw === "object" && !Array.isArray(raw) && Object.keys(raw).length === 1) {
      type = Object.keys(raw)[0]!;
      const value = (raw as Record<string, unknown>)[type];
      stepArgs =
        type === "wait" && (typeof value === "string" || typeof value === "number")
          ? { duration: value }
          : ((value as Record<string, unknown>) ?? {});
    } else {
      const keys = raw && typeof raw === "object" && !Array.isArray(raw) ? Object.keys(raw) : [];
      const found =
        keys.length > 1
          ? `a mapping with ${keys.length} keys (${keys.join(", ")}); a step has exactly one`
          : describe(raw);
      throw at(
        offset,
        `${where}: expected a step such as "boot" or { authorize: { idTag: ABC } }, found ${found}`,
      );
    }
    if (!(STEP_TYPES as readonly string[]).includes(type)) {
      // A likely typo gets its correction; otherwise the whole list helps more.
      const hint = didYouMean(type, STEP_TYPES) || ` (steps: ${STEP_TYPES.join(", ")})`;
      throw at(offset, `${where}: unknown step "${type}"${hint}`);
    }
    const validate = args.get(type as StepType)!;
    const checked = typeof raw === "string" ? {} : (raw as Record<string, unknown>)[type];
    if (checked !== null && !validate(type === "wait" ? checked : (checked ?? {}))) {
      throw at(...locate(doc, validate.errors!, ["steps", index, type]));
    }
    steps.push({
      index,
      type: type as StepType,
      label: (stepArgs.name as string) ?? type,
      args: stepArgs,
      line,
      column: col,
      chargePoint: stepChargePoint(type as StepType, stepArgs, chargePoints.chargePoints),
    });
  });

  const scenario: Scenario = {
    file,
    name: (data.name as string) ?? file.replace(/^.*\//, "").replace(/\.ya?ml$/, ""),
    description: data.description as string | undefined,
    ...chargePoints,
    steps,
    onFailure: data.onFailure as Scenario["onFailure"],
    respond: data.respond as Scenario["respond"],
    timeScale: data.timeScale as number | undefined,
    centralSystem: data.centralSystem as Scenario["centralSystem"],
    thresholds: data.thresholds as string[] | undefined,
  };
  const fail = (path: Path, detail: string, where?: "key" | "value"): never => {
    const node = where === "key" ? keyAt(doc, path.slice(0, -1), String(path.at(-1))) : nodeAt(doc, path);
    throw at(node?.range?.[0] ?? 0, detail);
  };
  checkSemantics(scenario, fail, data.chargePoint !== undefined && data.chargePoints !== undefined);
  return scenario;
}

/** Turns the first Ajv error into a position and a sentence naming what was expected and found. */
function locate(doc: Document, errors: ErrorObject[], base: Path = []): [number, string] {
  // A misspelt field explains a "missing" one, so it comes first. Inside a oneOf (durations, powers)
  // the branch errors are noise; the oneOf's description says it best.
  const error =
    errors.find((e) => e.keyword === "additionalProperties") ??
    errors.find((e) => e.keyword === "oneOf") ??
    errors[0]!;
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

function nodeAt(doc: Document, path: Path): Node | undefined {
  for (let i = path.length; i >= 0; i--) {
    const n = i === 0 ? doc.contents : doc.getIn(path.slice(0, i), true);
    if (n && (isScalar(n) || isMap(n) || isSeq(n))) return n as Node;
  }
  return undefined;
}

function keyAt(doc: Document, path: Path, key: string): Node | undefined {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
  return pair?.key as Node | undefined;
}

function pathName(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return JSON.stringify(value);
}

function article(type: string): string {
  const t = type.replace(",", " or ");
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1).replace(/\.$/, "");
}
