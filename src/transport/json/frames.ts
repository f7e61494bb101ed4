// OCPP-J framing: [2, id, action, payload] CALL, [3, id, payload] CALLRESULT,
// [4, id, errorCode, errorDescription, errorDetails] CALLERROR.

export type Frame =
  | { type: 2; id: string; action: string; payload: unknown }
  | { type: 3; id: string; payload: unknown }
  | { type: 4; id: string; code: string; description: string; details: unknown };

export class FrameError extends Error {
  constructor(
    message: string,
    /** The message id, when the frame was readable enough to have one. */
    readonly id?: string,
    /** The message type number, when readable. */
    readonly type?: number,
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
    throw new FrameError(`not valid JSON: ${preview(text)}`);
  }
  if (!Array.isArray(data)) throw new FrameError(`not a JSON array: ${preview(text)}`);
  const [type, id] = data;
  if (typeof id !== "string" || id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw new FrameError(`message id must be a string of 1 to ${MAX_ID_LENGTH} characters: ${preview(text)}`);
  }
  switch (type) {
    case 2:
      if (data.length !== 4 || typeof data[2] !== "string") {
        throw new FrameError(`CALL must be [2, id, action, payload]: ${preview(text)}`, id, 2);
      }
      if (!isObject(data[3]))
        throw new FrameError(`CALL payload must be a JSON object: ${preview(text)}`, id, 2);
      return { type, id, action: data[2], payload: data[3] };
    case 3:
      if (data.length !== 3)
        throw new FrameError(`CALLRESULT must be [3, id, payload]: ${preview(text)}`, id, 3);
      if (!isObject(data[2]))
        throw new FrameError(`CALLRESULT payload must be a JSON object: ${preview(text)}`, id, 3);
      return { type, id, payload: data[2] };
    case 4:
      if (data.length !== 5 || typeof data[2] !== "string" || typeof data[3] !== "string") {
        throw new FrameError(
          `CALLERROR must be [4, id, code, description, details]: ${preview(text)}`,
          id,
          4,
        );
      }
      return { type, id, code: data[2], description: data[3], details: data[4] };
    default:
      throw new FrameError(`unknown message type ${JSON.stringify(type)}: ${preview(text)}`, id);
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
