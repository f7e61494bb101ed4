// --id-tags: the charging workload draws each session's idTag from a list (inline or a file), the
// draw seeded per charge point; bad lists are refused before anything connects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { cpsimInProcess, tempFile } from "../cli/helpers.ts";
import { connectionCounter } from "./helpers.ts";

const TAGS = ["CARD-A", "CARD-B", "CARD-C", "CARD-D", "CARD-E"];

describe("cpsim load --id-tags", () => {
  let cs: CentralSystem;
  beforeAll(async () => {
    cs = await CentralSystem.start({ recordLimit: 100_000, heartbeatIntervalSec: 60 });
  });
  afterAll(() => cs.close());

  /** The idTags of each charge point's first two StartTransactions, as the central system got them. */
  async function run(seed: string, idTags: string, ...more: string[]): Promise<Map<string, string[]>> {
    cs.messages.length = 0;
    const r = await cpsimInProcess([
      ...["load", "--count", "12", "--duration", "3s", "--time-scale", "20", "--url", cs.url],
      ...["--session", "5s-10s", "--pause", "2s-5s", "--seed", seed, "--id-tags", idTags, ...more],
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(cs.problems).toEqual([]);
    const tags = new Map<string, string[]>();
    for (const m of cs.messages) {
      if (m.dir !== "in" || m.kind !== "call" || m.action !== "StartTransaction") continue;
      const seen = tags.get(m.cp) ?? [];
      if (seen.length < 2) seen.push((m.payload as { idTag: string }).idTag);
      tags.set(m.cp, seen);
    }
    expect(tags.size).toBe(12);
    for (const seen of tags.values()) expect(seen).toHaveLength(2);
    return tags;
  }

  it("draws each session's idTag from the list, the same per charge point with the same seed", async () => {
    const first = await run("11", TAGS.join(","));
    const used = new Set([...first.values()].flat());
    for (const t of used) expect(TAGS).toContain(t);
    // Drawn, not one per charge point: most of the list shows up.
    expect(used.size).toBeGreaterThanOrEqual(4);
    // Read from a file (one a line, blank lines skipped), the same list gives the same draws.
    const file = tempFile("cards.txt", `${TAGS.join("\n")}\n\n`);
    expect(await run("11", `@${file}`)).toEqual(first);
    // Drawn per charge point index: the same whichever process holds the charge point.
    expect(await run("11", TAGS.join(","), "--workers", "2")).toEqual(first);
    expect(await run("12", TAGS.join(","))).not.toEqual(first);
  }, 120_000);
});

describe("cpsim load --id-tags: bad input", () => {
  let target: Awaited<ReturnType<typeof connectionCounter>>;
  beforeAll(async () => {
    target = await connectionCounter();
  });
  afterAll(() => target.close());

  it("is documented under --help with examples", async () => {
    const r = await cpsimInProcess(["load", "--help"]);
    expect(r.stdout).toContain("--id-tags <list>");
    expect(r.stdout).toContain("--id-tags @cards.txt");
  });

  const missing = `${tempFile("x", "")}-missing.txt`;
  const cases: [string, string[], RegExp][] = [
    ["an empty list", ["--id-tags", ""], /--id-tags is empty; expected idTags such as A1,B2, or @file\./],
    ["an empty tag", ["--id-tags", "A,,B"], /--id-tags A,,B: expected idTags separated by commas/],
    ["a missing file", ["--id-tags", `@${missing}`], /cannot read .*-missing\.txt: no such file\./],
    ["a file of blank lines", ["--id-tags", `@${tempFile("blank.txt", "\n  \n")}`], /has no idTags/],
    [
      "a tag over 20 characters",
      ["--id-tags", "OK,ABCDEFGHIJKLMNOPQRSTU"],
      /idTag ABCDEFGHIJKLMNOPQRSTU has 21 characters; OCPP allows at most 20\./,
    ],
    [
      "a template making tags over 20 characters",
      ["--id-tag", "A-VERY-LONG-TAG-{index:05}"],
      /--id-tag A-VERY-LONG-TAG-\{index:05\} makes idTags such as A-VERY-LONG-TAG-00009 \(21 characters\)/,
    ],
    ["a list with the idle workload", ["--id-tags", "A", "--workload", "idle"], /charging workload/],
  ];
  for (const [what, args, message] of cases) {
    it(`${what}: exit 2, one sentence, nothing connects`, async () => {
      const r = await cpsimInProcess(["load", "--count", "10", "--url", target.url, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
      expect(target.count()).toBe(0);
    });
  }
});
