// Whether a value a CSMS sets fits its variable's characteristics (OCPP 2.0.1 Part 2 §B05:
// a value that does not is Rejected). Returns the reason for attributeStatusInfo, or undefined.
import type { VariableDef } from "./definitions.ts";

const INTEGER = /^-?\d+$/;
// JSON/ISO-style decimal; "1e3" or " 5" are not values a 2.0.1 decimal variable is written as.
const DECIMAL = /^-?\d+(\.\d+)?$/;

export function valueProblem(def: VariableDef, value: string, maxSize: number): string | undefined {
  if (value.length > maxSize) return `longer than ConfigurationValueSize (${maxSize})`;
  switch (def.dataType) {
    case "integer":
    case "decimal": {
      if (!(def.dataType === "integer" ? INTEGER : DECIMAL).test(value))
        return `not ${def.dataType === "integer" ? "an integer" : "a decimal"}`;
      const n = Number(value);
      if (def.minLimit !== undefined && n < def.minLimit) return `below the minimum ${def.minLimit}`;
      if (def.maxLimit !== undefined && n > def.maxLimit) return `above the maximum ${def.maxLimit}`;
      return undefined;
    }
    case "boolean":
      return value === "true" || value === "false" ? undefined : "not true or false";
    case "dateTime":
      return Number.isNaN(Date.parse(value)) ? "not a date-time" : undefined;
    case "OptionList":
      return def.valuesList?.includes(value) ? undefined : `not one of ${def.valuesList?.join(", ")}`;
    case "MemberList":
    case "SequenceList": {
      // An empty MemberList is a valid "none of them" (e.g. TxStopPoint with no point set).
      const members = value === "" ? [] : value.split(",");
      const unknown = members.find((m) => !def.valuesList?.includes(m));
      if (unknown !== undefined) return `"${unknown}" is not one of ${def.valuesList?.join(", ")}`;
      if (new Set(members).size !== members.length) return "lists a member twice";
      if (def.dataType === "SequenceList" && members.length === 0) return "an empty sequence";
      return undefined;
    }
    default:
      if (def.maxLimit !== undefined && value.length > def.maxLimit) return `longer than ${def.maxLimit}`;
      return undefined;
  }
}
