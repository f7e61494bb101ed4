import { type Document, isMap, isScalar, visit } from "yaml";
import type { LoadOptions, ScenarioError } from "./load.ts";
import { didYouMean } from "./suggest.ts";

const TEMPLATE = /\$\$\{|\$\{([^}]*)\}/g;

/** Replaces ${vars.x} and ${env.X} in string values. No expressions: a name is all a template holds. */
export function interpolate(
  doc: Document,
  opts: LoadOptions,
  at: (offset: number, detail: string) => ScenarioError,
): void {
  const declared = doc.getIn(["vars"]);
  const defaults = (isMap(declared) ? declared.toJSON() : {}) as Record<string, unknown>;
  const vars: Record<string, unknown> = { ...defaults };
  // --var gives text; a variable the file declares as a number or boolean keeps that type.
  for (const [name, text] of Object.entries(opts.vars ?? {})) {
    const declaredAs = typeof defaults[name];
    if (declaredAs === "number" && text.trim() !== "" && Number.isFinite(Number(text)))
      vars[name] = Number(text);
    else if (declaredAs === "boolean" && (text === "true" || text === "false")) vars[name] = text === "true";
    else vars[name] = text;
  }
  const env = opts.env ?? process.env;
  // Names a step captures from an answer are only known at run time; their templates stay.
  const captured = new Set<string>();
  visit(doc, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.value === "capture" && isMap(pair.value)) {
        for (const item of pair.value.items) if (isScalar(item.key)) captured.add(String(item.key.value));
      }
    },
  });
  visit(doc, {
    Scalar(key, node) {
      if (key === "key" || typeof node.value !== "string" || !node.value.includes("${")) return;
      // A value that is one template of a number or boolean variable keeps its type: connectors: ${vars.n}.
      const whole = /^\$\{\s*vars\.([A-Za-z_][\w.-]*)\s*\}$/.exec(node.value)?.[1];
      const typed = whole === undefined ? undefined : vars[whole];
      if (typeof typed === "number" || typeof typed === "boolean") {
        node.value = typed;
        return;
      }
      node.value = node.value.replace(TEMPLATE, (match, expr: string | undefined) => {
        if (expr === undefined) return "${";
        // Known only per charge point of a load run; cpsim run has no such charge point.
        if (opts.chargePointTemplates && /^\s*cp\.(id|index)\s*$/.test(expr)) return match;
        const m = /^\s*(vars|env)\.([A-Za-z_][\w.-]*)\s*$/.exec(expr);
        const offset = node.range?.[0] ?? 0;
        if (!m) throw at(offset, `invalid template ${match}: expected \${vars.name} or \${env.NAME}`);
        const value = m[1] === "vars" ? vars[m[2]!] : env[m[2]!];
        if (value === undefined && m[1] === "vars" && captured.has(m[2]!)) return match;
        if (value === undefined) {
          const known = m[1] === "vars" ? Object.keys(vars) : [];
          throw at(
            offset,
            `${match} is not defined${didYouMean(m[2]!, known)}${m[1] === "vars" ? " (define it under vars: or pass --var)" : ""}`,
          );
        }
        return String(value);
      });
    },
  });
}
