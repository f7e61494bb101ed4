// The Kubernetes objects of a sharded load run: an Indexed Job whose pod i runs shard i, and a
// ConfigMap for the files the pods need (a scenario, a CA). Plain objects; the CLI prints them.
// The Kubernetes API's types (a devDependency, erased at build): a misspelled field is a
// compile error, as `kubectl apply`'s strict field validation would make it one.
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { IVolumeMount } from "kubernetes-models/v1/VolumeMount";
import type { PodSizing } from "./pod-sizing.ts";

export interface JobInput {
  name: string;
  namespace?: string;
  image: string;
  /** The central system, given to the pods as $(CSMS_URL). */
  url: string;
  /** `cpsim load` options every pod runs with, besides the URL, the shard and the report. */
  args: string[];
  sizing: PodSizing;
  /** ConfigMap entries, mounted read-only at CONFIG_DIR. */
  files: Map<string, string>;
  /** Take CPSIM_PASSWORD from the Secret `<name>-password` (key `password`), never printed. */
  password: boolean;
  /** A ReadWriteMany claim to write the reports to; otherwise one JSON line on stdout. */
  pvc?: string;
  /** SOAP: the port the pods listen on for the central system's calls. */
  soapCallbackPort?: number;
}

export const CONFIG_DIR = "/etc/cpsim";
export const REPORTS_DIR = "/reports";
/** The uid of the `node` user of the image (Dockerfile). */
const UID = 1000;

export function passwordSecretName(name: string): string {
  return `${name}-password`;
}

/** Where pod i writes its report on the shared volume. */
export function reportPath(name: string): string {
  return `${REPORTS_DIR}/${name}-shard-$(JOB_COMPLETION_INDEX).json`;
}

export function k8sObjects(input: JobInput): (IJob | IConfigMap)[] {
  const labels = { "app.kubernetes.io/name": "cpsim", "app.kubernetes.io/instance": input.name };
  const metadata = (name: string) => ({
    name,
    ...(input.namespace ? { namespace: input.namespace } : {}),
    labels,
  });
  const { sizing } = input;
  const env: IEnvVar[] = [{ name: "CSMS_URL", value: input.url }];
  if (input.password)
    env.push({
      name: "CPSIM_PASSWORD",
      valueFrom: { secretKeyRef: { name: passwordSecretName(input.name), key: "password" } },
    });
  const callback: string[] = [];
  if (input.soapCallbackPort !== undefined) {
    // The central system calls each pod back on the pod's own address.
    env.push({ name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } });
    const port = input.soapCallbackPort;
    callback.push("--listen", `0.0.0.0:${port}`, "--endpoint-url", `http://$(POD_IP):${port}`);
  }
  const report = input.pvc
    ? ["--reporter", "json", "--out", reportPath(input.name)]
    : ["--reporter", "jsonl"];
  const args = [
    "load",
    "--url",
    "$(CSMS_URL)",
    ...input.args,
    ...callback,
    "--shard-from-env",
    "JOB_COMPLETION_INDEX",
    "--shards",
    String(sizing.pods),
    ...report,
  ];
  const mounts: IVolumeMount[] = [{ name: "tmp", mountPath: "/tmp" }];
  const volumes: IVolume[] = [{ name: "tmp", emptyDir: {} }];
  if (input.files.size > 0) {
    mounts.push({ name: "config", mountPath: CONFIG_DIR, readOnly: true });
    volumes.push({ name: "config", configMap: { name: input.name } });
  }
  if (input.pvc) {
    mounts.push({ name: "reports", mountPath: REPORTS_DIR });
    volumes.push({ name: "reports", persistentVolumeClaim: { claimName: input.pvc } });
  }
  const job: IJob = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: metadata(input.name),
    spec: {
      completionMode: "Indexed",
      completions: sizing.pods,
      parallelism: sizing.pods,
      // A shard that fails is not run again: started later, it would not line up with the
      // others and its figures would count twice. The other shards carry on (Kubernetes ≥ 1.29).
      backoffLimitPerIndex: 0,
      // Pods and their logs stay a day for `kubectl logs`, then go.
      ttlSecondsAfterFinished: 86_400,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "Never",
          securityContext: {
            runAsNonRoot: true,
            runAsUser: UID,
            runAsGroup: UID,
            fsGroup: UID,
            seccompProfile: { type: "RuntimeDefault" },
          },
          // One pod a node where there are enough: each node's NIC and conntrack table are limits too.
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: "kubernetes.io/hostname",
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: labels },
            },
          ],
          containers: [
            {
              name: "cpsim",
              image: input.image,
              args,
              env,
              resources: {
                requests: { cpu: `${sizing.cpuRequestMillicores}m`, memory: `${sizing.memoryMi}Mi` },
                limits: { cpu: `${sizing.cpuLimitMillicores}m`, memory: `${sizing.memoryMi}Mi` },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
              },
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  };
  if (input.files.size === 0) return [job];
  const configMap: IConfigMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: metadata(input.name),
    data: Object.fromEntries(input.files),
  };
  return [configMap, job];
}
