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

  // The last column: the id a CALLERROR answers with, when the frame may be a CALL (OCPP-J §4.2.3).
  it.each([
    ["not json", "not valid JSON: not json", undefined, undefined],
    ['{"a":1}', 'not a JSON array: {"a":1}', undefined, undefined],
    ['[2, 5, "Heartbeat", {}]', "message id must be a string of 1 to 36 characters", undefined, "-1"],
    [
      `[2, "${"x".repeat(37)}", "Heartbeat", {}]`,
      "message id must be a string of 1 to 36 characters",
      undefined,
      "x".repeat(37),
    ],
    ["[3, 5, {}]", "message id must be a string of 1 to 36 characters", undefined, undefined],
    ['[2, "a", "Heartbeat"]', "CALL must be [2, id, action, payload]", "a", "a"],
    ['[2, "a", "Heartbeat", []]', "CALL payload must be a JSON object", "a", "a"],
    ['[3, "a"]', "CALLRESULT must be [3, id, payload]", "a", undefined],
    ['[3, "a", "x"]', "CALLRESULT payload must be a JSON object", "a", undefined],
    ['[4, "a", "X"]', "CALLERROR must be [4, id, code, description, details]", "a", undefined],
    ['[7, "a", {}]', "unknown message type 7", "a", "a"],
    ["[7, {}, {}]", "unknown message type 7", undefined, "-1"],
    ['["2", "a", "Heartbeat", {}]', 'unknown message type "2"', "a", "a"],
  ])("%s is refused: %s", (text, message, id, replyId) => {
    let error: unknown;
    try {
      parseFrame(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FrameError);
    expect((error as FrameError).message).toContain(message);
    expect((error as FrameError).id).toBe(id);
    expect((error as FrameError).replyId).toBe(replyId);
  });
});
