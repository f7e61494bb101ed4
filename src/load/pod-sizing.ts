// How many pods of which size a fleet needs, from the per-charge-point costs in sizing.ts.
import { UserError } from "../util/errors.ts";
import {
  BENCH_SOURCE,
  type ChargePointCost,
  chargePointCost,
  LIMITS,
  type Transport,
  type Workload,
} from "./sizing.ts";

export interface PodSizing {
  count: number;
  transport: Transport;
  pods: number;
  /** The most charge points one pod holds (the pods' shares differ by one at most). */
  perPod: number;
  /** cpsim processes per pod (`--workers`). */
  workers: number;
  /** Per pod. */
  cpuRequestMillicores: number;
  cpuLimitMillicores: number;
  memoryMi: number;
  /** Why perPod and workers are what they are: the ports of a pod's address, a process's share. */
  maxPerPod: number;
  maxPerProcess: number;
  cost: ChargePointCost;
}

export interface SizingInput {
  count: number;
  transport: Transport;
  workload: Workload;
  /** A pod count chosen by the user instead of the fewest that fit. */
  pods?: number;
  /** Worker processes per pod chosen by the user. */
  workers?: number;
}

/** Charge points one pod holds at most: its source address's ports, to one destination. */
export function maxPerPod(): number {
  return Math.floor(LIMITS.portsPerSourceAddress * LIMITS.portShare);
}

/** Charge points one process holds at most: its open files, and one core kept half busy. */
export function maxPerProcess(cost: ChargePointCost): number {
  const byCpu = Math.floor((1000 * LIMITS.coreShare) / cost.millicores);
  return Math.min(byCpu, LIMITS.openFilesPerProcess - LIMITS.openFilesReserve);
}

export function sizePods(input: SizingInput): PodSizing {
  const cost = chargePointCost(input.transport, input.workload);
  const perProcessMax = maxPerProcess(cost);
  // A SOAP pod is one process: the central system calls its charge points back on one port.
  const perPodMax = input.transport === "soap" ? Math.min(maxPerPod(), perProcessMax) : maxPerPod();
  const pods = input.pods ?? Math.ceil(input.count / perPodMax);
  if (pods > input.count)
    throw new UserError(
      `--pods ${pods} is more than the ${input.count} charge points; each pod needs at least one.`,
    );
  const perPod = Math.ceil(input.count / pods);
  if (perPod > perPodMax)
    throw new UserError(
      `--pods ${pods} puts ${perPod} charge points on a pod, more than the ${perPodMax} ${perPodMax < maxPerPod() ? "one SOAP process holds" : "connections one source address makes to one destination"}; give --pods ${Math.ceil(input.count / perPodMax)} or more.`,
    );
  const workers = input.workers ?? (input.transport === "soap" ? 1 : Math.ceil(perPod / perProcessMax));
  const cpuRequest = roundUp(perPod * cost.millicores * LIMITS.cpuHeadroom, 100);
  const memoryMb = workers * cost.processMb + ((perPod * cost.rssKb) / 1000) * LIMITS.memoryHeadroom;
  return {
    count: input.count,
    transport: input.transport,
    pods,
    perPod,
    workers,
    cpuRequestMillicores: cpuRequest,
    // One core per process: its JavaScript runs on one thread, so a lower limit only throttles
    // it (and throttling shows up as latency in the figures), a higher one buys nothing.
    cpuLimitMillicores: Math.max(cpuRequest, workers * 1000),
    memoryMi: roundUp((memoryMb * 1e6) / 2 ** 20, 64),
    maxPerPod: maxPerPod(),
    maxPerProcess: perProcessMax,
    cost,
  };
}

/** Lines of at most 100 characters, the later ones indented. */
function wrap(text: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + word.length + 1 > 100) {
      lines.push(line);
      line = "   ";
    }
    line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join("\n");
}

function roundUp(value: number, step: number): number {
  return Math.max(step, Math.ceil(value / step) * step);
}

const n = (v: number) => v.toLocaleString("en-US");

/** `cpsim load --plan`: the sizing and where each figure comes from. */
export function describeSizing(s: PodSizing, what: string): string {
  const { cost } = s;
  const cores = (s.pods * s.cpuRequestMillicores) / 1000;
  const gib = (s.pods * s.memoryMi) / 1024;
  return `Sizing for ${n(s.count)} charge points, ${what}:

  ${n(s.pods)} pod${s.pods === 1 ? "" : "s"} × ${n(s.perPod)} charge points, ${s.workers} cpsim process${s.workers === 1 ? "" : "es"} (--workers) each
  each pod: CPU request ${s.cpuRequestMillicores}m, limit ${s.cpuLimitMillicores}m; memory ${s.memoryMi}Mi (request = limit)
  in all: ${n(cores)} CPU cores, ${gib.toFixed(1)} GiB requested

Why:
  per charge point: ${cost.millicores.toFixed(4)} millicores of CPU, ${cost.rssKb} kB of memory; ${Math.round(cost.processMb)} MB a process
  at most ${n(s.maxPerPod)} a pod: a pod has one source address, and Linux's default ephemeral ports
    (32768-60999) give ${n(LIMITS.portsPerSourceAddress)} connections to one destination; ${Math.round((1 - LIMITS.portShare) * 100)}% kept free
  at most ${n(s.maxPerProcess)} a process: one core kept ${LIMITS.coreShare * 100}% busy on average, and its open files (${n(LIMITS.openFilesPerProcess)},
    the hard limit containerd gives a container; Node raises its soft limit to it)
${s.transport === "soap" ? "  a SOAP pod is one process: the central system calls its charge points back on one port\n" : ""}  requests: CPU ${LIMITS.cpuHeadroom}× and memory ${LIMITS.memoryHeadroom}× the measured average

${wrap(`Figures: ${what}, ${n(cost.row.count)} charge points, measured by ${BENCH_SOURCE}.`)}
  Measure on your nodes: npm run bench, or one pod's figures in its JSON report.
Then: cpsim load --count ${s.count} --url <url> … --print-k8s-job > job.yaml
`;
}
