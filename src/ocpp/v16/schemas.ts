import AjvDraft04Module from "ajv-draft-04";
import type { OcppErrorCode } from "../errors.ts";
import { JsonSchemaSet, type SchemaSet, withFormats } from "../schemas.ts";

// ajv-draft-04 is CommonJS; under NodeNext its default export is the module object.
const AjvDraft04 = AjvDraft04Module.default;

// Which CALLERROR a schema violation earns (OCPP-J 1.6 §4.2.3). Structure problems are
// FormationViolation, missing or repeated fields OccurenceConstraintViolation (sic, 1.6 spelling),
// wrong JSON types TypeConstraintViolation, and bad values PropertyConstraintViolation.
const CODE_BY_KEYWORD: ReadonlyMap<string, OcppErrorCode> = new Map<string, OcppErrorCode>([
  ["type", "TypeConstraintViolation"],
  ["required", "OccurenceConstraintViolation"],
  ["minItems", "OccurenceConstraintViolation"],
  ["maxItems", "OccurenceConstraintViolation"],
  ["additionalProperties", "FormationViolation"],
  ["maxLength", "PropertyConstraintViolation"],
  ["minLength", "PropertyConstraintViolation"],
  ["maximum", "PropertyConstraintViolation"],
  ["minimum", "PropertyConstraintViolation"],
  ["enum", "PropertyConstraintViolation"],
  ["format", "PropertyConstraintViolation"],
  ["pattern", "PropertyConstraintViolation"],
  ["multipleOf", "PropertyConstraintViolation"],
]);

let v16: SchemaSet | undefined;

/** The process-wide OCPP 1.6 JSON schema set (the official files, unmodified, in ./schemas/). */
export function schemasV16(): SchemaSet {
  v16 ??= new JsonSchemaSet({
    // The files are draft-04. strict: false because they carry non-standard keywords;
    // multipleOfPrecision because the charging-rate limits are multipleOf 0.1, which plain floats fail.
    ajv: withFormats(
      new AjvDraft04({ strict: false, allErrors: false, verbose: true, multipleOfPrecision: 6 }),
    ),
    source: {
      dir: new URL("./schemas/", import.meta.url),
      fileOf: (action, kind) => (kind === "request" ? `${action}.json` : `${action}Response.json`),
    },
    codes: CODE_BY_KEYWORD,
    otherwise: "FormationViolation",
    // 1.6 names no fault of a frame apart: "not conform the PDU structure" covers them all.
    frameCodes: {
      messageType: "FormationViolation",
      rpc: "FormationViolation",
      payload: "FormationViolation",
    },
  });
  return v16;
}
