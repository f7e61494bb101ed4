// Reading a `cpsim load` JSON report back (a shard's, for `cpsim report merge`): anything else, a
// `cpsim run` report, bad JSON or a report that breaks its schema, is refused in one sentence.
import { readFileSync } from "node:fs";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { fsReason, UserError } from "../util/errors.ts";
import schema from "./load-report.schema.json" with { type: "json" };
import type { LoadReport } from "./report-types.ts";

let validate: ReturnType<InstanceType<typeof Ajv2020Module.default>["compile"]> | undefined;

function validator() {
  if (!validate) {
    const ajv = new Ajv2020Module.default({ allErrors: false, strict: true });
    addFormats.default(ajv, ["date-time"]);
    validate = ajv.compile(schema);
  }
  return validate;
}

export function readLoadReport(file: string): LoadReport {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UserError(`Cannot read ${file}: ${fsReason(err)}.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(
      `${file} is not JSON, so not a cpsim load report (write one with --reporter json --out).`,
    );
  }
  const o = data as Record<string, unknown> | null;
  if (typeof o !== "object" || o === null || Array.isArray(o))
    throw new UserError(`${file} is not a cpsim load report: it holds no JSON object.`);
  const tool = o.tool as Record<string, unknown> | undefined;
  if (typeof tool === "object" && tool?.name === "cpsim")
    throw new UserError(
      `${file} is a cpsim run report; only cpsim load reports (--reporter json) can be merged.`,
    );
  if (o.tool !== "cpsim" || o.kind !== "load")
    throw new UserError(
      `${file} is not a cpsim load report (its "tool" is not "cpsim" with "kind": "load").`,
    );
  const check = validator();
  if (!check(o)) {
    const e = check.errors?.[0];
    const where = e?.instancePath || "the top level";
    throw new UserError(
      `${file} is not a valid cpsim load report (of cpsim ${String(o.version)}): ${where} ${e?.message ?? "is invalid"}.`,
    );
  }
  return o as unknown as LoadReport;
}
