/**
 * A mistake the user can fix (bad scenario, unreachable URL, wrong option). The CLI prints its
 * message as one sentence and exits with exitCode; anything else is an internal error and gets
 * a bug-report hint instead.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
    readonly code = "EUSER",
  ) {
    super(message);
    this.name = "UserError";
  }
}

export const EXIT = {
  ok: 0,
  /** A step or expectation failed, or the central system could not be reached during a run. */
  failed: 1,
  /** Bad input: usage, scenario file, options. */
  usage: 2,
  /** An internal error (a bug in cpsim). */
  internal: 70,
} as const;

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A file-system or socket failure in plain words, for "Cannot read/write X: <this>." sentences. */
export function fsReason(err: unknown, doing: "read" | "write" | "listen" = "read"): string {
  switch ((err as NodeJS.ErrnoException)?.code) {
    case "ENOENT":
      return doing === "write" ? "its folder does not exist" : "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a folder";
    case "EADDRINUSE":
      return "the port is already in use";
    default:
      return errorMessage(err);
  }
}
