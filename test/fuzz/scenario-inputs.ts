// Generators of broken scenario files for the fuzz tests: the shipped scenarios mutated, and YAML
// fragments of the kinds that have broken loaders before (wrong types, numbers past any limit,
// .inf/.nan, JavaScript's own names, aliases, deep nesting, unusual unicode, templates).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parse, stringify } from "yaml";

export const SHIPPED = readdirSync("scenarios")
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => readFileSync(join("scenarios", f), "utf8"));
const SHIPPED_DATA = SHIPPED.map((text) => parse(text) as Json);

const PROTOTYPE_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype"];

/** One YAML scalar or flow value, written as text. */
export const nastyValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ".inf",
    "-.inf",
    ".nan",
    "1e308",
    "-1e308",
    "1e-320",
    "9007199254740993",
    "9".repeat(400),
    "-1",
    "0",
    "null",
    "~",
    "true",
    "[]",
    "{}",
    "''",
    "*nope",
    "&a x",
    "!!binary aGk=",
    "!!js/function 'return 1'",
    "25d",
    "99999999999999d",
    "1e308s",
    "PT1e400S",
    "P1000000Y",
    '"${vars.__proto__}"',
    '"${env.constructor}"',
    '"$${vars.x}"',
    '"${"',
    '"${}"',
    '"${vars.a.b}"',
    '"\\u0000\\uFFFF\\uD800"',
    '"\u202Eevil\u200B"',
  ),
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.integer({ min: 1, max: 150 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`),
  fc.integer({ min: 1, max: 80 }).map((depth) => `${"{a: ".repeat(depth)}1${"}".repeat(depth)}`),
  fc.double().map(String),
  fc.string({ unit: "binary", maxLength: 20 }).map((s) => JSON.stringify(s)),
  fc.string({ maxLength: 12 }),
);

/** A key, sometimes one a scenario has, sometimes a name JavaScript gives every object. */
const key: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.constantFrom(
    "version",
    "steps",
    "chargePoint",
    "config",
    "vars",
    "respond",
    "timeScale",
    "wait",
    "charge",
  ),
  fc.constantFrom(
    "duration",
    "within",
    "action",
    "idTag",
    "connector",
    "capture",
    "expect",
    "HeartBeatInterval",
  ),
  fc.string({ minLength: 1, maxLength: 8 }).map((s) => JSON.stringify(s)),
);

/** A whole file of generated parts around a valid skeleton. */
export const fragmentFile: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.tuple(key, nastyValue), { maxLength: 4 }),
    fc.array(
      fc.oneof(
        fc.constantFrom("boot", "heartbeat", "*step", "&step boot", "wait: 1s"),
        fc
          .tuple(
            fc.constantFrom("wait", "charge", "send", "authorize", "expectCall", "waitForStatus"),
            key,
            nastyValue,
          )
          .map(([step, k, v]) => `${step}: { ${k}: ${v} }`),
        nastyValue,
      ),
      { minLength: 1, maxLength: 5 },
    ),
    fc.option(fc.tuple(key, nastyValue)),
  )
  .map(([top, steps, config]) =>
    [
      "version: 1",
      ...top.map(([k, v]) => `${k}: ${v}`),
      ...(config ? ["chargePoint:", `  config: { ${config[0]}: ${config[1]} }`] : []),
      "steps:",
      ...steps.map((s) => `  - ${s}`),
      "",
    ].join("\n"),
  );

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value inside a parsed file. */
function pathsOf(value: Json, path: (string | number)[] = []): (string | number)[][] {
  const here = [path];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...path, i]))];
  if (value && typeof value === "object")
    return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...path, k]))];
  return here;
}

/** A shipped scenario with one value replaced (still well-formed YAML, so the checks after parsing are reached). */
export const mutatedValue: fc.Arbitrary<string> = fc
  .tuple(fc.nat(SHIPPED.length - 1), fc.nat(), nastyValue, fc.boolean())
  .map(([file, pick, nasty, asKey]) => {
    const data = structuredClone(SHIPPED_DATA[file]!);
    const paths = pathsOf(data).filter((p) => p.length > 0);
    const path = paths[pick % paths.length]!;
    let parent = data as Record<string | number, Json>;
    for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, Json>;
    const last = path.at(-1)!;
    let replacement: Json;
    try {
      replacement = parse(nasty, { logLevel: "silent" }) as Json;
    } catch {
      replacement = nasty;
    }
    if (asKey && !Array.isArray(parent)) {
      // Renamed rather than replaced: the key becomes the nasty text.
      const value = parent[last]!;
      delete parent[last];
      Object.defineProperty(parent, String(replacement), { value, enumerable: true, configurable: true });
    } else parent[last] = replacement;
    return stringify(data);
  });

/** A shipped scenario with its text cut, lines dropped, repeated or indented, or a fragment spliced in. */
export const mutatedText: fc.Arbitrary<string> = fc
  .tuple(
    fc.nat(SHIPPED.length - 1),
    fc.array(
      fc.tuple(
        fc.constantFrom("drop", "repeat", "indent", "dedent", "splice", "truncate"),
        fc.nat(),
        nastyValue,
      ),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([file, edits]) => {
    let lines = SHIPPED[file]!.split("\n");
    for (const [edit, at, nasty] of edits) {
      if (lines.length === 0) break;
      const i = at % lines.length;
      if (edit === "drop") lines.splice(i, 1);
      else if (edit === "repeat") lines.splice(i, 0, lines[i]!);
      else if (edit === "indent") lines[i] = `  ${lines[i]}`;
      else if (edit === "dedent") lines[i] = lines[i]!.replace(/^ {1,2}/, "");
      else if (edit === "splice") lines[i] = lines[i]!.replace(/:\s.*$/, `: ${nasty}`);
      else lines = [...lines.slice(0, i), lines[i]!.slice(0, at % (lines[i]!.length + 1))];
    }
    return lines.join("\n");
  });

export const anyScenarioText = fc.oneof(mutatedValue, mutatedText, fragmentFile);
