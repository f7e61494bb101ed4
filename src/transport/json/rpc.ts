import type WebSocket from "ws";
import { notKnown, OcppError, toCallError } from "../../ocpp/errors.ts";
import type { CallOptions } from "../../ocpp/neutral.ts";
import type { SchemaSet } from "../../ocpp/schemas.ts";
import { defaultScheduler, type Scheduled, type Scheduler } from "../../util/scheduler.ts";
import {
  CallTimeoutError,
  ConnectionClosedError,
  InvalidRequestError,
  InvalidResponseError,
} from "../errors.ts";
import type { OutgoingMessage, Wire } from "../wire.ts";
import {
  callFrame,
  errorFrame,
  type Frame,
  type FrameError,
  isObject,
  parseFrame,
  resultFrame,
} from "./frames.ts";
import { JsonWire, type RpcHooks } from "./wire.ts";

export interface TraceEvent {
  dir: "out" | "in";
  kind: "call" | "result" | "error";
  id: string;
  action: string;
  /** The payload; for kind "error", { code, description, details }. */
  payload: unknown;
  /** On an answer to our own call: milliseconds since the call was sent. */
  latencyMs?: number;
  at: number;
}

/**
 * A message from the peer that is no valid OCPP: a frame that is no OCPP-J message (or a binary
 * one), a CALL of an action the protocol lacks or breaking its schema, an answer breaking its
 * schema. Named by what and the error code it earned, never by its content, which may hold a
 * secret (a password in a SetVariables); `action` only when it is one the protocol has.
 */
export interface InvalidMessage {
  readonly kind: "frame" | "call" | "answer";
  readonly code: string;
  readonly action?: string;
}

/** Answers a CALL; `id` is its message id (a peer repeating a CALL keeps it). */
export type Handler = (action: string, payload: unknown, signal: AbortSignal, id: string) => unknown;

export interface RpcOptions {
  /** The official schemas of the negotiated protocol; every payload both ways is checked. */
  schemas: SchemaSet;
  /** Actions the peer may call on this side (so an unknown one is told apart from an unhandled one). */
  incoming: ReadonlySet<string>;
  handler: Handler;
  callTimeoutMs?: number;
  scheduler?: Scheduler;
  newId?: () => string;
  /** Observes every frame both ways; omit it in load runs to save the work. */
  trace?: (event: TraceEvent) => void;
  /** Protocol problems that belong to no call of ours (a stray result, a malformed frame). */
  onProblem?: (message: string) => void;
  /** Each message from the peer that is no valid OCPP (it is answered or reported as well). */
  onInvalidMessage?: (message: InvalidMessage) => void;
  onClose?: (code: number, reason: string) => void;
}

interface Outgoing {
  action: string;
  payload: unknown;
  id: string;
  sentAt: number;
  timeoutMs: number;
  /** Set once ws has written the frame to the socket: from then on it may have arrived. */
  written: boolean;
  timer?: Scheduled;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/** The id a call went out under, if its frame was written (and so may have arrived). */
const sentAs = (call: Outgoing): string | undefined => (call.written ? call.id : undefined);

let counter = 0;
const PID = `-${process.pid.toString(36)}`;
const defaultNewId = (): string => (++counter).toString(36) + PID;

/**
 * OCPP-J RPC over one WebSocket, used by both the charge point and the central system.
 * It knows actions, ids and schemas, never charge point state. OCPP-J allows one outstanding
 * CALL per direction, so our calls queue behind each other.
 */
export class JsonRpc {
  private readonly queue: Outgoing[] = [];
  private inflight: Outgoing | undefined;
  private readonly handling = new Set<AbortController>();
  private closed = false;
  private closeDetail = "";
  private readonly timeoutMs: number;
  private readonly scheduler: Scheduler;
  private readonly newId: () => string;
  /**
   * Fault-injection hooks, made with the JsonWire that sets them on first use: a charge point that
   * never has a fault armed carries one empty field and pays one check per message.
   */
  private hooks: RpcHooks | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly opts: RpcOptions,
  ) {
    this.timeoutMs = opts.callTimeoutMs ?? 30_000;
    this.scheduler = opts.scheduler ?? defaultScheduler;
    this.newId = opts.newId ?? defaultNewId;
    ws.on("message", (data, isBinary) => this.onMessage(isBinary ? null : data.toString()));
    ws.on("close", (code, reason) => this.onSocketClose(code, reason.toString()));
    ws.on("error", (err) => {
      this.closeDetail = err.message;
    });
    if (ws.isPaused) ws.resume();
  }

  get protocol(): string {
    return this.ws.protocol;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Fault-injection controls, made on first use so that runs without faults never pay for them. */
  get wire(): Wire {
    if (!this.hooks) {
      const hooks: RpcHooks = { wire: undefined! };
      hooks.wire = new JsonWire(this, hooks, this.ws, {
        scheduler: this.scheduler,
        newId: this.newId,
        trace: this.opts.trace,
      });
      this.hooks = hooks;
    }
    return this.hooks.wire;
  }

  /** Sends a CALL and resolves with the validated CALLRESULT payload. */
  call(action: string, payload: unknown, how?: CallOptions & { timeoutMs?: number }): Promise<unknown> {
    const timeoutMs = how?.timeoutMs ?? this.timeoutMs;
    const rewrite = this.hooks?.rewrite;
    if (rewrite) payload = rewrite(action, payload);
    // One schema lookup per call: an action the version does not have has no request schema.
    const issue = this.opts.schemas.validate(action, "request", payload);
    if (issue) {
      const why =
        issue.code === "NotImplemented"
          ? `${this.ws.protocol || "this OCPP version"} has no action ${action}`
          : issue.message;
      return Promise.reject(new InvalidRequestError(action, why));
    }
    if (this.closed)
      return Promise.reject(new ConnectionClosedError(action, this.closeDetail || "not connected"));
    return new Promise((resolve, reject) => {
      const id = how?.messageId ?? "";
      this.queue.push({ action, payload, id, sentAt: 0, timeoutMs, written: false, resolve, reject });
      if (!this.inflight) this.sendNext();
    });
  }

  /** Closes the socket; pending calls fail with ConnectionClosedError. */
  close(code = 1000, reason = ""): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      // A peer that never completes the closing handshake must not hold us forever.
      const kill = this.scheduler.after(2000, () => this.ws.terminate());
      this.ws.once("close", () => {
        kill.cancel();
        resolve();
      });
      this.ws.close(code, reason);
    });
  }

  /** Drops the connection without a closing handshake, as a crash or a network failure would. */
  terminate(): void {
    this.ws.terminate();
  }

  private sendNext(): void {
    const next = this.queue.shift();
    if (!next) return;
    this.inflight = next;
    next.id ||= this.newId();
    next.sentAt = performance.now();
    next.timer = this.scheduler.after(next.timeoutMs, () => {
      if (this.inflight !== next) return;
      this.finish(next);
      next.reject(new CallTimeoutError(next.action, next.timeoutMs, sentAs(next)));
    });
    this.traceOut("call", next.id, next.action, next.payload);
    const text = callFrame(next.id, next.action, next.payload);
    const divert = this.hooks?.divert;
    if (divert) divert({ kind: "call", action: next.action, id: next.id }, text, next.payload);
    // A Buffer lets ws mask it into the frame header's buffer: one write instead of cork + writev of two.
    // The callback tells a frame that never left (the socket closed first) from one that may have arrived.
    else
      this.ws.send(Buffer.from(text), { binary: false }, (err) => {
        if (!err) next.written = true;
      });
  }

  private finish(call: Outgoing): void {
    call.timer?.cancel();
    this.inflight = undefined;
    if (!this.closed) this.sendNext();
  }

  private onMessage(text: string | null): void {
    if (text === null) {
      this.invalid({ kind: "frame", code: this.opts.schemas.frameErrorCode("rpc") });
      this.problem("received a binary WebSocket message; OCPP-J frames are text");
      return;
    }
    let frame: Frame;
    try {
      frame = parseFrame(text);
    } catch (err) {
      this.onBadFrame(err as FrameError);
      return;
    }
    if (frame.type === 2) {
      void this.onCall(frame.id, frame.action, frame.payload);
      return;
    }
    const call = this.inflight;
    if (!call || call.id !== frame.id) {
      if (this.hooks?.claimStray?.(frame)) return;
      this.problem(`received an answer with unknown message id ${JSON.stringify(frame.id)}`);
      return;
    }
    const latencyMs = performance.now() - call.sentAt;
    this.finish(call);
    if (frame.type === 3) {
      this.traceIn("result", frame.id, call.action, frame.payload, latencyMs);
      const issue = this.opts.schemas.validate(call.action, "response", frame.payload);
      if (issue) {
        this.invalid({ kind: "answer", code: issue.code, action: call.action });
        call.reject(new InvalidResponseError(call.action, issue.message));
      } else call.resolve(frame.payload);
    } else {
      const err = { code: frame.code, description: frame.description, details: frame.details };
      this.traceIn("error", frame.id, call.action, err, latencyMs);
      call.reject(
        new OcppError(
          frame.code as OcppError["code"],
          `${call.action} was answered with CALLERROR ${frame.code}${frame.description ? `: ${frame.description}` : ""}`,
          isObject(frame.details) ? frame.details : {},
          true,
        ),
      );
    }
    this.hooks?.answered?.(frame.id);
  }

  private onBadFrame(err: FrameError): void {
    // A frame that may be a CALL gets a CALLERROR so the peer learns what was wrong (OCPP-J 1.6
    // §4.2.3: "unique identifier too long" and the like). 1.6 calls every such fault
    // FormationViolation, "not conform the PDU structure"; 2.0.1 tells them apart (an unknown
    // message type, no valid RPC message, a payload no object): the negotiated protocol's schema
    // set says which.
    const code = this.opts.schemas.frameErrorCode(err.fault);
    this.invalid({ kind: "frame", code });
    if (err.replyId !== undefined) this.send(errorFrame(err.replyId, code, err.message));
    const call = this.inflight;
    // A malformed frame while our call waits is, in practice, that call's answer (unless it may be a CALL).
    if (call && err.replyId === undefined && (err.id === undefined || err.id === call.id)) {
      this.finish(call);
      call.reject(new InvalidResponseError(call.action, `malformed frame, ${err.message}`));
      return;
    }
    this.problem(`received a malformed frame, ${err.message}`);
  }

  private async onCall(id: string, action: string, payload: unknown): Promise<void> {
    this.traceIn("call", id, action, payload);
    const controller = new AbortController();
    this.handling.add(controller);
    try {
      if (!this.opts.incoming.has(action)) {
        this.invalid({ kind: "call", code: "NotImplemented" });
        throw notKnown(action);
      }
      const issue = this.opts.schemas.validate(action, "request", payload);
      if (issue) {
        this.invalid({ kind: "call", code: issue.code, action });
        throw new OcppError(issue.code, issue.message);
      }
      const result = await this.opts.handler(action, payload, controller.signal, id);
      const bad = this.opts.schemas.validate(action, "response", result);
      if (bad) {
        throw new OcppError("InternalError", `the reply to ${action} would break the schema: ${bad.message}`);
      }
      if (controller.signal.aborted) return;
      this.traceOut("result", id, action, result);
      this.send(resultFrame(id, result), { kind: "result", action, id });
    } catch (err) {
      if (controller.signal.aborted) return;
      const e = toCallError(err);
      this.traceOut("error", id, action, e);
      this.send(errorFrame(id, e.code, e.description, e.details), { kind: "error", action, id });
      if (e.code === "InternalError" && !(err instanceof OcppError)) {
        this.problem(`handling ${action} failed: ${(err as Error)?.message ?? err}`);
      }
    } finally {
      this.handling.delete(controller);
    }
  }

  private onSocketClose(code: number, reason: string): void {
    this.closed = true;
    const detail = this.closeDetail || `code ${code}${reason ? `, ${reason}` : ""}`;
    for (const c of this.handling) c.abort();
    const pending = this.inflight ? [this.inflight, ...this.queue] : [...this.queue];
    this.inflight = undefined;
    this.queue.length = 0;
    for (const call of pending) {
      call.timer?.cancel();
      call.reject(new ConnectionClosedError(call.action, detail, sentAs(call)));
    }
    this.opts.onClose?.(code, reason);
  }

  private send(text: string, msg?: OutgoingMessage): void {
    if (this.closed) return;
    const divert = msg && this.hooks?.divert;
    if (divert) divert(msg, text, undefined);
    else this.ws.send(Buffer.from(text), { binary: false });
  }

  private problem(message: string): void {
    this.opts.onProblem?.(message);
  }

  private invalid(message: InvalidMessage): void {
    this.opts.onInvalidMessage?.(message);
  }

  private traceOut(kind: TraceEvent["kind"], id: string, action: string, payload: unknown): void {
    this.opts.trace?.({ dir: "out", kind, id, action, payload, at: Date.now() });
  }

  private traceIn(
    kind: TraceEvent["kind"],
    id: string,
    action: string,
    payload: unknown,
    latencyMs?: number,
  ): void {
    this.opts.trace?.({ dir: "in", kind, id, action, payload, latencyMs, at: Date.now() });
  }
}
