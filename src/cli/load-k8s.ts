// `cpsim load --plan` (how many pods of which size) and `cpsim load --print-k8s-job` (the
// Kubernetes Job that runs the same load, sharded, so nobody edits YAML by hand).
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { stringify } from "yaml";
import { CONFIG_DIR, k8sObjects, passwordSecretName, reportPath } from "../load/k8s-job.ts";
import { describeSizing, type PodSizing, sizePods } from "../load/pod-sizing.ts";
import { fsReason, UserError } from "../util/errors.ts";
import { VERSION } from "../version.ts";
import { type GivenOption, givenOptions } from "./given-options.ts";
import type { Io } from "./io.ts";
import { type LoadFlags, loadPlan } from "./load.ts";
import type { K8sFlags } from "./load-k8s-options.ts";
import { resolveTransport } from "./options.ts";

const K8S_ONLY = new Set(["plan", "printK8sJob", "pods", "image", "name", "namespace", "pvc", "startDelay"]);

/** Options a pod cannot use as given, and what to do instead. */
const REFUSED = new Map([
  ["out", "each pod's report goes to stdout or to --pvc; merge them with cpsim report merge --out"],
  ["html", "give --html to cpsim report merge, which sees every shard"],
  ["reporter", "the pods write JSON reports for cpsim report merge, which takes --reporter"],
  ["localAddress", "a pod has one address of its own; spread the fleet over more --pods instead"],
  ["listen", "the Job sets --listen and --endpoint-url from each pod's own address"],
  ["endpointUrl", "the Job sets --listen and --endpoint-url from each pod's own address"],
  ["cert", "the printed Job carries no private key; mount a client certificate from a Secret yourself"],
  ["key", "the printed Job carries no private key; mount a client certificate from a Secret yourself"],
  ["shard", "each pod takes its shard from JOB_COMPLETION_INDEX; give --pods"],
  ["shardFromEnv", "each pod takes its shard from JOB_COMPLETION_INDEX; give --pods"],
  ["shards", "give --pods: the Job has one shard a pod"],
]);

const SOAP_CALLBACK_PORT = 8090;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function k8sCommand(flags: LoadFlags & K8sFlags, io: Io, words: string[], cmd: Command): number {
  const { transport } = resolveTransport(flags);
  if (flags.plan && flags.printK8sJob) throw new UserError("--plan and --print-k8s-job: give one of them.");
  const sizingOf = (scenario: boolean) =>
    sizePods({
      count: flags.count,
      transport,
      // A scenario's cost is unknown: sized as the charging workload.
      workload: scenario ? "charging" : flags.workload,
      pods: flags.pods,
      workers: workersPerPod(flags.workers),
    });
  if (flags.plan) {
    const what = `${flags.scenario ? "a scenario (sized as --workload charging)" : `--workload ${flags.workload}`}, ${transport === "soap" ? "SOAP" : "OCPP-J"}`;
    io.stdout.write(describeSizing(sizingOf(flags.scenario !== undefined), what));
    return 0;
  }
  if (!flags.url)
    throw new UserError(
      "--print-k8s-job needs --url: the central system under test (pods have no embedded one to share).",
    );
  if (!DNS_LABEL.test(flags.name) || flags.name.length > 52)
    throw new UserError(
      `--name ${flags.name}: expected lower-case letters, digits and '-', at most 52 characters.`,
    );
  if (flags.namespace !== undefined && (!DNS_LABEL.test(flags.namespace) || flags.namespace.length > 63))
    throw new UserError(
      `--namespace ${flags.namespace}: expected lower-case letters, digits and '-', at most 63 characters.`,
    );
  if (!/^\S+$/.test(flags.image))
    throw new UserError(
      `--image "${flags.image}": expected an image reference such as registry.example.com/cpsim:${VERSION}.`,
    );
  const given = givenOptions(words, cmd.options).filter(
    (o) => !K8S_ONLY.has(o.key) && o.key !== "url" && o.key !== "password",
  );
  for (const o of given) {
    const refused = REFUSED.get(o.key);
    if (refused) throw new UserError(`${o.flag} does not go with --print-k8s-job: ${refused}.`);
  }
  // Every load option checked as a run would, before anything is printed.
  const plan = loadPlan(flags, io.env);
  const sizing = sizingOf(plan.scenario !== undefined);
  const files = new Map<string, string>();
  const args = given.flatMap((o) => passOn(o, files, sizing));
  const has = (key: string) => given.some((o) => o.key === key);
  if (!has("seed")) args.push("--seed", String(plan.seed)); // every shard must draw the same
  if (!has("workers") && sizing.workers > 1) args.push("--workers", String(sizing.workers));
  if (!has("startAt")) args.push("--start-at", startAt(Date.now() + flags.startDelay));
  if (transport === "soap" && sizing.workers > 1)
    throw new UserError(
      "A SOAP pod listens on one port for the central system's calls: give --workers 1 and more --pods.",
    );
  const password = plan.password !== undefined;
  const objects = k8sObjects({
    name: flags.name,
    namespace: flags.namespace,
    image: flags.image,
    url: flags.url,
    args,
    sizing,
    files,
    password,
    pvc: flags.pvc,
    soapCallbackPort: transport === "soap" ? SOAP_CALLBACK_PORT : undefined,
  });
  io.stdout.write(header(flags, sizing, password));
  io.stdout.write(
    objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n"),
  );
  return 0;
}

/** --workers N: N processes a pod; auto (or none): as many as the sizing needs. */
function workersPerPod(value: string | undefined): number | undefined {
  if (value === undefined || value === "auto") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UserError(`--workers ${value}: expected auto or a whole number of at least 1.`);
  return n;
}

/** One option as a pod gets it: files become ConfigMap entries, `$(` stays literal. */
function passOn(o: GivenOption, files: Map<string, string>, sizing: PodSizing): string[] {
  if (o.value === undefined) return [o.flag];
  if (o.key === "scenario" || o.key === "ca") {
    const entry = o.key === "scenario" ? "scenario.yaml" : "ca.pem";
    files.set(entry, readText(o.value, o.flag));
    return [o.flag, `${CONFIG_DIR}/${entry}`];
  }
  // `auto` would count the node's cores, not the pod's share of them.
  if (o.key === "workers" && o.value === "auto") return [o.flag, String(sizing.workers)];
  // Kubernetes expands $(VAR) in args; $$( keeps a literal $(.
  return [o.flag, o.value.replaceAll("$(", () => "$$(")];
}

function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new UserError(`${flag} ${file}: ${fsReason(err, "read")}.`);
  }
}

/** A shared start on a whole minute, so the shards line up however late each pod starts. */
function startAt(ms: number): string {
  return new Date(Math.ceil(ms / 60_000) * 60_000).toISOString().replace(".000Z", "Z");
}

function header(flags: LoadFlags & K8sFlags, s: PodSizing, password: boolean): string {
  const ns = flags.namespace ? ` -n ${flags.namespace}` : "";
  const lines = [
    `# cpsim ${VERSION}: ${s.count} charge points over ${s.pods} pods (${s.perPod} at most each), printed by cpsim load --print-k8s-job.`,
    "# Apply it before the --start-at below (print it again otherwise): kubectl apply -f job.yaml",
    ...(password
      ? [
          `# Needs the Secret: kubectl create secret generic ${passwordSecretName(flags.name)}${ns} --from-literal=password="$CPSIM_PASSWORD"`,
        ]
      : []),
    flags.pvc
      ? `# Reports: ${reportPath(flags.name).replace("$(JOB_COMPLETION_INDEX)", "<i>")} on the claim ${flags.pvc}.`
      : `# Reports: one JSON line on each pod's stdout; collect with kubectl logs (README, "Running on Kubernetes").`,
  ];
  return `${lines.join("\n")}\n`;
}
