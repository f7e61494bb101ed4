const CAPTURED = /\$\{\s*vars\.([A-Za-z_][\w.-]*)\s*\}/g;
const WHOLE = /^\$\{\s*vars\.([A-Za-z_][\w.-]*)\s*\}$/;

/**
 * Fills in `${vars.name}` with values captured from earlier answers. A string that is nothing but
 * one template takes the captured value as it is (a transactionId stays a number).
 */
export function resolveCaptured(value: unknown, captured: Map<string, unknown>): unknown {
  if (typeof value === "string") {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(whole[1]!, captured);
    return value.replace(CAPTURED, (_m, name: string) => String(lookup(name, captured)));
  }
  if (Array.isArray(value)) return value.map((v) => resolveCaptured(v, captured));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveCaptured(v, captured)]));
  }
  return value;
}

function lookup(name: string, captured: Map<string, unknown>): unknown {
  if (!captured.has(name))
    throw new Error(`\${vars.${name}} has not been captured yet (a capture in an earlier step sets it)`);
  return captured.get(name);
}
