import { Draft04SchemaSet, type SchemaSet } from "../schemas.ts";

let v16: SchemaSet | undefined;

/** The process-wide OCPP 1.6 JSON schema set (the official files, unmodified, in ./schemas/). */
export function schemasV16(): SchemaSet {
  v16 ??= new Draft04SchemaSet({
    dir: new URL("./schemas/", import.meta.url),
    fileOf: (action, kind) => (kind === "request" ? `${action}.json` : `${action}Response.json`),
  });
  return v16;
}
