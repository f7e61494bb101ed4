import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AjvModule, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { OcppErrorCode } from "../errors.ts";
import type { PayloadKind, SchemaIssue, SchemaSet } from "../schemas.ts";

// ajv is CommonJS; under NodeNext its default export is the module object.
const Ajv = AjvModule.default;
const draft06 = createRequire(import.meta.url)("ajv/dist/refs/json-schema-draft-06.json");

// Which CALLERROR a schema violation earns in OCPP-J 2.0.1 (Part 4 §4.3). 2.0.1 renamed two
// 1.6 codes: FormationViolation became FormatViolation, and OccurenceConstraintViolation is
// spelled correctly as OccurrenceConstraintViolation.
const CODE_BY_KEYWORD: ReadonlyMap<string, OcppErrorCode> = new Map<string, OcppErrorCode>([
  ["type", "TypeConstraintViolation"],
  ["required", "OccurrenceConstraintViolation"],
  ["minItems", "OccurrenceConstraintViolation"],
  ["maxItems", "OccurrenceConstraintViolation"],
  ["additionalProperties", "FormatViolation"],
  ["additionalItems", "FormatViolation"],
  ["maxLength", "PropertyConstraintViolation"],
  ["minLength", "PropertyConstraintViolation"],
  ["maximum", "PropertyConstraintViolation"],
  ["minimum", "PropertyConstraintViolation"],
  ["enum", "PropertyConstraintViolation"],
  ["format", "PropertyConstraintViolation"],
]);

const dir = new URL("./schemas/", import.meta.url);

/**
 * The official OCPP 2.0.1 schemas (draft-06), compiled once per process and shared by every
 * charging station and the embedded central system; the same interface as the 1.6 `SchemaSet`.
 * Each action compiles on first use. The files are draft-06, so they get their own Ajv with the
 * draft-06 meta-schema rather than the draft-04 one 1.6 uses.
 */
export class SchemaSet201 implements SchemaSet {
  private readonly ajv: InstanceType<typeof Ajv>;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    // strict: false because the official files carry the non-standard keywords comment and javaType.
    this.ajv = new Ajv({ strict: false, allErrors: false, verbose: true });
    this.ajv.addMetaSchema(draft06);
    addFormats.default(this.ajv, ["date-time", "uri"]);
  }

  has(action: string): boolean {
    return this.validator(action, "request") !== null;
  }

  /** The official JSON schema of an action's request or response, as compiled. */
  schema(action: string, kind: PayloadKind): Record<string, unknown> | undefined {
    return (this.validator(action, kind)?.schema ?? undefined) as Record<string, unknown> | undefined;
  }

  /** Returns undefined when payload is valid, otherwise the first violation. */
  validate(action: string, kind: PayloadKind, payload: unknown): SchemaIssue | undefined {
    const validate = this.validator(action, kind);
    if (!validate) return { code: "NotImplemented", message: `no ${kind} schema for action ${action}` };
    if (validate(payload)) return undefined;
    const error = validate.errors![0]!;
    return { code: CODE_BY_KEYWORD.get(error.keyword) ?? "FormatViolation", message: describeIssue(error) };
  }

  private validator(action: string, kind: PayloadKind): ValidateFunction | null {
    const key = `${action}:${kind}`;
    const known = this.compiled.get(key);
    if (known) return known;
    const v = this.load(action, kind);
    // Only real actions are kept: a peer sending endless made-up action names must not grow it.
    if (v) this.compiled.set(key, v);
    return v;
  }

  private load(action: string, kind: PayloadKind): ValidateFunction | null {
    if (!/^[A-Za-z0-9]+$/.test(action)) return null;
    let text: string;
    try {
      text = readFileSync(
        new URL(`${action}${kind === "request" ? "Request" : "Response"}.json`, dir),
        "utf8",
      );
    } catch {
      return null;
    }
    const schema = JSON.parse(text);
    // Each file's $id is unique (urn:OCPP:Cp:2:2020:3:<Name>), but dropping it keeps a second
    // compile of the same file (another SchemaSet201 in tests) from clashing in a shared Ajv.
    delete schema.$id;
    return this.ajv.compile(schema);
  }
}

function describeIssue(e: ErrorObject): string {
  const at = e.instancePath || "(payload)";
  const p = e.params as Record<string, unknown>;
  if (e.keyword === "required") return `${at} is missing required property "${p.missingProperty}"`;
  if (e.keyword === "additionalProperties") return `${at} has unexpected property "${p.additionalProperty}"`;
  if (e.keyword === "enum") {
    return `${at} must be one of ${(p.allowedValues as unknown[]).join(", ")} (got ${JSON.stringify(e.data)})`;
  }
  const got = e.data !== undefined && typeof e.data !== "object" ? ` (got ${JSON.stringify(e.data)})` : "";
  return `${at} ${e.message}${got}`;
}

let shared: SchemaSet201 | undefined;

/** The process-wide OCPP 2.0.1 JSON schema set. */
export function schemasV201(): SchemaSet201 {
  shared ??= new SchemaSet201();
  return shared;
}
