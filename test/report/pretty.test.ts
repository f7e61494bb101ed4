// The pretty reporter's message lines: a message with nothing to summarize (Heartbeat's empty
// payload, an empty answer) ends at its action, with no padding left trailing after it.
import { Chalk } from "chalk";
import { expect, it } from "vitest";
import type { MessageReport } from "../../src/report/model.ts";
import { prettyReporter } from "../../src/report/pretty.ts";

function print(...messages: Omit<MessageReport, "cp" | "id" | "at">[]): string[] {
  let text = "";
  const pretty = prettyReporter({ write: (s) => (text += s) }, new Chalk({ level: 0 }));
  for (const m of messages)
    pretty.onEvent({ type: "message", message: { cp: "CP-1", id: "1", at: "", ...m } });
  return text.split("\n").slice(0, -1);
}

it("prints an empty summary without trailing spaces, and pads the action only when something follows", () => {
  expect(
    print(
      { dir: "out", kind: "call", action: "Heartbeat", payload: {} },
      { dir: "in", kind: "result", action: "StatusNotification", payload: {}, latencyMs: 3 },
      { dir: "out", kind: "call", action: "Authorize", payload: { idTag: "T1" } },
    ),
  ).toEqual([
    "  → Heartbeat",
    `  ← ${"StatusNotification".padEnd(26)}   3 ms`,
    `  → ${"Authorize".padEnd(26)} idTag T1`,
  ]);
});
