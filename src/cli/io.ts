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
  let closed = false;
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    // `cpsim run … | head` closes the pipe early. The run goes on and its exit code stays true;
    // only the printing stops.
    if (err.code === "EPIPE") closed = true;
    else throw err;
  });
  const stdout = {
    write: (text: string) => closed || process.stdout.write(text),
    isTTY: process.stdout.isTTY,
  };
  return { stdout, stderr: process.stderr, env: process.env, interrupted: controller.signal };
}
