// What one charge point costs, as `npm run bench` measured it (README, "Performance"): the one
// place `cpsim load --plan` and `--print-k8s-job` size pods from. When the bench is run again,
// update the rows and BENCH_SOURCE here; everything else follows.

export type Workload = "idle" | "charging";
export type Transport = "json" | "soap";

/** One row of the bench table, as printed: the cpsim line of a case. */
export interface BenchRow {
  /** Charge points in the case. */
  count: number;
  /** Calls per second over the whole run (connecting, booting and the clean stop included). */
  messagesPerSec: number;
  /** cpsim's CPU time per call, ms (all its processes). */
  cpuMsPerMessage: number;
  /** cpsim's RSS at the end of the hold, MB. */
  rssMb: number;
  /** RSS per charge point beyond the same command with one charge point, kB. */
  rssKbPerChargePoint: number;
}

export const BENCH_SOURCE =
  "npm run bench (README, Performance): one run on a 2-core development machine under load " +
  "(load average 2 to 3.5), Node 20, cpsim from dist/, one process, against a central system in another " +
  "process; W1 = --workload idle, W2 = --workload charging --meter-interval 10s --session 30s-60s";

export const BENCH: Readonly<Record<`${Transport}/${Workload}`, BenchRow>> = {
  "json/idle": {
    count: 10_000,
    messagesPerSec: 509,
    cpuMsPerMessage: 0.4464,
    rssMb: 193.1,
    rssKbPerChargePoint: 10.0,
  },
  "json/charging": {
    count: 10_000,
    messagesPerSec: 1_819,
    cpuMsPerMessage: 0.2656,
    rssMb: 272.2,
    rssKbPerChargePoint: 18.0,
  },
  "soap/idle": {
    count: 2_000,
    messagesPerSec: 114,
    cpuMsPerMessage: 1.0611,
    rssMb: 133.3,
    rssKbPerChargePoint: 20.6,
  },
  "soap/charging": {
    count: 2_000,
    messagesPerSec: 419,
    cpuMsPerMessage: 0.9912,
    rssMb: 231.9,
    rssKbPerChargePoint: 68.5,
  },
};

export const LIMITS = {
  /**
   * Linux's default ephemeral ports (net.ipv4.ip_local_port_range 32768-60999): connections from
   * one source address to one destination. A pod has one address, shared by its processes.
   */
  portsPerSourceAddress: 60_999 - 32_768 + 1,
  /** Share of those ports a pod plans to use: the rest for retries, DNS and sockets in TIME_WAIT. */
  portShare: 0.9,
  /**
   * Open files a container may have: containerd 2 gives a hard limit of 524,288 (containerd 1 and
   * Docker 1,048,576); Node raises its soft limit to the hard one at start, so that is what counts.
   */
  openFilesPerProcess: 524_288,
  /** Files a process keeps open beside its sockets (modules, pipes, the event loop's own). */
  openFilesReserve: 256,
  /**
   * A process runs its JavaScript on one core; planned at most half busy on average, since the
   * bench's figure is an average and connecting, ramps and bursts of answers cost more.
   */
  coreShare: 0.5,
  /** Requests over the measured average: W2's memory still rose over the 2 minutes measured. */
  memoryHeadroom: 1.5,
  cpuHeadroom: 2,
} as const;

export interface ChargePointCost {
  /** CPU per charge point, millicores (ms of CPU per second). */
  millicores: number;
  /** Memory per charge point, kB. */
  rssKb: number;
  /** Memory of a process holding none, MB. */
  processMb: number;
  row: BenchRow;
}

/** What one charge point costs under a workload; a scenario is sized as `charging`. */
export function chargePointCost(transport: Transport, workload: Workload): ChargePointCost {
  const row = BENCH[`${transport}/${workload}`];
  return {
    millicores: (row.messagesPerSec / row.count) * row.cpuMsPerMessage,
    rssKb: row.rssKbPerChargePoint,
    processMb: row.rssMb - (row.count * row.rssKbPerChargePoint) / 1000,
    row,
  };
}
