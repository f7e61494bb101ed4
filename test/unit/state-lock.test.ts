// The --state-dir lock: one process per folder, a dead owner's lock taken over (by one process
// only, however many find it stale at once), and a lock that never exists without its owner's pid
// (a process starting while another wrote it took it over).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { acquireLock, LOCK_FILE } from "../../src/chargepoint/persistence/lock.ts";
import { Inbox } from "../integration/helpers.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// Far above any pid_max: no such process.
const DEAD = "2147483646\n";

const folder = () => mkdtempSync(join(tmpdir(), "cpsim-lock-"));

it("holds this process's pid, leaves nothing else in the folder, and is gone once released", () => {
  const dir = folder();
  const release = acquireLock(dir);
  expect(readdirSync(dir)).toEqual([LOCK_FILE]);
  expect(readFileSync(join(dir, LOCK_FILE), "utf8")).toBe(`${process.pid}\n`);
  expect(() => acquireLock(dir)).toThrow(`is in use by another cpsim (process ${process.pid})`);
  release();
  expect(readdirSync(dir)).toEqual([]);
});

it("takes over the lock of a process that is gone", () => {
  const dir = folder();
  writeFileSync(join(dir, LOCK_FILE), DEAD);
  const release = acquireLock(dir);
  expect(readFileSync(join(dir, LOCK_FILE), "utf8")).toBe(`${process.pid}\n`);
  release();
});

it("does not take over a lock without a pid yet: another cpsim is writing it", () => {
  const dir = folder();
  writeFileSync(join(dir, LOCK_FILE), "");
  expect(() => acquireLock(dir)).toThrow(/is in use by another cpsim; wait for it to end/);
  expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  expect(readFileSync(join(dir, LOCK_FILE), "utf8")).toBe("");
});

it("a stale lock found by several processes at once is taken over by exactly one of them", async () => {
  // Real processes, each taking the lock of the folder it is sent; the winner keeps it.
  const code = `const { acquireLock } = await import("./src/chargepoint/persistence/lock.ts");
const { createInterface } = await import("node:readline");
for await (const dir of createInterface({ input: process.stdin })) {
  try { acquireLock(dir); console.log("won " + process.pid); }
  catch (err) { console.log(/in use by another cpsim/.test(err.message) ? "refused" : "failed " + err.message); }
}`;
  const racers = Array.from({ length: 4 }, () => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "inherit"],
    });
    const lines = new Inbox<string>();
    createInterface({ input: child.stdout }).on("line", (l) => lines.push(l));
    return { child, lines };
  });
  try {
    for (let round = 0; round < 150; round++) {
      const dir = folder();
      writeFileSync(join(dir, LOCK_FILE), DEAD);
      for (const r of racers) r.child.stdin.write(`${dir}\n`);
      const said = await Promise.all(racers.map((r) => r.lines.next()));
      const won = said.filter((s) => s.startsWith("won "));
      expect(
        said.filter((s) => s !== "refused" && !s.startsWith("won ")),
        `round ${round}`,
      ).toEqual([]);
      expect(won, `round ${round}: ${said.join(", ")}`).toHaveLength(1);
      expect(readFileSync(join(dir, LOCK_FILE), "utf8")).toBe(`${won[0]!.slice(4)}\n`);
      // No claim or pid file left behind by winner or losers.
      expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    }
  } finally {
    for (const r of racers) r.child.stdin.end();
  }
});

it("takes over a stale lock whose takeover was claimed by a process that died meanwhile", () => {
  const dir = folder();
  writeFileSync(join(dir, LOCK_FILE), DEAD);
  writeFileSync(join(dir, `${LOCK_FILE}.takeover-2147483646`), "2147483645\n");
  const release = acquireLock(dir);
  expect(readFileSync(join(dir, LOCK_FILE), "utf8")).toBe(`${process.pid}\n`);
  expect(readdirSync(dir)).toEqual([LOCK_FILE]);
  release();
});
