// Low-level controls a transport offers for fault injection. They know frames, message ids and
// bytes, never charge point state: what to break and when is decided above (src/faults/).

/** One message the transport is about to write. */
export interface OutgoingMessage {
  kind: "call" | "result" | "error";
  action: string;
  id: string;
}

/** What happens to one outgoing message instead of being written as it is. */
export interface TapDecision {
  /** Real milliseconds to hold the message before writing it. */
  delayMs?: number;
  /** Write only this fraction (0 to 1) of the message, then destroy the connection. */
  cut?: number;
  /** Write the message a second time: under the same id, or (a call only) the same payload under a new id. */
  repeat?: { newId: boolean; answered?(answer: RawAnswer): void };
}

/**
 * Sees every outgoing message while set, and says what to do with it; undefined writes it as it
 * is. Unset, it costs the transport one property check per message.
 */
export type WireTap = (msg: OutgoingMessage) => TapDecision | undefined;

/** Rewrites the payload of an outgoing call before it is checked and framed. */
export type PayloadRewrite = (action: string, payload: unknown) => unknown;

/** What came back for something sent outside the normal call path. */
export type RawAnswer =
  | { kind: "result"; id: string; payload: unknown }
  | { kind: "error"; id: string; code: string; description: string; details: unknown }
  | { kind: "closed"; detail: string }
  | { kind: "none"; withinMs: number };

export interface Wire {
  readonly binding: "json" | "soap";
  tap: WireTap | undefined;
  rewrite: PayloadRewrite | undefined;
  /**
   * Sends text exactly as given (an OCPP-J frame; a SOAP envelope), skipping every check, and
   * resolves with the peer's answer to it: the answer carrying `id` when given, else the next
   * answer that belongs to no call of ours.
   */
  sendRaw(text: string, opts: { id?: string; action?: string; withinMs: number }): Promise<RawAnswer>;
  /** Stops reading from the connection until the returned function is called (OCPP-J only). */
  pauseReading?(): () => void;
}
