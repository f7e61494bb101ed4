// The two central systems the command tests run against, each writing the frames it exchanges
// into a transcript in arrival order, so a test can assert that the answer to a command came
// first and the messages that carry it out followed in the right order.
import { CentralSystem } from "../../src/csms/server.ts";
import type { AuthorizationStatus } from "../../src/ocpp/neutral.ts";
import { CallLog, HEARTBEAT_INTERVAL, startOcppRpcCsms } from "./helpers.ts";

export const CP = "CP-IT-001";

/** The lines both peers write, from the central system's side. */
export class Transcript {
  readonly lines: string[] = [];
  /** The payload of each line's frame, at the same index. */
  readonly payloads: unknown[] = [];
  private readonly waiters = new Set<{ ready: () => boolean; resolve: () => void }>();

  push(line: string, payload?: unknown): void {
    this.lines.push(line);
    this.payloads.push(payload);
    for (const w of this.waiters) {
      if (w.ready()) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  since(mark: number): string[] {
    return this.lines.slice(mark);
  }

  /** Resolves once `count` lines have been written after `mark`. */
  waitForLines(mark: number, count: number): Promise<void> {
    const ready = () => this.lines.length - mark >= count;
    if (ready()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add({ ready, resolve }));
  }
}

/** One line for a call from the charge point: the action and the fields that tell calls apart. */
function callLine(action: string, payload: unknown): string {
  const p = payload as Record<string, unknown>;
  switch (action) {
    case "StatusNotification":
      return `StatusNotification ${p.connectorId} ${p.status}`;
    case "Authorize":
      return `Authorize ${p.idTag}`;
    case "StartTransaction":
      return `StartTransaction ${p.connectorId} ${p.idTag}${p.reservationId === undefined ? "" : ` reservation ${p.reservationId}`}`;
    case "StopTransaction":
      return `StopTransaction ${p.reason}`;
    case "MeterValues": {
      const [value] = p.meterValue as { sampledValue: { context?: string }[] }[];
      return `MeterValues ${p.connectorId} ${value!.sampledValue[0]!.context}`;
    }
    case "DiagnosticsStatusNotification":
    case "FirmwareStatusNotification":
      return `${action} ${p.status}`;
    default:
      return action;
  }
}

// Answers without a status (UpdateFirmware, GetDiagnostics) are the action alone.
function replyLine(action: string, payload: unknown): string {
  const { status } = payload as { status?: string };
  return status === undefined ? `reply ${action}` : `reply ${action} ${status}`;
}

export interface PeerOptions {
  authorize?: (idTag: string) => AuthorizationStatus;
}

export interface CommandPeer {
  url: string;
  transcript: Transcript;
  /** Sends a central-system call to the connected charge point; resolves with the answer's status. */
  command(action: string, payload: Record<string, unknown>): Promise<string>;
  /** Sends a central-system call; resolves with the whole answer. */
  call(action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The calls the charge point sent, with their payloads. */
  calls: CallLog;
  /** What went wrong on the central system's side: protocol problems, strict-mode failures. */
  problems(): unknown[];
  close(): Promise<void>;
}

/** cpsim's embedded central system, over OCPP-J or over SOAP 1.6 (the same commands, the same answers). */
export async function embeddedPeer(
  opts: PeerOptions,
  transport: "json" | "soap" = "json",
): Promise<CommandPeer> {
  const transcript = new Transcript();
  const calls = new CallLog();
  const cs = await CentralSystem.start({
    heartbeatIntervalSec: HEARTBEAT_INTERVAL,
    authorize: opts.authorize,
    trace: (m) => {
      if (m.dir !== "in") return;
      if (m.kind === "call") {
        calls.record(m.action, m.payload);
        transcript.push(callLine(m.action, m.payload), m.payload);
      } else if (m.kind === "result") transcript.push(replyLine(m.action, m.payload), m.payload);
      else transcript.push(`error ${m.action}`);
    },
  });
  return {
    url: transport === "soap" ? cs.soapUrl("1.6") : cs.url,
    transcript,
    command: async (action, payload) => ((await cs.call(CP, action, payload)) as { status: string }).status,
    call: async (action, payload) => (await cs.call(CP, action, payload)) as Record<string, unknown>,
    calls,
    problems: () => cs.problems,
    close: () => cs.close(),
  };
}

export async function ocppRpcPeer(opts: PeerOptions): Promise<CommandPeer> {
  const transcript = new Transcript();
  const csms = await startOcppRpcCsms(opts);
  type Client = Awaited<ReturnType<typeof csms.nextClient>>;
  let client: Client | undefined;
  let closed = false;
  // A Reset reconnects: every connection is followed, commands go to the newest one.
  void (async () => {
    while (!closed) {
      const next = await csms.nextClient();
      client = next;
      const ours = new Map<string, string>();
      next.on("message", ({ message, outbound }: { message: string; outbound: boolean }) => {
        const frame = JSON.parse(message) as unknown[];
        if (outbound) {
          if (frame[0] === 2) ours.set(frame[1] as string, frame[2] as string);
          return;
        }
        if (frame[0] === 2) transcript.push(callLine(frame[2] as string, frame[3]), frame[3]);
        else if (frame[0] === 3)
          transcript.push(replyLine(ours.get(frame[1] as string)!, frame[2]), frame[2]);
        else transcript.push(`error ${ours.get(frame[1] as string)}`);
      });
    }
  })();
  return {
    url: csms.url,
    transcript,
    command: async (action, payload) => {
      if (!client) throw new Error("the charge point has not connected");
      return ((await client.call(action, payload)) as { status: string }).status;
    },
    call: async (action, payload) => {
      if (!client) throw new Error("the charge point has not connected");
      return (await client.call(action, payload)) as Record<string, unknown>;
    },
    calls: csms.log,
    problems: () => [...csms.strictFailures, ...csms.badMessages],
    close: async () => {
      closed = true;
      await csms.close();
    },
  };
}
