import type WebSocket from "ws";
import type { Scheduler } from "../../util/scheduler.ts";
import type { OutgoingMessage, PayloadRewrite, RawAnswer, TapDecision, Wire, WireTap } from "../wire.ts";
import { socketOf } from "./connect.ts";
import { callFrame, type Frame } from "./frames.ts";
import type { JsonRpc, TraceEvent } from "./rpc.ts";

type Answer = Exclude<Frame, { type: 2 }>;

/** What JsonRpc asks of its fault hooks, each undefined unless a fault needs it. */
export interface RpcHooks {
  wire: JsonWire;
  /** Takes over writing outgoing messages while a tap is armed. */
  divert?: (msg: OutgoingMessage, text: string, payload: unknown) => void;
  /** Rewrites outgoing call payloads before they are checked. */
  rewrite?: PayloadRewrite;
  /** Claims answers that belong to no call of ours (answers to repeats and raw frames). */
  claimStray?: (frame: Answer) => boolean;
  /** Told the id of each of our calls once it is answered. */
  answered?: (id: string) => void;
}

interface Waiter {
  action: string;
  resolve(answer: RawAnswer): void;
}

/** Any answer that belongs to no call of ours, for a raw frame whose id could not be read. */
const ANY = "\0any";

/**
 * The fault-injection controls of one OCPP-J connection. JsonRpc makes it on first use and
 * hands it its hooks; until a fault is armed the RPC's hot path does not know it exists.
 */
export class JsonWire implements Wire {
  readonly binding = "json";
  private tapFn: WireTap | undefined;
  /** Answers we wait for outside the call path, by message id. */
  private readonly waiters = new Map<string, Waiter>();
  /** Repeats of our calls, sent once the call they repeat is answered, by that call's id. */
  private readonly repeats = new Map<string, () => void>();

  constructor(
    private readonly rpc: JsonRpc,
    private readonly hooks: RpcHooks,
    private readonly ws: WebSocket,
    private readonly deps: {
      scheduler: Scheduler;
      newId: () => string;
      trace?: (event: TraceEvent) => void;
    },
  ) {
    ws.on("close", (code) => {
      const detail = `the connection closed (code ${code})`;
      for (const w of this.waiters.values()) w.resolve({ kind: "closed", detail });
      this.waiters.clear();
    });
  }

  get tap(): WireTap | undefined {
    return this.tapFn;
  }

  set tap(fn: WireTap | undefined) {
    this.tapFn = fn;
    this.hooks.divert = fn && ((msg, text, payload) => this.divert(fn, msg, text, payload));
  }

  get rewrite(): PayloadRewrite | undefined {
    return this.hooks.rewrite;
  }

  set rewrite(fn: PayloadRewrite | undefined) {
    this.hooks.rewrite = fn;
  }

  sendRaw(text: string, opts: { id?: string; action?: string; withinMs: number }): Promise<RawAnswer> {
    if (!this.rpc.isOpen) return Promise.resolve({ kind: "closed", detail: "not connected" });
    const answer = this.await(opts.id ?? ANY, opts.action ?? "(raw)", opts.withinMs);
    this.deps.trace?.({
      dir: "out",
      kind: "call",
      id: opts.id ?? "",
      action: opts.action ?? "(raw)",
      payload: text,
      at: Date.now(),
    });
    this.write(text);
    return answer;
  }

  pauseReading(): () => void {
    this.ws.pause();
    return () => this.ws.resume();
  }

  private divert(tap: WireTap, msg: OutgoingMessage, text: string, payload: unknown): void {
    const decision = tap(msg);
    if (!decision) {
      this.write(text);
      return;
    }
    const go = () => this.apply(decision, msg, text, payload);
    if (decision.delayMs) this.deps.scheduler.after(decision.delayMs, go);
    else go();
  }

  private apply(d: TapDecision, msg: OutgoingMessage, text: string, payload: unknown): void {
    if (d.cut !== undefined) {
      this.cut(text, d.cut);
      return;
    }
    this.write(text);
    const repeat = d.repeat;
    if (!repeat) return;
    if (msg.kind !== "call") {
      this.write(text);
      return;
    }
    // The repeat goes out once the original is answered, as from a charge point that lost the
    // answer: two answers to one id at once could not be told apart. Its answer is claimed
    // here, so it does not count as a stray one.
    this.repeats.set(msg.id, () => {
      const id = repeat.newId ? this.deps.newId() : msg.id;
      const answer = this.await(id, msg.action, 30_000);
      this.deps.trace?.({ dir: "out", kind: "call", id, action: msg.action, payload, at: Date.now() });
      this.write(repeat.newId ? callFrame(id, msg.action, payload) : text);
      void answer.then((a) => repeat.answered?.(a));
    });
    this.hooks.answered = (id) => {
      const send = this.repeats.get(id);
      if (!send) return;
      this.repeats.delete(id);
      if (this.repeats.size === 0) this.hooks.answered = undefined;
      send();
    };
  }

  private write(text: string): void {
    if (this.rpc.isOpen) this.ws.send(Buffer.from(text), { binary: false });
  }

  /**
   * Writes the frame header and part of the payload straight to the TCP socket, then destroys it:
   * the peer is left holding half a WebSocket frame, as when a modem drops mid-message.
   */
  private cut(text: string, fraction: number): void {
    const socket = socketOf(this.ws);
    const frame = maskedTextFrame(Buffer.from(text));
    const payloadStart = frame.length - Buffer.byteLength(text);
    const keep =
      payloadStart + Math.floor((frame.length - payloadStart) * Math.min(1, Math.max(0, fraction)));
    if (!socket) {
      this.ws.terminate();
      return;
    }
    socket.write(frame.subarray(0, Math.min(keep, frame.length - 1)), () => socket.destroy());
  }

  private await(id: string, action: string, withinMs: number): Promise<RawAnswer> {
    return new Promise((resolve) => {
      const timer = this.deps.scheduler.after(withinMs, () => {
        this.waiters.delete(id);
        this.unclaim();
        resolve({ kind: "none", withinMs });
      });
      this.waiters.set(id, {
        action,
        resolve: (a) => {
          timer.cancel();
          resolve(a);
        },
      });
      this.hooks.claimStray = (frame) => this.claim(frame);
    });
  }

  private claim(frame: Answer): boolean {
    const key = this.waiters.has(frame.id) ? frame.id : this.waiters.has(ANY) ? ANY : undefined;
    if (key === undefined) return false;
    const w = this.waiters.get(key)!;
    this.waiters.delete(key);
    this.unclaim();
    const at = Date.now();
    if (frame.type === 3) {
      this.deps.trace?.({
        dir: "in",
        kind: "result",
        id: frame.id,
        action: w.action,
        payload: frame.payload,
        at,
      });
      w.resolve({ kind: "result", id: frame.id, payload: frame.payload });
    } else {
      const { code, description, details } = frame;
      this.deps.trace?.({
        dir: "in",
        kind: "error",
        id: frame.id,
        action: w.action,
        payload: { code, description, details },
        at,
      });
      w.resolve({ kind: "error", id: frame.id, code, description, details });
    }
    return true;
  }

  private unclaim(): void {
    if (this.waiters.size === 0) this.hooks.claimStray = undefined;
  }
}

/** A client-to-server text frame (RFC 6455 §5.2): FIN, opcode 1, masked as clients must. */
export function maskedTextFrame(payload: Buffer): Buffer {
  const len = payload.length;
  const lenBytes = len < 126 ? 0 : len < 65_536 ? 2 : 8;
  const header = Buffer.alloc(2 + lenBytes + 4);
  header[0] = 0x81;
  header[1] = 0x80 | (lenBytes === 0 ? len : lenBytes === 2 ? 126 : 127);
  if (lenBytes === 2) header.writeUInt16BE(len, 2);
  if (lenBytes === 8) header.writeBigUInt64BE(BigInt(len), 2);
  const mask = header.subarray(2 + lenBytes);
  for (let i = 0; i < 4; i++) mask[i] = (Math.random() * 256) | 0;
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i]! ^ mask[i & 3]!;
  return Buffer.concat([header, body]);
}
