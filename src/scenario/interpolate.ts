import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Scalar, visit } from "yaml";
import type { LoadOptions } from "./load.ts";
import { didYouMean } from "./suggest.ts";
import { TEMPLATE } from "./templates.ts";

/**
 * Replaces ${vars.x} and ${env.X} in string values. No expressions: a name is all a template holds.
 * A string that uses a variable a step captures at run time is left for the runner, with its
 * `$${` escapes still in it, so that the runner's pass is the only one that reads them. Returns
 * those strings; every other string is final, so nothing in it is read as a template again.
 */
export function interpolate(
  doc: Document,
  opts: LoadOptions,
  report: (offset: number, detail: string) => void,
): Set<Scalar> {
  // Maps, not objects: a name like __proto__ or constructor is only a variable when declared.
  const defaults = declaredVars(doc);
  const vars = new Map(defaults);
  // --var gives text; a variable the file declares as a number or boolean keeps that type.
  for (const [name, text] of Object.entries(opts.vars ?? {})) {
    const declaredAs = typeof defaults.get(name);
    if (declaredAs === "number" && text.trim() !== "" && Number.isFinite(Number(text)))
      vars.set(name, Number(text));
    else if (declaredAs === "boolean" && (text === "true" || text === "false"))
      vars.set(name, text === "true");
    else vars.set(name, text);
  }
  const env = opts.env ?? process.env;
  const envVar = (name: string) => (Object.hasOwn(env, name) ? env[name] : undefined);
  // Names a step captures from an answer are only known at run time; their templates stay.
  const captured = new Set<string>();
  visit(doc, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.value === "capture" && isMap(pair.value)) {
        for (const item of pair.value.items) if (isScalar(item.key)) captured.add(String(item.key.value));
      }
    },
  });
  const deferred = new Set<Scalar>();
  visit(doc, {
    Scalar(key, node) {
      if (key === "key" || typeof node.value !== "string" || !node.value.includes("${")) return;
      const text = node.value;
      // A value that is one template of a number or boolean variable keeps its type: connectors: ${vars.n}.
      const whole = /^\$\{\s*vars\.([A-Za-z_][\w.-]*)\s*\}$/.exec(text)?.[1];
      const typed = whole === undefined ? undefined : vars.get(whole);
      if (typeof typed === "number" || typeof typed === "boolean") {
        node.value = typed;
        return;
      }
      const offset = node.range?.[0] ?? 0;
      const later = (name: string) => !vars.has(name) && captured.has(name);
      const runtime = [...text.matchAll(TEMPLATE)].some((m) => {
        const name = /^\s*vars\.([A-Za-z_][\w.-]*)\s*$/.exec(m[1] ?? "")?.[1];
        return name !== undefined && later(name);
      });
      if (runtime) deferred.add(node);
      // In a string the runner reads again, what is literal must stay escaped for it.
      const literal = (s: string) => (runtime ? s.replaceAll("${", () => "$${") : s);
      node.value = text.replace(TEMPLATE, (match, expr: string | undefined) => {
        if (expr === undefined) return literal("${");
        // Known only per charge point of a load run; cpsim run has no such charge point.
        if (opts.chargePointTemplates && /^\s*cp\.(id|index)\s*$/.test(expr)) return match;
        const m = /^\s*(vars|env)\.([A-Za-z_][\w.-]*)\s*$/.exec(expr);
        if (!m) {
          report(offset, `invalid template ${match}: expected \${vars.name} or \${env.NAME}`);
          return match;
        }
        const [, kind, name] = m as unknown as [string, "vars" | "env", string];
        if (kind === "vars" && later(name)) return match;
        const value = kind === "vars" ? vars.get(name) : envVar(name);
        if (value === undefined) {
          const known = kind === "vars" ? [...vars.keys()] : [];
          report(
            offset,
            `${match} is not defined${didYouMean(name, known)}${kind === "vars" ? " (define it under vars: or pass --var)" : ""}`,
          );
          return match;
        }
        return literal(String(value));
      });
    },
  });
  return deferred;
}

function declaredVars(doc: Document): Map<string, unknown> {
  const vars = new Map<string, unknown>();
  const declared = doc.get("vars", true);
  if (!isMap(declared)) return vars;
  for (const pair of declared.items) {
    const value = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
    if (isScalar(pair.key) && isScalar(value)) vars.set(String(pair.key.value), value.value);
  }
  return vars;
}

type Path = (string | number)[];

/**
 * Where, in a step's arguments, the strings the runner fills in are: the paths the runner
 * resolves, and only those, so no other string is read as a template twice.
 */
export function templatePaths(doc: Document, stepNode: unknown, deferred: Set<Scalar>): Path[] {
  const paths: Path[] = [];
  if (deferred.size === 0 || !isMap(stepNode)) return paths;
  const walk = (node: unknown, path: Path) => {
    const n = isAlias(node) ? node.resolve(doc) : (node as Node | undefined);
    if (isScalar(n)) {
      if (deferred.has(n)) paths.push(path);
    } else if (isMap(n)) {
      for (const pair of n.items) if (isScalar(pair.key)) walk(pair.value, [...path, String(pair.key.value)]);
    } else if (isSeq(n)) {
      for (const [i, item] of n.items.entries()) walk(item, [...path, i]);
    }
  };
  const args = stepNode.items[0]?.value;
  // `wait: ${vars.x}` is the short form of `wait: { duration: … }`.
  walk(args, isScalar(isAlias(args) ? args.resolve(doc) : args) ? ["duration"] : []);
  return paths;
}
