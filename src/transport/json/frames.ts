// OCPP-J framing: [2, id, action, payload] CALL, [3, id, payload] CALLRESULT,
// [4, id, errorCode, errorDescription, errorDetails] CALLERROR.
import type { FrameFault } from "../../ocpp/errors.ts";

export type Frame =
  | { type: 2; id: string; action: string; payload: unknown }
  | { type: 3; id: string; payload: unknown }
  | { type: 4; id: string; code: string; description: string; details: unknown };

export class FrameError extends Error {
  constructor(
    message: string,
    readonly fault: FrameFault,
    /** The message id, when the frame was readable enough to have one. */
    readonly id?: string,
    /**
     * The message id to answer with a CALLERROR, when the frame may be a CALL: its own id if that is
     * a string, else "-1". Answers (CALLRESULT, CALLERROR) are never answered.
     */
    readonly replyId?: string,
  ) {
    super(message);
    this.name = "FrameError";
  }
}

const MAX_ID_LENGTH = 36;

export function parseFrame(text: string): Frame {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new FrameError(`not valid JSON: ${preview(text)}`, "rpc");
  }
  if (!Array.isArray(data)) throw new FrameError(`not a JSON array: ${preview(text)}`, "rpc");
  const [type, id] = data;
  // OCPP-J 2.0.1 (§4.2.3) answers a CALL whose id cannot be read with message id "-1"; 1.6 is silent,
  // and "-1" is what peers such as ocpp-rpc send and expect. A string id, even one too long, is
  // echoed: it is the only id the caller can match the CALLERROR to.
  const echo = typeof id === "string" ? id : "-1";
  if (type !== 2 && type !== 3 && type !== 4) {
    throw new FrameError(
      `unknown message type ${JSON.stringify(type)}, expected 2 (CALL), 3 (CALLRESULT) or 4 (CALLERROR): ${preview(text)}`,
      // A number it does not have is a message type not supported; anything else, no RPC message.
      typeof type === "number" ? "messageType" : "rpc",
      typeof id === "string" ? id : undefined,
      echo,
    );
  }
  if (typeof id !== "string" || id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw new FrameError(
      `message id must be a string of 1 to ${MAX_ID_LENGTH} characters: ${preview(text)}`,
      "rpc",
      undefined,
      type === 2 ? echo : undefined,
    );
  }
  switch (type) {
    case 2:
      if (data.length !== 4 || typeof data[2] !== "string") {
        // Without a readable action it is no RPC request; with one, its payload is what is wrong.
        const fault = typeof data[2] === "string" ? "payload" : "rpc";
        throw new FrameError(`CALL must be [2, id, action, payload]: ${preview(text)}`, fault, id, id);
      }
      if (!isObject(data[3]))
        throw new FrameError(`CALL payload must be a JSON object: ${preview(text)}`, "payload", id, id);
      return { type, id, action: data[2], payload: data[3] };
    case 3:
      if (data.length !== 3)
        throw new FrameError(`CALLRESULT must be [3, id, payload]: ${preview(text)}`, "rpc", id);
      if (!isObject(data[2]))
        throw new FrameError(`CALLRESULT payload must be a JSON object: ${preview(text)}`, "payload", id);
      return { type, id, payload: data[2] };
    default:
      if (data.length !== 5 || typeof data[2] !== "string" || typeof data[3] !== "string") {
        throw new FrameError(
          `CALLERROR must be [4, id, code, description, details]: ${preview(text)}`,
          "rpc",
          id,
        );
      }
      return { type, id, code: data[2], description: data[3], details: data[4] };
  }
}

export function callFrame(id: string, action: string, payload: unknown): string {
  return JSON.stringify([2, id, action, payload]);
}

export function resultFrame(id: string, payload: unknown): string {
  return JSON.stringify([3, id, payload]);
}

export function errorFrame(id: string, code: string, description: string, details: unknown = {}): string {
  return JSON.stringify([4, id, code, description, details]);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function preview(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
