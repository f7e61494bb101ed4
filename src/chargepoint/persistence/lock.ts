// One process per state folder: two simulators writing the same charge points would each undo
// the other's queue. The lock file holds the owner's pid; a lock whose process is gone (killed,
// or the machine restarted) is stale and taken over.
import { linkSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fsReason, UserError } from "../../util/errors.ts";

export const LOCK_FILE = "cpsim.lock";

/** Takes the folder's lock or refuses with a UserError; returns what releases it. */
export function acquireLock(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  if (take(file, dir)) return () => release(file);
  const owner = ownerOf(file);
  throw new UserError(
    `--state-dir ${dir} is in use by another cpsim${owner === undefined ? "" : ` (process ${owner})`}; wait for it to end or give this one another folder (if no such process runs, delete ${file}).`,
  );
}

/** Creates the lock `file`, or takes it over from a process that is gone; false while it is held. */
function take(file: string, dir: string): boolean {
  return create(file, dir) || takeOver(file, dir);
}

/**
 * Replaces the lock of a process that is gone with ours. Deleting it and creating ours was not
 * enough: two processes that found it stale at the same moment both went on, the second deleting
 * the lock the first had just made. So a takeover is claimed first, with a lock named after the
 * dead owner that only one process can create (a claim whose own claimer died is taken over the
 * same way), and the lock is deleted only if it still is the dead owner's. The claim stays until
 * our lock exists: a process that read the dead owner before and claims after finds ours instead.
 */
function takeOver(file: string, dir: string): boolean {
  const owner = ownerOf(file);
  // A lock without a pid is another cpsim between creating and writing it (where links are
  // missing): in use. Taking it over let two processes share a folder (and hung a test).
  if (owner === undefined || isAlive(owner)) return false;
  const claim = `${file}.takeover-${owner}`;
  if (!take(claim, dir)) return false;
  try {
    if (ownerOf(file) !== owner) return false;
    rmSync(file, { force: true });
    // A process that found no lock at all may have made its own meanwhile: it holds the folder.
    return create(file, dir);
  } finally {
    rmSync(claim, { force: true });
  }
}

/**
 * Creates the lock, false when it exists. The pid is written to a file of our own first and the
 * lock is a hard link to it, so the lock never exists without its pid: written in place, it is
 * empty between open and write, and a process starting then would read no owner.
 */
function create(file: string, dir: string): boolean {
  const mine = `${file}.${process.pid}`;
  const pid = `${process.pid}\n`;
  try {
    writeFileSync(mine, pid);
    try {
      linkSync(mine, file);
    } catch (err) {
      if (!NO_LINKS.has((err as NodeJS.ErrnoException).code ?? "")) throw err;
      writeFileSync(file, pid, { flag: "wx" });
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new UserError(`Cannot use --state-dir ${dir}: ${fsReason(err, "write")}.`);
  } finally {
    rmSync(mine, { force: true });
  }
}

/** What link() fails with on a file system without hard links. */
const NO_LINKS = new Set(["EPERM", "ENOTSUP", "ENOSYS", "EOPNOTSUPP"]);

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
