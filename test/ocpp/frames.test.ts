import { describe, expect, it } from "vitest";
import {
  callFrame,
  errorFrame,
  FrameError,
  parseFrame,
  resultFrame,
} from "../../src/transport/json/frames.ts";

describe("OCPP-J frames", () => {
  it("round-trips CALL, CALLRESULT and CALLERROR", () => {
    expect(parseFrame(callFrame("1", "Heartbeat", {}))).toEqual({
      type: 2,
      id: "1",
      action: "Heartbeat",
      payload: {},
    });
    expect(parseFrame(resultFrame("1", { a: 1 }))).toEqual({ type: 3, id: "1", payload: { a: 1 } });
    expect(parseFrame(errorFrame("1", "NotSupported", "no", { x: 1 }))).toEqual({
      type: 4,
      id: "1",
      code: "NotSupported",
      description: "no",
      details: { x: 1 },
    });
  });

  it.each([
    ["not json", "not valid JSON: not json", undefined],
    ['{"a":1}', 'not a JSON array: {"a":1}', undefined],
    ['[2, 5, "Heartbeat", {}]', "message id must be a string of 1 to 36 characters", undefined],
    [
      `[2, "${"x".repeat(37)}", "Heartbeat", {}]`,
      "message id must be a string of 1 to 36 characters",
      undefined,
    ],
    ['[2, "a", "Heartbeat"]', "CALL must be [2, id, action, payload]", "a"],
    ['[2, "a", "Heartbeat", []]', "CALL payload must be a JSON object", "a"],
    ['[3, "a"]', "CALLRESULT must be [3, id, payload]", "a"],
    ['[3, "a", "x"]', "CALLRESULT payload must be a JSON object", "a"],
    ['[4, "a", "X"]', "CALLERROR must be [4, id, code, description, details]", "a"],
    ['[7, "a", {}]', "unknown message type 7", "a"],
  ])("%s is refused: %s", (text, message, id) => {
    let error: unknown;
    try {
      parseFrame(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FrameError);
    expect((error as FrameError).message).toContain(message);
    expect((error as FrameError).id).toBe(id);
  });
});
