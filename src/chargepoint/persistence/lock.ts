// One process per state folder: two simulators writing the same charge points would each undo
// the other's queue. The lock file holds the owner's pid; a lock whose process is gone (killed,
// or the machine restarted) is stale and taken over.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fsReason, UserError } from "../../util/errors.ts";

export const LOCK_FILE = "cpsim.lock";

/** Takes the folder's lock or refuses with a UserError; returns what releases it. */
export function acquireLock(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  // Twice: once as it is, once after removing a stale lock. Another process taking over the
  // same stale lock at the same moment makes the second try fail, and that one is refused.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      return () => release(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST")
        throw new UserError(`Cannot use --state-dir ${dir}: ${fsReason(err, "write")}.`);
    }
    const owner = ownerOf(file);
    if (owner !== undefined && isAlive(owner)) break;
    rmSync(file, { force: true });
  }
  const owner = ownerOf(file);
  throw new UserError(
    `--state-dir ${dir} is in use by another cpsim${owner === undefined ? "" : ` (process ${owner})`}; wait for it to end or give this one another folder (if no such process runs, delete ${file}).`,
  );
}

function ownerOf(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function release(file: string): void {
  // Only our own lock: after a takeover the file may be another process's.
  if (ownerOf(file) === process.pid) rmSync(file, { force: true });
}
