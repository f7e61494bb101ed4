// The Dockerfile, checked without a Docker engine (none runs on the development machine or in CI):
// linted, its final stage read for what an image must and must not hold, and its two stages
// replayed in a temporary folder (the same COPYs, the build, production dependencies only), where
// the ENTRYPOINT must start cpsim from dist/.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ValidationSeverity, validate } from "dockerfile-utils";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const text = readFileSync(join(root, "Dockerfile"), "utf8");

interface Instruction {
  keyword: string;
  args: string;
}

/** The instructions of each stage, continuation lines joined, comments dropped. */
function stages(dockerfile: string): Instruction[][] {
  const out: Instruction[][] = [];
  for (const line of dockerfile.replace(/\\\n/g, " ").split("\n")) {
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m || line.trim().startsWith("#")) continue;
    const ins = { keyword: m[1]!.toUpperCase(), args: m[2]!.trim() };
    if (ins.keyword === "FROM") out.push([]);
    out.at(-1)?.push(ins);
  }
  return out;
}

const [build, final] = stages(text) as [Instruction[], Instruction[]];
const copies = (stage: Instruction[]) =>
  stage
    .filter((i) => i.keyword === "COPY")
    .map((i) => {
      const words = i.args.split(/\s+/);
      const from = words.find((w) => w.startsWith("--from="))?.slice(7);
      const paths = words.filter((w) => !w.startsWith("--"));
      return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
    });

describe("Dockerfile", () => {
  it("passes the dockerfile-utils linter, every check an error", () => {
    const problems = validate(text, {
      deprecatedMaintainer: ValidationSeverity.ERROR,
      directiveCasing: ValidationSeverity.ERROR,
      emptyContinuationLine: ValidationSeverity.ERROR,
      instructionCasing: ValidationSeverity.ERROR,
      instructionCmdMultiple: ValidationSeverity.ERROR,
      instructionEntrypointMultiple: ValidationSeverity.ERROR,
      instructionHealthcheckMultiple: ValidationSeverity.ERROR,
      instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
      instructionWorkdirRelative: ValidationSeverity.ERROR,
    });
    expect(problems.map((p) => `line ${p.range.start.line + 1}: ${p.message}`)).toEqual([]);
  });

  it("has a build stage and a small, non-root final stage running cpsim", () => {
    expect(build[0]!.args).toMatch(/^node:20-slim AS build$/);
    expect(final[0]!.args).toBe("node:20-slim");
    const user = final.filter((i) => i.keyword === "USER").at(-1);
    expect(user?.args).toBe("node");
    const entry = final.find((i) => i.keyword === "ENTRYPOINT");
    expect(JSON.parse(entry!.args)).toEqual(["node", "/app/bin/cpsim"]);
    // No install in the final stage: its node_modules are the build stage's, pruned.
    expect(final.filter((i) => i.keyword === "RUN").map((i) => i.args)).toEqual(["mkdir src"]);
    expect(build.find((i) => i.keyword === "RUN")!.args).toMatch(/npm prune --omit=dev/);
    expect(copies(final).flatMap((c) => c.sources)).not.toContain("src/");
  });

  it("copies only what .dockerignore lets into the context", () => {
    const allowed = readFileSync(join(root, ".dockerignore"), "utf8")
      .split("\n")
      .filter((l) => l.startsWith("!"))
      .map((l) => l.slice(1));
    for (const c of [...copies(build), ...copies(final)].filter((c) => !c.from))
      for (const source of c.sources) {
        expect(allowed, source).toContain(source);
        expect(existsSync(join(root, source)), source).toBe(true);
      }
  });

  describe("replayed in a folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "cpsim-image-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const node = (cwd: string, args: string[]) =>
      spawnSync(process.execPath, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

    it("builds dist/ and runs `cpsim` from it with production dependencies only", () => {
      const stageDir = join(dir, "build");
      const imageDir = join(dir, "app");
      const place = (c: { from?: string; sources: string[]; dest: string }, to: string) => {
        for (const source of c.sources) {
          const target = join(
            to,
            c.dest.endsWith("/") && !source.endsWith("/") ? join(c.dest, source.split("/").pop()!) : c.dest,
          );
          mkdirSync(dirname(target), { recursive: true });
          cpSync(join(c.from ? stageDir : root, source.replace(/^\/app\//, "")), target, { recursive: true });
        }
      };
      mkdirSync(stageDir, { recursive: true });
      for (const c of copies(build)) place(c, stageDir);
      // npm ci, without the network: the dependencies already installed.
      symlinkSync(join(root, "node_modules"), join(stageDir, "node_modules"));
      const built = node(stageDir, ["scripts/build.mjs"]);
      expect(built.status, built.stdout + built.stderr).toBe(0);
      // npm prune --omit=dev: only the production packages, as npm lists them.
      const listed = spawnSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], {
        cwd: root,
        encoding: "utf8",
      });
      rmSync(join(stageDir, "node_modules"));
      for (const path of listed.stdout.trim().split("\n").slice(1)) {
        const rel = path.slice(root.length + 1);
        if (rel.split("node_modules/").length !== 2) continue; // nested ones come with their parent
        mkdirSync(dirname(join(stageDir, rel)), { recursive: true });
        if (!existsSync(join(stageDir, rel))) symlinkSync(path, join(stageDir, rel));
      }
      mkdirSync(imageDir);
      for (const c of copies(final)) place(c, imageDir);
      // Empty, as in the image: had bin/cpsim picked the sources, it would not have found them.
      mkdirSync(join(imageDir, "src"));
      expect(existsSync(join(imageDir, "node_modules/typescript"))).toBe(false);
      expect(existsSync(join(imageDir, "node_modules/vitest"))).toBe(false);

      const version = node(imageDir, ["bin/cpsim", "--version"]);
      expect(version.stdout.trim()).toBe(
        JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version,
      );
      // A real run proves dist/ has what it reads at run time (schemas, WSDLs, the HTML script).
      const run = node(imageDir, [
        "bin/cpsim",
        "load",
        "--count",
        "2",
        "--workload",
        "idle",
        "--duration",
        "2s",
        "--reporter",
        "jsonl",
      ]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim().split("\n")).toHaveLength(1); // --reporter jsonl: one line
      expect(JSON.parse(run.stdout)).toMatchObject({ tool: "cpsim", kind: "load", fleet: { target: 2 } });

      // Every version folder's schemas are in dist/, file for file: 2.0.1's were once left out,
      // and an installed cpsim knew no 2.0.1 action.
      const ocpp = join(root, "src/ocpp");
      for (const version of readdirSync(ocpp).filter((v) => existsSync(join(ocpp, v, "schemas")))) {
        const built = join(imageDir, "dist/ocpp", version, "schemas");
        expect(existsSync(built), built).toBe(true);
        expect(readdirSync(built).sort()).toEqual(readdirSync(join(ocpp, version, "schemas")).sort());
      }
      // The shipped session over 2.0.1 from dist/, against the embedded central system: every
      // message validated against the 2.0.1 schemas the build copied.
      const v201 = node(imageDir, [
        "bin/cpsim",
        "run",
        "scenarios/basic-charging-session.yaml",
        "--ocpp",
        "2.0.1",
        "--time-scale",
        "20",
        "--reporter",
        "json",
      ]);
      expect(v201.status, v201.stdout + v201.stderr).toBe(0);
      const report = JSON.parse(v201.stdout) as {
        scenarios: { passed: boolean; target: { ocpp: string }; messages: { action: string }[] }[];
      };
      expect(report.scenarios[0]).toMatchObject({ passed: true, target: { ocpp: "2.0.1-J" } });
      expect(report.scenarios[0]!.messages.map((m) => m.action)).toContain("TransactionEvent");
    }, 240_000);
  });
});
