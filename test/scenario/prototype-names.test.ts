// Names that come from outside (configuration keys, variables, idTags, answer fields) are looked
// up in Maps or with Object.hasOwn: JavaScript's own names (constructor, __proto__, toString) must
// never count as real ones.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigKeys } from "../../src/chargepoint/config-keys.ts";
import { checkExpectations } from "../../src/scenario/expect.ts";
import { parseScenario } from "../../src/scenario/load.ts";
import { runScenario } from "../../src/scenario/runner.ts";

const refused = (yaml: string) => {
  try {
    parseScenario(yaml, "p.yaml");
  } catch (err) {
    return (err as Error).message;
  }
  return "accepted";
};

describe("JavaScript's own names are not configuration keys, variables or fields", () => {
  it("configuration keys: a scenario's constructor is unknown, a central system's change is NotSupported", () => {
    expect(refused("version: 1\nchargePoint:\n  config: { constructor: '1' }\nsteps: [boot]\n")).toBe(
      "p.yaml:3:13: chargePoint.config.constructor: unknown configuration key constructor",
    );
    expect(refused("version: 1\nchargePoint:\n  config: { __proto__: '1' }\nsteps: [boot]\n")).toMatch(
      /unknown configuration key __proto__/,
    );
    const keys = new ConfigKeys(1);
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect(keys.change(name, "1")).toBe("NotSupported");
      expect(keys.get(name)).toBeUndefined();
    }
    expect(keys.entries(["__proto__", "toString"])).toEqual({
      entries: [],
      unknownKeys: ["__proto__", "toString"],
    });
  });

  it("variables: ${vars.__proto__} and ${env.constructor} are not defined", () => {
    expect(refused('version: 1\nsteps:\n  - authorize: { idTag: "${vars.__proto__}" }\n')).toBe(
      "p.yaml:3:25: ${vars.__proto__} is not defined (define it under vars: or pass --var)",
    );
    expect(refused('version: 1\nsteps:\n  - authorize: { idTag: "${vars.constructor}" }\n')).toMatch(
      /\$\{vars.constructor\} is not defined/,
    );
    expect(refused('version: 1\nsteps:\n  - authorize: { idTag: "${env.constructor}" }\n')).toMatch(
      /\$\{env.constructor\} is not defined/,
    );
    // Declared, it is an ordinary variable.
    const s = parseScenario(
      'version: 1\nvars: { constructor: C1 }\nsteps:\n  - authorize: { idTag: "${vars.constructor}" }\n',
      "p.yaml",
    );
    expect(s.steps[0]!.args.idTag).toBe("C1");
  });

  it("fields: an answer has no field constructor, and waitForMessage refuses one", () => {
    expect(
      checkExpectations(
        { status: "Accepted" },
        { constructor: { exists: false }, toString: { exists: false } },
      ),
    ).toEqual([]);
    expect(
      refused("version: 1\nsteps:\n  - waitForMessage: { action: Heartbeat, expect: { constructor: x } }\n"),
    ).toMatch(/steps\[0\]\.waitForMessage\.expect\.constructor: Heartbeat has no field "constructor"/);
  });

  it("idTags: the embedded central system's authorize table answers constructor as any other idTag", async () => {
    const scenario = parseScenario(
      "version: 1\ncentralSystem: { authorize: { BLOCKED: Blocked } }\nsteps:\n  - boot\n  - authorize: { idTag: constructor }\n  - authorize: { idTag: BLOCKED, expect: { idTagInfo.status: Blocked } }\n",
      "p.yaml",
    );
    const report = await runScenario(scenario, { version: "1.6" });
    expect(report.steps.map((s) => s.error ?? s.status)).toEqual(["passed", "passed", "passed", "passed"]);
  });
});

/** Source files with comments, strings and template texts blanked, so only code is searched. */
function codeOf(dir: string): { file: string; code: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return codeOf(path);
    return name.endsWith(".ts") ? [{ file: path, code: blankTexts(readFileSync(path, "utf8")) }] : [];
  });
}

function blankTexts(source: string): string {
  let out = "";
  // What each open template or ${ … } is: a template's text, or code inside one (nested templates).
  const stack: ("`" | "{")[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const inText = stack.at(-1) === "`";
    if (inText) {
      if (c === "\\") i++;
      else if (c === "`") stack.pop();
      else if (c === "$" && source[i + 1] === "{") {
        stack.push("{");
        i++;
      }
      continue;
    }
    if (c === "`") stack.push("`");
    else if (c === "{" && stack.length > 0) stack.push("{");
    else if (c === "}" && stack.at(-1) === "{") stack.pop();
    else if (c === "/" && source[i + 1] === "/") i = source.indexOf("\n", i) - 1;
    else if (c === "/" && source[i + 1] === "*") i = source.indexOf("*/", i) + 1;
    else if (c === '"' || c === "'") {
      for (i++; i < source.length && source[i] !== c; i++) if (source[i] === "\\") i++;
      out += '""';
    } else out += c;
    if (i < 0) break;
  }
  return out;
}

describe("no lookup that could find a prototype's name is left in src/", () => {
  it("uses no `name in object` test (it sees inherited names; Object.hasOwn or a Map does not)", () => {
    const found = codeOf("src").flatMap(({ file, code }) =>
      // A quoted literal on the left ("eq" in op) names a field the code itself knows; a variable may come from outside.
      [...code.matchAll(/(?<!for \((?:const|let) )\b[A-Za-z_$][\w$]*\s+in\s+(?!keyof\b)[A-Za-z_$(]/g)].map(
        (m) => `${file}: ${m[0]}`,
      ),
    );
    expect(found).toEqual([]);
  });

  it("indexes no table by an outside name without own() or Object.hasOwn", () => {
    // The tables these names index were the ones that found constructor and __proto__.
    const risky =
      /((?:[\w$]+\.)*(?:respond|authorize|keys|table|REQUESTS|ANSWERS|answers|vars|env|properties))!?\??\.?\[([A-Za-z_$][\w$]*)!?\]/g;
    const found = codeOf("src").flatMap(({ file, code }) =>
      [...code.matchAll(risky)]
        .filter(([, table, name]) => !code.includes(`Object.hasOwn(${table}, ${name})`))
        .map((m) => `${file}: ${m[0]}`),
    );
    expect(found).toEqual([]);
  });
});
