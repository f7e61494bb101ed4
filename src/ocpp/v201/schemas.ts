import { createRequire } from "node:module";
import AjvModule from "ajv";
import type { OcppErrorCode } from "../errors.ts";
import { JsonSchemaSet, withFormats } from "../schemas.ts";

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
 * The official OCPP 2.0.1 schemas, compiled once per process and shared by every charging station
 * and the embedded central system. The files are draft-06, so they get their own Ajv with the
 * draft-06 meta-schema rather than the draft-04 one 1.6 uses.
 */
export class SchemaSet201 extends JsonSchemaSet {
  constructor() {
    // strict: false because the official files carry the non-standard keywords comment and javaType.
    const ajv = withFormats(new Ajv({ strict: false, allErrors: false, verbose: true }));
    ajv.addMetaSchema(draft06);
    super({
      ajv,
      source: {
        dir,
        fileOf: (action, kind) => `${action}${kind === "request" ? "Request" : "Response"}.json`,
      },
      codes: CODE_BY_KEYWORD,
      otherwise: "FormatViolation",
      frameCodes: {
        messageType: "MessageTypeNotSupported",
        rpc: "RpcFrameworkError",
        payload: "FormatViolation",
      },
    });
  }
}

let shared: SchemaSet201 | undefined;

/** The process-wide OCPP 2.0.1 JSON schema set. */
export function schemasV201(): SchemaSet201 {
  shared ??= new SchemaSet201();
  return shared;
}
