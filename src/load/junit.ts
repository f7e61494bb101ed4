// JUnit XML of a load run for CI: one test case per threshold, plus one for the default rules
// (some charge point booted, no worker died), so a pipeline shows what was crossed and by how much.
import { hostname } from "node:os";
import { el, text } from "../report/junit.ts";
import type { LoadReport } from "./report-types.ts";
import { formatValue } from "./thresholds.ts";

export function loadJunit(r: LoadReport): string {
  const time = (r.durationMs / 1000).toFixed(3);
  const defaultFailed = r.fleet.boots.Accepted === 0 || (r.workersFailed?.length ?? 0) > 0;
  const cases = [
    el(
      "testcase",
      { name: "fleet: charge points boot, no worker dies", classname: "cpsim.load", time },
      defaultFailed ? el("failure", { message: r.verdict, type: "verdict" }, text(r.verdict)) : undefined,
    ),
    ...r.thresholds.map((t) => {
      const measured = `measured ${formatValue(t.measured, t.unit)}, limit ${t.op}${formatValue(t.limit, t.unit)}`;
      return el(
        "testcase",
        { name: t.expression, classname: "cpsim.load.thresholds", time },
        t.passed
          ? el("system-out", {}, text(measured))
          : el("failure", { message: measured, type: "threshold" }, text(measured)),
      );
    }),
  ];
  const failures = (defaultFailed ? 1 : 0) + r.thresholds.filter((t) => !t.passed).length;
  const suite = el(
    "testsuite",
    {
      name: `cpsim load: ${r.options.count} charge points, ${r.options.workload}`,
      tests: cases.length,
      failures,
      errors: 0,
      skipped: 0,
      time,
      timestamp: r.startedAt.replace(/\.\d+Z$/, ""),
      hostname: hostname() || "localhost",
    },
    `\n    ${cases.join("\n    ")}\n  `,
  );
  const root = el(
    "testsuites",
    { name: "cpsim", tests: cases.length, failures, errors: 0, time },
    `\n  ${suite}\n`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}
