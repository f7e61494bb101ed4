import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { FrameFault, OcppErrorCode } from "./errors.ts";

export type PayloadKind = "request" | "response";

export interface SchemaIssue {
  /** The OCPP-J error code a receiver answers with for this kind of violation. */
  code: OcppErrorCode;
  /** e.g. `/idTagInfo/status must be one of Accepted, Blocked, Expired, Invalid, ConcurrentTx (got "Foo")` */
  message: string;
}

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
  /** The error code of a frame not built as OCPP-J says: the versions name the faults differently. */
  frameErrorCode(fault: FrameFault): OcppErrorCode;
}

/** What makes one version's schema set: its Ajv (by draft), files and error codes. */
export interface SchemaSetOptions {
  ajv: { compile(schema: object): ValidateFunction };
  source: SchemaSetSource;
  /** The CALLERROR code each failing schema keyword earns. */
  codes: ReadonlyMap<string, OcppErrorCode>;
  /** The code of a violation `codes` does not name (a structure problem). */
  otherwise: OcppErrorCode;
  /** The code of each fault of a frame (1.6 FormationViolation for all; 2.0.1 one each). */
  frameCodes: Readonly<Record<FrameFault, OcppErrorCode>>;
}

/**
 * The official JSON schemas of one OCPP version, compiled once per process and shared by every
 * charge point and the embedded central system. Each action compiles on first use, so a CLI run
 * that sends five actions does not pay for fifty-six. Versions differ only in their options: the
 * draft their files are written in (1.6 draft-04, 2.0.1 draft-06), the file names and the codes.
 */
export class JsonSchemaSet implements SchemaSet {
  // By kind, then action: no key to build for each of the thousands of messages a second.
  private readonly compiled = {
    request: new Map<string, ValidateFunction>(),
    response: new Map<string, ValidateFunction>(),
  };

  constructor(private readonly options: SchemaSetOptions) {}

  frameErrorCode(fault: FrameFault): OcppErrorCode {
    return this.options.frameCodes[fault];
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
    return {
      code: this.options.codes.get(error.keyword) ?? this.options.otherwise,
      message: describe(error),
    };
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
    const { source, ajv } = this.options;
    let text: string;
    try {
      text = readFileSync(new URL(source.fileOf(action, kind), source.dir), "utf8");
    } catch {
      return null;
    }
    const schema = JSON.parse(text);
    // 1.6's files share titles and have no ids; 2.0.1's $ids are unique, but a second set in one
    // process (tests) would compile the same $id twice. Without ids nothing ever clashes in Ajv.
    delete schema.id;
    delete schema.$id;
    return ajv.compile(schema);
  }
}

/** The formats the official files use. */
export function withFormats<A extends Parameters<typeof addFormats.default>[0]>(ajv: A): A {
  addFormats.default(ajv, ["date-time", "uri"]);
  return ajv;
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
