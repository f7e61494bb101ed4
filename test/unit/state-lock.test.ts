// The --state-dir lock: one process per folder, a dead owner's lock taken over, and a lock that
// never exists without its owner's pid (a process starting while another wrote it took it over).
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { acquireLock, LOCK_FILE } from "../../src/chargepoint/persistence/lock.ts";

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
  // Far above any pid_max: no such process.
  writeFileSync(join(dir, LOCK_FILE), "2147483646\n");
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
