// Thousands of generated bad OCPP-J frames, over real loopback WebSockets, to a cpsim charge point
// and to the embedded central system. After each frame a probe CALL must still be answered (the
// socket and the process survive), the frame must get exactly the answer OCPP-J 1.6 wants
// (see frames.ts), and nothing may print a stack trace.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import { CentralSystem } from "../../src/csms/server.ts";
import { CP_INITIATED_16, CS_INITIATED_16 } from "../../src/ocpp/v16/actions.ts";
import {
  closeChargePoint,
  framesOf,
  type Inbox,
  makeChargePoint,
  startRawCsms,
  type TestChargePoint,
} from "../integration/helpers.ts";
import { badFrame, CODES_16, type Expected, expectedAnswer } from "./frames.ts";
import { capturePrinted, checkProperty, STACK_LINE } from "./harness.ts";

/** Batches of BATCH / 2 to 2 * BATCH frames per side (about 1,400 frames), each followed by a probe. */
const RUNS = 150;
const BATCH = 8;
const printed = capturePrinted();

/** One end of a WebSocket, seen from the fuzzer: it sends text or bytes and awaits parsed frames. */
interface Wire {
  send(data: string | Buffer): void;
  frames: Inbox<unknown>;
}

function wire(ws: WebSocket): Wire {
  const frames = framesOf(ws);
  return { send: (data) => ws.send(data, { binary: Buffer.isBuffer(data) }), frames };
}

let probes = 0;

/** Whether `got` is the answer OCPP-J 1.6 wants for a frame expected to get `expected`. */
function fits(got: unknown[], expected: Exclude<Expected, { kind: "none" }>): boolean {
  if (got[1] !== expected.id) return false;
  if (expected.kind === "formation") return got[0] === 4 && got[2] === "FormationViolation";
  if (got[0] === 3) return expected.known && got.length === 3 && typeof got[2] === "object";
  return (
    got[0] === 4 &&
    got.length === 5 &&
    CODES_16.has(got[2] as string) &&
    // A malformed CALL is the sender's fault, never an internal error.
    got[2] !== "InternalError" &&
    (expected.known || got[2] === "NotImplemented") &&
    typeof got[3] === "string" &&
    typeof got[4] === "object"
  );
}

/**
 * Sends a batch of bad frames, then a probe CALL, and reads until the probe's answer and every
 * expected answer came: frames on a socket are handled in order, so an answer that never comes
 * hangs the run (and fails it on the timeout), and one nobody expected fails it at once.
 */
async function attack(w: Wire, batch: { frame: string | Buffer; expected: Expected }[], probe: string) {
  const probeId = `probe-${++probes}`;
  const pending = batch.flatMap((b) => (b.expected.kind === "none" ? [] : [b.expected]));
  for (const b of batch) w.send(b.frame);
  w.send(JSON.stringify([2, probeId, probe, {}]));
  let probed = false;
  const sent = () => batch.map((b) => String(b.frame)).join("\n");
  while (!probed || pending.length > 0) {
    const got = (await w.frames.next()) as unknown[];
    expect(Array.isArray(got), `not an OCPP-J frame: ${JSON.stringify(got)}`).toBe(true);
    // The charge point may start calls of its own (a TriggerMessage the fuzzer got right); left unanswered.
    if (got[0] === 2) continue;
    if (got[1] === probeId && !probed) {
      expect(got).toEqual([3, probeId, expect.any(Object)]);
      probed = true;
      continue;
    }
    // The strictest expectation first: a FormationViolation may answer both kinds.
    const match =
      pending.findIndex((e) => e.kind === "formation" && fits(got, e)) >= 0
        ? pending.findIndex((e) => e.kind === "formation" && fits(got, e))
        : pending.findIndex((e) => fits(got, e));
    expect(match, `unexpected answer ${JSON.stringify(got)} to the frames\n${sent()}`).toBeGreaterThanOrEqual(
      0,
    );
    pending.splice(match, 1);
  }
}

const frameOrBytes = (actions: readonly string[]) =>
  fc.oneof(
    { weight: 20, arbitrary: badFrame(actions) },
    fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
  );

function fuzz(actions: readonly string[], probe: string, get: () => Wire, problems: () => string[]) {
  return async () => {
    const known = new Set(actions);
    const batch = fc.array(frameOrBytes(actions), { minLength: BATCH / 2, maxLength: 2 * BATCH });
    await checkProperty(
      fc.asyncProperty(batch, async (frames) => {
        await attack(
          get(),
          frames.map((frame) => ({
            frame,
            expected: Buffer.isBuffer(frame) ? ({ kind: "none" } as const) : expectedAnswer(frame, known),
          })),
          probe,
        );
      }),
      RUNS,
    );
    // Problems reach the console in `cpsim csms` and `cpsim run`: each one sentence, no stack.
    for (const p of problems()) expect(p).not.toMatch(/\n/);
    expect(printed.text()).not.toMatch(STACK_LINE);
  };
}

describe("a charge point fed bad frames", () => {
  let csms: Awaited<ReturnType<typeof startRawCsms>>;
  let t: TestChargePoint;
  let w: Wire;
  beforeAll(async () => {
    csms = await startRawCsms();
    t = makeChargePoint(csms.url, { id: "CP-FUZZ" });
    const peer = csms.nextPeer();
    await (t.cp as ChargePoint).connect();
    w = wire((await peer).ws);
  });
  afterAll(async () => {
    await closeChargePoint(t);
    await csms.close();
  });

  it(
    `answers ${RUNS} batches of ${BATCH / 2} to ${2 * BATCH} generated frames as OCPP-J 1.6 says, and keeps answering`,
    fuzz(
      CS_INITIATED_16,
      "GetLocalListVersion",
      () => w,
      () => t.problems,
    ),
    60_000,
  );
});

describe("the embedded central system fed bad frames", () => {
  let cs: CentralSystem;
  let w: Wire;
  let ws: WebSocket;
  beforeAll(async () => {
    cs = await CentralSystem.start();
    ws = new WebSocket(`${cs.url}/CP-FUZZ`, ["ocpp1.6"]);
    w = wire(ws);
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  });
  afterAll(async () => {
    ws.close();
    await cs.close();
  });

  it(
    `answers ${RUNS} batches of ${BATCH / 2} to ${2 * BATCH} generated frames as OCPP-J 1.6 says, and keeps answering`,
    fuzz(
      CP_INITIATED_16,
      "Heartbeat",
      () => w,
      () => cs.problems.map((p) => p.message),
    ),
    60_000,
  );
});
