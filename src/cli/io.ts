/** Where a command reads and writes; tests pass their own so nothing reaches the real process. */
export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Resolves on the first Ctrl-C (SIGINT); commands stop cleanly when it fires. */
  interrupted?: AbortSignal;
}

export function processIo(): Io {
  const controller = new AbortController();
  let count = 0;
  process.on("SIGINT", () => {
    // The first Ctrl-C lets the command finish cleanly; a second one means "now".
    if (++count > 1) process.exit(130);
    controller.abort();
  });
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    // `cpsim run … | head` closes the pipe early; that is not an error worth a stack trace.
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, interrupted: controller.signal };
}
