// The Kubernetes manifests, checked offline against the Kubernetes API's OpenAPI schema
// (kubernetes-models validates each object against it): the committed examples under
// deploy/kubernetes/ and what `cpsim load --print-k8s-job` prints for several option sets.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Job } from "kubernetes-models/batch/v1/Job";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { Pod } from "kubernetes-models/v1/Pod";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { sizePods } from "../../src/load/pod-sizing.ts";
import { cpsimInProcess, tempFile } from "../cli/helpers.ts";

const dir = join(import.meta.dirname, "../../deploy/kubernetes");
const MODELS = new Map<string, new (o: never) => { validate(): void }>([
  ["batch/v1/Job", Job],
  ["v1/ConfigMap", ConfigMap],
  ["v1/PersistentVolumeClaim", PersistentVolumeClaim],
  ["v1/Pod", Pod],
]);

// biome-ignore lint/suspicious/noExplicitAny: manifests are read as plain data
type Doc = any;

/** Every document of a YAML text, each validated against the Kubernetes API schema. */
function validated(text: string): Doc[] {
  const docs = parseAllDocuments(text).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
  for (const doc of docs) {
    const Model = MODELS.get(`${doc.apiVersion}/${doc.kind}`);
    expect(Model, `${doc.apiVersion} ${doc.kind}`).toBeDefined();
    new Model!(doc as never).validate();
  }
  return docs;
}

const URL = "ws://csms.example.com:9000/ocpp";
async function printJob(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = await cpsimInProcess(["load", "--url", URL, ...args, "--print-k8s-job"], env);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const docs = validated(r.stdout);
  const job = docs.find((d) => d.kind === "Job");
  const container = job.spec.template.spec.containers[0];
  return { text: r.stdout, docs, job, container, args: container.args as string[] };
}
const argAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe("deploy/kubernetes", () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")))
    it(`${file} is valid against the Kubernetes API schema`, () => {
      expect(validated(readFileSync(join(dir, file), "utf8")).length).toBeGreaterThan(0);
    });

  for (const [file, extra] of [
    ["job.yaml", []],
    ["job-shared-volume.yaml", ["--pvc", "cpsim-reports"]],
  ] as const)
    it(`${file} is what --print-k8s-job prints for the command in its header`, async () => {
      const committed = validated(readFileSync(join(dir, file), "utf8"));
      const { docs } = await printJob([
        ...["--count", "100000", "--duration", "30m", "--ramp", "1000/s", "--seed", "42"],
        ...[
          "--threshold",
          "BootNotification.p95<1s",
          "--image",
          "registry.example.com/cpsim:0.1.0",
          ...extra,
        ],
      ]);
      const args = docs[0].spec.template.spec.containers[0].args;
      args[args.indexOf("--start-at") + 1] = "2026-12-01T12:00:00Z";
      expect(committed, `print ${file} again with the command in its header`).toEqual(docs);
    });
});

describe("cpsim load --print-k8s-job", () => {
  it("an Indexed Job of --pods pods, each taking its shard from JOB_COMPLETION_INDEX", async () => {
    const before = Date.now();
    const { job, container, args, docs } = await printJob([
      "--count",
      "1000",
      "--pods",
      "3",
      "--ramp",
      "90/s",
    ]);
    expect(docs).toHaveLength(1); // no files to carry: no ConfigMap
    expect(job.spec).toMatchObject({ completionMode: "Indexed", completions: 3, parallelism: 3 });
    expect(args.slice(0, 3)).toEqual(["load", "--url", "$(CSMS_URL)"]);
    expect(container.env).toContainEqual({ name: "CSMS_URL", value: URL });
    expect(argAfter(args, "--shard-from-env")).toBe("JOB_COMPLETION_INDEX");
    expect(argAfter(args, "--shards")).toBe("3");
    expect(argAfter(args, "--ramp")).toBe("90/s"); // the whole run's: each shard takes its share
    expect(argAfter(args, "--reporter")).toBe("jsonl");
    // Shared by every pod: one seed, one start, after the pods have had time to start.
    expect(Number(argAfter(args, "--seed"))).toBeGreaterThanOrEqual(0);
    expect(Date.parse(argAfter(args, "--start-at")!)).toBeGreaterThanOrEqual(before + 120_000);
    const s = sizePods({ count: 1000, transport: "json", workload: "charging", pods: 3 });
    expect(container.resources).toEqual({
      requests: { cpu: `${s.cpuRequestMillicores}m`, memory: `${s.memoryMi}Mi` },
      limits: { cpu: `${s.cpuLimitMillicores}m`, memory: `${s.memoryMi}Mi` },
    });
  });

  it("without --pods, the fewest pods that fit, with the workers the sizing asks for", async () => {
    const { job, args } = await printJob(["--count", "60000"]);
    const s = sizePods({ count: 60000, transport: "json", workload: "charging" });
    expect(s.workers).toBeGreaterThan(1);
    expect(job.spec.completions).toBe(s.pods);
    expect(argAfter(args, "--workers")).toBe(String(s.workers));
  });

  it("carries a scenario and a CA in a ConfigMap mounted read-only", async () => {
    const scenario = tempFile(
      "s.yaml",
      "version: 1\nname: One session\nchargePoint: { connectors: 1 }\nsteps:\n  - boot\n  - wait: 1m\n",
    );
    const ca = join(import.meta.dirname, "../fixtures/tls/ca.pem");
    const { docs, args, container } = await printJob([
      ...["--count", "50", "--scenario", scenario, "--iterations", "2", "--ca", ca, "--var", "who=$(HOME)"],
    ]);
    const [configMap, job] = docs;
    expect(configMap.kind).toBe("ConfigMap");
    expect(configMap.data["scenario.yaml"]).toBe(readFileSync(scenario, "utf8"));
    expect(configMap.data["ca.pem"]).toBe(readFileSync(ca, "utf8"));
    expect(argAfter(args, "--scenario")).toBe("/etc/cpsim/scenario.yaml");
    expect(argAfter(args, "--ca")).toBe("/etc/cpsim/ca.pem");
    expect(argAfter(args, "--iterations")).toBe("2");
    expect(argAfter(args, "--var")).toBe("who=$$(HOME)"); // not expanded by Kubernetes
    expect(container.volumeMounts).toContainEqual({
      name: "config",
      mountPath: "/etc/cpsim",
      readOnly: true,
    });
    expect(job.spec.template.spec.volumes).toContainEqual({
      name: "config",
      configMap: { name: "cpsim-load" },
    });
  });

  it("writes the reports to a claim with --pvc", async () => {
    const { args, job, container } = await printJob(["--count", "100", "--pvc", "shared", "--name", "run-7"]);
    expect(argAfter(args, "--out")).toBe("/reports/run-7-shard-$(JOB_COMPLETION_INDEX).json");
    expect(argAfter(args, "--reporter")).toBe("json");
    expect(container.volumeMounts).toContainEqual({ name: "reports", mountPath: "/reports" });
    expect(job.spec.template.spec.volumes).toContainEqual({
      name: "reports",
      persistentVolumeClaim: { claimName: "shared" },
    });
  });

  it("takes the password from a Secret and never prints it", async () => {
    const { text, container, args } = await printJob(["--count", "10", "--namespace", "load"], {
      CPSIM_PASSWORD: "s3cret-pw",
    });
    expect(text).not.toContain("s3cret-pw");
    expect(args).not.toContain("--password");
    expect(container.env).toContainEqual({
      name: "CPSIM_PASSWORD",
      valueFrom: { secretKeyRef: { name: "cpsim-load-password", key: "password" } },
    });
    expect(text).toContain("kubectl create secret generic cpsim-load-password -n load");
  });

  it("SOAP: each pod listens on its own address for the central system's calls", async () => {
    const r = await cpsimInProcess(
      ["load", "--url", "http://csms.example.com/ocpp", "--ocpp", "1.5", "--count", "20", "--print-k8s-job"],
      {},
    );
    expect(r.code).toBe(0);
    const job = validated(r.stdout)[0];
    const container = job.spec.template.spec.containers[0];
    expect(argAfter(container.args, "--endpoint-url")).toBe("http://$(POD_IP):8090");
    expect(argAfter(container.args, "--listen")).toBe("0.0.0.0:8090");
    expect(container.env).toContainEqual({
      name: "POD_IP",
      valueFrom: { fieldRef: { fieldPath: "status.podIP" } },
    });
  });

  const refused: [string, string[], RegExp][] = [
    ["--pods 0", ["--pods", "0"], /'--pods <n>' argument '0' is invalid/],
    ["no --url", ["--url="], /--print-k8s-job needs --url/],
    ["--out", ["--out", "r.json"], /--out does not go with --print-k8s-job: each pod's report goes/],
    [
      "--html",
      ["--html", "r.html"],
      /--html does not go with --print-k8s-job: give --html to cpsim report merge/,
    ],
    ["--reporter", ["--reporter", "junit"], /--reporter does not go with --print-k8s-job/],
    ["--local-address", ["--local-address", "127.0.0.1-127.0.0.4"], /a pod has one address of its own/],
    ["--cert", ["--cert", "c.pem", "--key", "k.pem"], /(--cert|--key) does not go with --print-k8s-job/],
    ["a bad --name", ["--name", "My_Run"], /--name My_Run: expected lower-case letters/],
    [
      "too few pods",
      ["--count", "100000", "--pods", "1"],
      /--pods 1 puts 100000 charge points on a pod, more than/,
    ],
    ["--plan too", ["--plan"], /--plan and --print-k8s-job: give one of them\./],
    ["a scenario that does not exist", ["--scenario", "/nonexistent/s.yaml"], /nonexistent/],
    ["a bad threshold", ["--threshold", "BootNotification.p95<fast"], /fast is not a duration/],
    ["--workers abc", ["--workers", "abc"], /--workers abc: expected auto or a whole number/],
  ];
  for (const [what, args, message] of refused)
    it(`refuses ${what}: exit 2, one sentence`, async () => {
      const r = await cpsimInProcess(["load", "--count", "10", "--url", URL, ...args, "--print-k8s-job"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.replace("(run with --help for usage)", "").trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
    });

  it("a run given --pods or --image says they go with --print-k8s-job: exit 2", async () => {
    for (const extra of [
      ["--pods", "2"],
      ["--image", "x:1"],
    ]) {
      const r = await cpsimInProcess(["load", "--count", "10", "--url", URL, ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `cpsim: ${extra[0]} goes with --print-k8s-job (or --pods with --plan); a run does not use it.\n`,
      );
    }
  });
});
