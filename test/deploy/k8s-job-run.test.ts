// The pods of a printed Job, played on this machine: each pod's container args, expanded as
// Kubernetes expands them ($(VAR) from the container's environment, JOB_COMPLETION_INDEX set by
// the Job controller), run as a cpsim process of its own against one central system; their
// reports, picked out of their logs as the README's guide does, merge into the whole run.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cpsim, cpsimInProcess, tempFile } from "../cli/helpers.ts";
import { readReport } from "../load/helpers.ts";
import { callsIn, csmsProcess } from "../load/shard-helpers.ts";

/** Kubernetes' expansion of container args: $(VAR) from env when defined, $$ a literal $. */
function expand(arg: string, env: Map<string, string>): string {
  return arg.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name?: string) =>
    m === "$$" ? "$" : (env.get(name!) ?? m),
  );
}

describe("a printed Job, its pods run as processes", () => {
  let cs: Awaited<ReturnType<typeof csmsProcess>>;
  beforeAll(async () => {
    cs = await csmsProcess();
  });
  afterAll(() => cs.stop());

  it("runs each pod's shard and their logged reports merge into the whole run", async () => {
    // A start ahead, as --print-k8s-job sets one: the processes take seconds to load here, and a
    // pod that starts late still joins a run that has not ended.
    const startAt = new Date(Date.now() + 20_000).toISOString();
    const printed = await cpsimInProcess([
      ...["load", "--count", "12", "--url", cs.url, "--workload", "idle", "--duration", "20s"],
      ...[
        "--pods",
        "3",
        "--start-at",
        startAt,
        "--threshold",
        "BootNotification.count>=12",
        "--print-k8s-job",
      ],
    ]);
    expect(printed.code).toBe(0);
    const container = parse(printed.stdout).spec.template.spec.containers[0];
    const env = new Map<string, string>(
      container.env.map((e: { name: string; value: string }) => [e.name, e.value]),
    );
    const pods = await Promise.all(
      [0, 1, 2].map((i) => {
        const podEnv = new Map([...env, ["JOB_COMPLETION_INDEX", String(i)]]);
        return cpsim(
          container.args.map((a: string) => expand(a, podEnv)),
          Object.fromEntries(podEnv),
        );
      }),
    );
    const dir = join(tempFile("x", ""), "..");
    const files = pods.map((pod, i) => {
      expect(pod.code, pod.stderr).toBe(0);
      // kubectl logs: stdout and stderr together; the report is the one line that is a report.
      const lines = `${pod.stderr}\n${pod.stdout}`.split("\n").filter((l) => l.startsWith('{"tool":"cpsim"'));
      expect(lines).toHaveLength(1);
      const file = join(dir, `shard-${i}.json`);
      writeFileSync(file, lines[0]!);
      return file;
    });
    const total = join(dir, "total.json");
    const merged = await cpsimInProcess(["report", "merge", ...files, "--out", total]);
    expect(merged.code, merged.stderr).toBe(0);
    const report = readReport(total);
    expect(report.fleet.boots.Accepted).toBe(12);
    expect(report.thresholds).toMatchObject([{ expression: "BootNotification.count>=12", passed: true }]);
    expect(callsIn(cs.take()).get("BootNotification")).toBe(12);
  }, 120_000);
});
