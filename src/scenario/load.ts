import { readFileSync } from "node:fs";
import type { ValidateFunction } from "ajv";
import AjvModule from "ajv";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type Scalar } from "yaml";
import type { OcppVersion } from "../ocpp/versions.ts";
import { isWaitable, parseDuration } from "../util/duration.ts";
import { fsReason, UserError } from "../util/errors.ts";
import { payloadRows, versionsToCheck } from "./action-versions.ts";
import { checkAliases } from "./aliases.ts";
import { chargePointsOf, stepChargePoint } from "./charge-points.ts";
import { interpolate, templatePaths } from "./interpolate.ts";
import { describe, keyAt, locateAll, nodeAt, type Path } from "./locate.ts";
import { type Scenario, type ScenarioNote, STEP_TYPES, type Step, type StepType } from "./model.ts";
import schema from "./scenario.schema.json" with { type: "json" };
import { checkSemantics } from "./semantics.ts";
import { didYouMean } from "./suggest.ts";

/** Mistakes shown at most: past these, a file is better fixed from the top and checked again. */
const MAX_SHOWN = 100;

/** One mistake in a scenario file, where it is. */
export interface ScenarioProblem {
  line: number;
  column: number;
  /** `path: what was expected, what was found`. */
  detail: string;
}

/**
 * Every mistake found in a scenario, one a line: `file:line:col: path: what was expected, what
 * was found`. `line`, `column` and `detail` are those of the first.
 */
export class ScenarioError extends UserError {
  readonly line: number;
  readonly column: number;
  readonly detail: string;
  constructor(
    readonly file: string,
    readonly problems: ScenarioProblem[],
  ) {
    const shown = problems.slice(0, MAX_SHOWN).map((p) => `${file}:${p.line}:${p.column}: ${p.detail}`);
    if (problems.length > MAX_SHOWN)
      shown.push(`${file}: and ${problems.length - MAX_SHOWN} more mistakes; fix these first`);
    super(shown.join("\n"), 2, "ESCENARIO");
    this.name = "ScenarioError";
    ({ line: this.line, column: this.column, detail: this.detail } = problems[0]!);
  }
}

// ajv is CommonJS; under NodeNext its default export is the module object.
const Ajv = AjvModule.default;

let validators: { root: ValidateFunction; args: Map<StepType, ValidateFunction> } | undefined;

function compile() {
  if (validators) return validators;
  // strictNumbers: YAML's .inf and .nan are not numbers a scenario can use.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, strictNumbers: true });
  // The pattern cannot bound a duration; past a timer's reach it would never end.
  ajv.addFormat("cpsim-duration", { type: "string", validate: (s: string) => isWaitable(parseDuration(s)) });
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
  /**
   * The version the run speaks (--ocpp): the actions steps name and their payloads are checked
   * against it. Unset (validate without --ocpp): against the versions `ocpp:` declares, or the
   * default one.
   */
  ocpp?: OcppVersion;
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
  // logLevel "error": what yaml would warn about on the process's stderr is reported below, or nothing.
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    logLevel: "error",
  });
  // Every mistake found is reported at once; a later check runs only on what the earlier ones let through.
  const problems: ScenarioProblem[] = [];
  const seen = new Set<string>();
  const report = (offset: number, detail: string) => {
    const { line, col } = lines.linePos(offset);
    // One mistake a line, and nothing a terminal would act on: names from the file may hold control characters.
    detail = detail.replace(
      /[\p{Cc}\u2028\u2029]/gu,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    const key = `${line}:${col}:${detail}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ line, column: col, detail });
  };
  const stopIfAny = () => {
    if (problems.length === 0) return;
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new ScenarioError(file, problems);
  };
  // After a syntax error the parser's guesses cascade into more errors; the first is the one to fix.
  const syntax = doc.errors.find((e) => e.code !== "DUPLICATE_KEY");
  for (const error of doc.errors) {
    if (error.code === "DUPLICATE_KEY") {
      const key = /^[^:\n]*/.exec(text.slice(error.pos[0]))![0].trim();
      report(
        error.pos[0],
        `the key ${JSON.stringify(key)} appears twice in the same mapping; each key may appear once`,
      );
    } else if (error === syntax) report(error.pos[0], `YAML syntax error: ${error.message.split("\n")[0]}`);
  }
  stopIfAny();
  // A tag cpsim does not know (!!js/function, !custom) would silently become text.
  for (const warning of doc.warnings) report(warning.pos[0], `YAML: ${warning.message.split("\n")[0]}`);
  if (!isMap(doc.contents)) report(0, "expected a mapping with version and steps at the top of the file");
  const aliasProblem = checkAliases(doc);
  if (aliasProblem) report(aliasProblem.offset, aliasProblem.detail);
  if (!isMap(doc.contents) || aliasProblem) stopIfAny();

  const deferred = interpolate(doc, opts, report);
  // checkAliases has bounded what aliases expand to; yaml's count of alias uses would refuse ordinary reuse.
  const data = doc.toJS({ maxAliasCount: -1 }) as Record<string, unknown>;
  const { root, args } = compile();
  const rootValid = root(data);
  if (!rootValid) for (const [offset, detail] of locateAll(doc, root.errors!)) report(offset, detail);

  const cpNodes = doc.get("chargePoints", true);
  const cpOrder = isMap(cpNodes)
    ? cpNodes.items.map((pair) => String((pair.key as Scalar).value))
    : undefined;
  const chargePoints = rootValid ? chargePointsOf(data, cpOrder) : undefined;
  const steps: Step[] = [];
  const stepNodes = doc.get("steps", true);
  const rawSteps = Array.isArray(data.steps) ? (data.steps as unknown[]) : [];
  rawSteps.forEach((raw, index) => {
    const node = isSeq(stepNodes) ? (stepNodes.items[index] as Node) : undefined;
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lines.linePos(offset);
    const step = checkStep(raw, index, (detail) => report(offset, detail));
    if (!step) return;
    const { type, stepArgs, checked } = step;
    const validate = args.get(type)!;
    if (!validate(type === "wait" ? checked : (checked ?? {}))) {
      for (const [at, detail] of locateAll(doc, validate.errors!, ["steps", index, type])) report(at, detail);
      return;
    }
    const templates = templatePaths(doc, node, deferred);
    steps.push({
      index,
      type,
      label: (stepArgs.name as string) ?? type,
      args: stepArgs,
      line,
      column: col,
      chargePoint: chargePoints && stepChargePoint(type, stepArgs, chargePoints.chargePoints),
      ...(templates.length > 0 && { templates }),
    });
  });
  // What follows reads the file as the schema describes it.
  if (!chargePoints) stopIfAny();

  const ocppKey = keyAt(doc, [], "ocpp");
  const declared = data.ocpp === undefined ? undefined : declaredVersions(doc.get("ocpp", true));
  const scenario: Scenario = {
    file,
    ...(declared && { ocpp: { versions: declared, ...position(lines, ocppKey?.range?.[0] ?? 0) } }),
    name: (data.name as string) ?? file.replace(/^.*\//, "").replace(/\.ya?ml$/, ""),
    description: data.description as string | undefined,
    ...chargePoints!,
    steps,
    onFailure: data.onFailure as Scenario["onFailure"],
    onDisconnect: data.onDisconnect as Scenario["onDisconnect"],
    respond: data.respond as Scenario["respond"],
    timeScale: data.timeScale as number | undefined,
    centralSystem: data.centralSystem as Scenario["centralSystem"],
    thresholds: data.thresholds as string[] | undefined,
  };
  const fail = (path: Path, detail: string, where?: "key" | "value") => {
    const node = where === "key" ? keyAt(doc, path.slice(0, -1), String(path.at(-1))) : nodeAt(doc, path);
    report(node?.range?.[0] ?? 0, detail);
  };
  const notes: ScenarioNote[] = [];
  const note = (path: Path, detail: string, at?: "key") => {
    const node = at === "key" ? keyAt(doc, path.slice(0, -1), String(path.at(-1))) : nodeAt(doc, path);
    notes.push({ ...position(lines, node?.range?.[0] ?? 0), detail });
  };
  const rows = payloadRows(versionsToCheck(declared, opts.ocpp));
  checkSemantics(
    scenario,
    fail,
    data.chargePoint !== undefined && data.chargePoints !== undefined,
    note,
    rows,
  );
  stopIfAny();
  if (notes.length > 0) scenario.notes = notes;
  return scenario;
}

/**
 * The versions `ocpp:` names, as written: YAML reads `2.0` as the number 2 and `1.60` as 1.6, and
 * either would then name a version the file does not.
 */
function declaredVersions(node: unknown): string[] {
  const items = isSeq(node) ? node.items : [node];
  return items.map((n) =>
    isScalar(n) && typeof n.value === "number" && typeof n.source === "string"
      ? n.source
      : String((n as Scalar)?.value),
  );
}

function position(lines: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** A step's type and arguments, or a sentence on why it is not a step. */
function checkStep(
  raw: unknown,
  index: number,
  report: (detail: string) => void,
): { type: StepType; stepArgs: Record<string, unknown>; checked: unknown } | undefined {
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
    report(`${where}: expected a step such as "boot" or { authorize: { idTag: ABC } }, found ${found}`);
    return undefined;
  }
  if (!(STEP_TYPES as readonly string[]).includes(type)) {
    // A likely typo gets its correction; otherwise the whole list helps more.
    const hint = didYouMean(type, STEP_TYPES) || ` (steps: ${STEP_TYPES.join(", ")})`;
    report(`${where}: unknown step "${type}"${hint}`);
    return undefined;
  }
  const checked = typeof raw === "string" ? {} : (raw as Record<string, unknown>)[type];
  return { type: type as StepType, stepArgs, checked };
}
