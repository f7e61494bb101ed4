/** `$${` (a literal `${`) or `${…}` (a template). */
export const TEMPLATE = /\$\$\{|\$\{([^}]*)\}/g;
const WHOLE = /^\$\{\s*vars\.([A-Za-z_][\w.-]*)\s*\}$/;
const NAME = /^\s*vars\.([A-Za-z_][\w.-]*)\s*$/;

/**
 * Fills in `${vars.name}` with values captured from earlier answers, in the strings at `paths`
 * (the loader finished every other string). A string that is nothing but one template takes the
 * captured value as it is (a transactionId stays a number); `$${` becomes a literal `${`.
 */
export function resolveCaptured(
  args: Record<string, unknown>,
  captured: Map<string, unknown>,
  paths: readonly (string | number)[][] | undefined,
): Record<string, unknown> {
  if (!paths?.length) return args;
  const copy = structuredClone(args);
  for (const path of paths) {
    let parent: Record<string | number, unknown> = copy;
    for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
    const last = path.at(-1)!;
    parent[last] = resolveString(parent[last] as string, captured);
  }
  return copy;
}

function resolveString(text: string, captured: Map<string, unknown>): unknown {
  const whole = WHOLE.exec(text);
  if (whole) return lookup(whole[1]!, captured);
  return text.replace(TEMPLATE, (match, expr: string | undefined) => {
    if (expr === undefined) return "${";
    const name = NAME.exec(expr)?.[1];
    return name === undefined ? match : String(lookup(name, captured));
  });
}

/** A value with every `${` written `$${`, so that a scenario reads it back as the same text. */
export function escapeTemplates<T>(value: T): T {
  if (typeof value === "string") return value.replaceAll("${", () => "$${") as T;
  if (Array.isArray(value)) return value.map(escapeTemplates) as T;
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeTemplates(v)])) as T;
  return value;
}

function lookup(name: string, captured: Map<string, unknown>): unknown {
  if (!captured.has(name))
    throw new Error(`\${vars.${name}} has not been captured yet (a capture in an earlier step sets it)`);
  return captured.get(name);
}
