// Shared by the fuzz suites: one fixed seed (override with CPSIM_FUZZ_SEED to explore, or to
// replay a failure), run counts sized so the whole fuzz suite stays well under 30 s on 2 cores,
// and a net for anything printed while the servers are attacked.
import fc from "fast-check";
import { afterAll, beforeAll, expect, vi } from "vitest";

export const SEED = Number(process.env.CPSIM_FUZZ_SEED ?? 20261201);

/** Runs a property with the suite's seed; a failure names the seed and how to replay it. */
export async function checkProperty<T>(
  property: fc.IAsyncPropertyWithHooks<T> | fc.IAsyncProperty<T>,
  numRuns: number,
): Promise<void> {
  const details = await fc.check(property, { seed: SEED, numRuns, timeout: 5000 });
  if (details.failed) {
    throw new Error(
      `${fc.defaultReportMessage(details)}\nReplay with CPSIM_FUZZ_SEED=${SEED} npx vitest run ${expect.getState().testPath ?? "test/fuzz"}`,
    );
  }
}

/** A line of a JavaScript stack trace. */
export const STACK_LINE = /\n\s+at [^\n]*[:(]/;

/**
 * Collects whatever is written to stdout/stderr or the console during the file, so a test can
 * assert that no stack trace escaped. Install once per fuzz file.
 */
export function capturePrinted(): { text(): string } {
  let printed = "";
  const spies: { mockRestore(): void }[] = [];
  beforeAll(() => {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      spies.push(
        vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: never[]) => {
          printed += String(chunk);
          return write(chunk as string, ...rest);
        }) as typeof stream.write),
      );
    }
    for (const method of ["log", "warn", "error", "info", "debug", "trace"] as const) {
      spies.push(
        vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
          printed += `${args.map((a) => (a instanceof Error ? a.stack : String(a))).join(" ")}\n`;
        }),
      );
    }
  });
  afterAll(() => {
    for (const spy of spies) spy.mockRestore();
  });
  return { text: () => printed };
}
