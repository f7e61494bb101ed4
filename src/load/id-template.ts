import { UserError } from "../util/errors.ts";

/**
 * `CP-{index:05}` → CP-00000, CP-00001, …: the charge point ids (and idTags) of a fleet.
 * `{index}` is the charge point's index from 0, `{index:05}` pads it with zeros to 5 digits,
 * `{index1}` counts from 1. Compiled once; formatting is a string concatenation.
 */
export function idTemplate(template: string, what = "--id-template"): (index: number) => string {
  const parts: (string | { pad: number; from: number })[] = [];
  const re = /\{(index1?)(?::(0?\d+))?\}/g;
  let last = 0;
  let found = false;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    parts.push(template.slice(last, m.index));
    parts.push({ pad: m[2] ? Number(m[2]) : 0, from: m[1] === "index1" ? 1 : 0 });
    last = m.index + m[0].length;
    found = true;
  }
  parts.push(template.slice(last));
  const rest = parts.filter((p) => typeof p === "string").join("");
  if (!found || /[{}]/.test(rest)) {
    throw new UserError(
      `${what} ${template} needs {index} (or {index:05} to pad to 5 digits) and no other braces, e.g. CP-{index:05}.`,
    );
  }
  return (index) => {
    let s = "";
    for (const p of parts) s += typeof p === "string" ? p : String(index + p.from).padStart(p.pad, "0");
    return s;
  };
}
