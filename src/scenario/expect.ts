export interface ExpectationFailure {
  path: string;
  expected: unknown;
  actual: unknown;
}

/** Reads a dotted path ("idTagInfo.status") from a response. */
export function pick(value: unknown, path: string): unknown {
  let v = value;
  for (const part of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Compares each expected field with the response; equal means the same scalar. */
export function checkExpectations(response: unknown, expect: Record<string, unknown>): ExpectationFailure[] {
  const failures: ExpectationFailure[] = [];
  for (const [path, expected] of Object.entries(expect)) {
    const actual = pick(response, path);
    if (actual !== expected && String(actual) !== String(expected)) failures.push({ path, expected, actual });
  }
  return failures;
}

export function describeFailures(failures: ExpectationFailure[]): string {
  return failures
    .map(
      (f) =>
        `expected ${f.path} to be ${JSON.stringify(f.expected)}, got ${f.actual === undefined ? "nothing" : JSON.stringify(f.actual)}`,
    )
    .join("; ");
}
