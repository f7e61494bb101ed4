// The options of `cpsim load` that only --plan and --print-k8s-job read (never passed on to the
// pods); apart from load-k8s.ts so that declaring them loads nothing else.
import { type Command, Option } from "commander";
import { REPORTS_DIR } from "../load/k8s-job.ts";
import { UserError } from "../util/errors.ts";
import { VERSION } from "../version.ts";
import { durationOption, positiveIntegerOption } from "./options.ts";

export interface K8sFlags {
  plan?: boolean;
  printK8sJob?: boolean;
  pods?: number;
  image: string;
  namespace?: string;
  name: string;
  pvc?: string;
  startDelay: number;
}

/** The options of `cpsim load` that only --plan and --print-k8s-job read (never passed on). */
export function withK8sOptions(cmd: Command): Command {
  return cmd
    .option("--plan", "print how many pods of which size the fleet needs, and why; run nothing")
    .option(
      "--print-k8s-job",
      "print a Kubernetes Indexed Job running this load over --pods pods; run nothing",
    )
    .option(
      "--pods <n>",
      "with --print-k8s-job or --plan: pods (shards) of the Job (default: the fewest that fit)",
      positiveIntegerOption,
    )
    .option("--image <image>", "with --print-k8s-job: the cpsim image", `cpsim:${VERSION}`)
    .option("--name <name>", "with --print-k8s-job: name of the Job (and of its ConfigMap)", "cpsim-load")
    .option("--namespace <namespace>", "with --print-k8s-job: its namespace (default: kubectl's)")
    .option(
      "--pvc <claim>",
      `with --print-k8s-job: write the reports to this ReadWriteMany claim, at ${REPORTS_DIR} (default: one JSON line on stdout)`,
    )
    .addOption(
      new Option(
        "--start-delay <duration>",
        "with --print-k8s-job and no --start-at: the shards start together this long after printing",
      )
        .argParser(durationOption)
        .default(120_000, "2m"),
    );
}

/** A run given --pods, --image… would silently ignore them: say what they go with instead. */
export function refuseK8sOnly(cmd: Command): void {
  for (const key of ["pods", "image", "name", "namespace", "pvc", "startDelay"])
    if (cmd.getOptionValueSource(key) === "cli") {
      const flag = cmd.options.find((o) => o.attributeName() === key)?.long;
      throw new UserError(
        `${flag} goes with --print-k8s-job (or --pods with --plan); a run does not use it.`,
      );
    }
}
