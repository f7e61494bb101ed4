export const STEP_TYPES = [
  "boot",
  "heartbeat",
  "status",
  "authorize",
  "plugIn",
  "unplug",
  "startTransaction",
  "charge",
  "meterValues",
  "stopTransaction",
  "setPower",
  "fault",
  "clearFault",
  "dataTransfer",
  "send",
  "disconnect",
  "reconnect",
  "expectCall",
  "centralSystemCall",
  "waitForStatus",
  "waitForMessage",
  "expectDisconnect",
  "wait",
  // Fault injection (fault-steps.ts)
  "dropMidMessage",
  "delayMessage",
  "duplicateMessage",
  "sendMalformed",
  "sendInvalid",
  "skewClock",
  "stopReading",
] as const;
export type StepType = (typeof STEP_TYPES)[number];

/** A step as loaded: its type, its validated arguments and where it stands in the file. */
export interface Step {
  index: number;
  type: StepType;
  /** What reports call it: the step's `name`, or its type. */
  label: string;
  args: Record<string, unknown>;
  line: number;
  column: number;
  /** The name of the charge point it runs on (see Scenario.chargePoints); none for `wait`. */
  chargePoint?: string;
  /** Where in args are strings with `${vars.x}` that an earlier step's capture fills in at run time. */
  templates?: (string | number)[][];
}

/** reconnect: the charge point reconnects on its own and the run goes on; fail: the running step fails too. */
export type OnDisconnect = "reconnect" | "fail";

export interface ChargePointSpec {
  id?: string;
  vendor?: string;
  model?: string;
  serialNumber?: string;
  firmwareVersion?: string;
  connectors?: number;
  power?: string | number;
  meterStart?: number;
  config?: Record<string, string | number | boolean>;
  /** This charge point's own onDisconnect (the scenario's applies otherwise). */
  onDisconnect?: OnDisconnect;
  /** How simulated firmware updates go; durations as in the scenario (30s, 5m…). */
  firmware?: {
    outcome?: "Installed" | "DownloadFailed" | "InstallationFailed";
    downloadTime?: string | number;
    installTime?: string | number;
    downloadFailures?: number;
    version?: string;
  };
  /** How simulated diagnostics uploads go. */
  diagnostics?: {
    outcome?: "Uploaded" | "UploadFailed";
    uploadTime?: string | number;
    uploadFailures?: number;
  };
}

export interface NamedChargePoint {
  name: string;
  /** Its identity on the wire: the spec's id, else its name (else CPSIM-001 for a single one). */
  id: string;
  spec: ChargePointSpec;
}

/** Steps that run on no charge point in particular. */
export const STEPS_WITHOUT_CHARGE_POINT: readonly StepType[] = ["wait"];

/** A place in a scenario file, and what it says there. */
export interface ScenarioNote {
  line: number;
  column: number;
  detail: string;
}

/** The `ocpp:` entry: the versions a scenario runs on, and where the entry is. */
export interface DeclaredVersions {
  versions: string[];
  line: number;
  column: number;
}

export interface Scenario {
  file: string;
  /** `ocpp:`: the versions it runs on; absent, it runs on every version. */
  ocpp?: DeclaredVersions;
  /** What `cpsim validate` points out without refusing (version-specific answer paths). */
  notes?: ScenarioNote[];
  name: string;
  description?: string;
  /** The first (or only) charge point; kept for code that knows of one. */
  chargePoint: ChargePointSpec;
  /**
   * Every charge point, in the file's order, by the name steps choose it with. A scenario with a
   * single `chargePoint:` has one, named "chargePoint".
   */
  chargePoints: NamedChargePoint[];
  steps: Step[];
  /** What a failed step does to the run (a step's own onFailure wins). */
  onFailure?: "stop" | "continue";
  /** What an unexpected drop of the connection does (default reconnect: the run goes on). */
  onDisconnect?: OnDisconnect;
  /** Answers to central-system calls that override the charge point's own, by action. */
  respond?: Record<string, string | Record<string, unknown>>;
  /** Simulated time per real time; --time-scale overrides it. */
  timeScale?: number;
  /** cpsim load: budgets such as "BootNotification.p95<500ms"; cpsim run ignores them. */
  thresholds?: string[];
  /** How the embedded central system answers; ignored with --url. */
  centralSystem?: {
    heartbeatInterval?: number;
    bootStatus?: "Accepted" | "Pending" | "Rejected";
    authorize?: Record<string, "Accepted" | "Blocked" | "Expired" | "Invalid" | "ConcurrentTx">;
    oneTransactionPerIdTag?: boolean;
  };
}
