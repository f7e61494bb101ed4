import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import AjvDraft04Module from "ajv-draft-04";
import addFormats from "ajv-formats";
import type { OcppErrorCode } from "./errors.ts";

// ajv-draft-04 is CommonJS; under NodeNext its default export is the module object.
const AjvDraft04 = AjvDraft04Module.default;

export type PayloadKind = "request" | "response";

export interface SchemaIssue {
  /** The OCPP-J error code a receiver answers with for this kind of violation. */
  code: OcppErrorCode;
  /** e.g. `/idTagInfo/status must be one of Accepted, Blocked, Expired, Invalid, ConcurrentTx (got "Foo")` */
  message: string;
}

// Which CALLERROR a schema violation earns (OCPP-J 1.6 §4.2.3). Structure problems are
// FormationViolation, missing or repeated fields OccurenceConstraintViolation (sic, 1.6 spelling),
// wrong JSON types TypeConstraintViolation, and bad values PropertyConstraintViolation.
const CODE_BY_KEYWORD: Record<string, OcppErrorCode> = {
  type: "TypeConstraintViolation",
  required: "OccurenceConstraintViolation",
  minItems: "OccurenceConstraintViolation",
  maxItems: "OccurenceConstraintViolation",
  additionalProperties: "FormationViolation",
  maxLength: "PropertyConstraintViolation",
  minLength: "PropertyConstraintViolation",
  maximum: "PropertyConstraintViolation",
  minimum: "PropertyConstraintViolation",
  enum: "PropertyConstraintViolation",
  format: "PropertyConstraintViolation",
  pattern: "PropertyConstraintViolation",
  multipleOf: "PropertyConstraintViolation",
};

export interface SchemaSetSource {
  /** Folder URL holding the official schema files. */
  dir: URL;
  fileOf(action: string, kind: PayloadKind): string;
}

/**
 * The official JSON schemas of one OCPP version's payloads, as the transports, the scenario checks
 * and the interactive menu use them. A version row gives one (OcppVersionRow.schemas).
 */
export interface SchemaSet {
  /** Whether the version defines the action. */
  has(action: string): boolean;
  /** The official JSON schema of an action's request or response, as compiled. */
  schema(action: string, kind: PayloadKind): Record<string, unknown> | undefined;
  /** Undefined when the payload is valid, otherwise the first violation. */
  validate(action: string, kind: PayloadKind, payload: unknown): SchemaIssue | undefined;
}

/**
 * The official draft-04 schemas of one OCPP version (1.6's are draft-04), compiled once per process
 * and shared by every charge point and the embedded central system. Each action compiles on first
 * use, so a CLI run that sends five actions does not pay for fifty-six. (2.0.1's are draft-06 and
 * need an Ajv of their own.)
 */
export class Draft04SchemaSet implements SchemaSet {
  private readonly ajv: InstanceType<typeof AjvDraft04>;
  // By kind, then action: no key to build for each of the thousands of messages a second.
  private readonly compiled = {
    request: new Map<string, ValidateFunction>(),
    response: new Map<string, ValidateFunction>(),
  };

  constructor(private readonly source: SchemaSetSource) {
    // strict: false because the official files carry non-standard keywords; multipleOfPrecision
    // because the 1.6 charging-rate limits are multipleOf 0.1, which plain floats fail.
    this.ajv = new AjvDraft04({ strict: false, allErrors: false, verbose: true, multipleOfPrecision: 6 });
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
    return { code: CODE_BY_KEYWORD[error.keyword] ?? "FormationViolation", message: describe(error) };
  }

  private validator(action: string, kind: PayloadKind): ValidateFunction | null {
    const known = this.compiled[kind].get(action);
    if (known) return known;
    const v = this.load(action, kind);
    // Only real actions are kept: a peer sending endless made-up action names must not grow it.
    if (v) this.compiled[kind].set(action, v);
    return v;
  }

  private load(action: string, kind: PayloadKind): ValidateFunction | null {
    if (!/^[A-Za-z0-9]+$/.test(action)) return null;
    let text: string;
    try {
      text = readFileSync(new URL(this.source.fileOf(action, kind), this.source.dir), "utf8");
    } catch {
      return null;
    }
    const schema = JSON.parse(text);
    // Official files share titles but have no ids; drop any id so two actions never clash in Ajv.
    delete schema.id;
    delete schema.$id;
    return this.ajv.compile(schema);
  }
}

function describe(e: ErrorObject): string {
  const at = e.instancePath || "(payload)";
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return `${at} is missing required property "${p.missingProperty}"`;
    case "additionalProperties":
      return `${at} has unexpected property "${p.additionalProperty}"`;
    case "enum":
      return `${at} must be one of ${(p.allowedValues as unknown[]).join(", ")} (got ${JSON.stringify(e.data)})`;
    default:
      return `${at} ${e.message}${e.data !== undefined && typeof e.data !== "object" ? ` (got ${JSON.stringify(e.data)})` : ""}`;
  }
}
