// Frames that may be CALLs but cannot be handled: a message id that is not a string or is longer
// than 36 characters, or an unknown message type. OCPP-J 1.6 §4.2.3 wants a CALLERROR for them;
// both sides (the charge point and the embedded central system share the RPC layer) used to stay
// silent, leaving the caller to time out.
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CentralSystem } from "../../src/csms/server.ts";
import { closeChargePoint, expectCall, Inbox, makeChargePoint, startRawCsms } from "./helpers.ts";

const LONG_ID = "x".repeat(37);
const callError = (id: string, text: RegExp) => [
  4,
  id,
  "FormationViolation",
  expect.stringMatching(text),
  {},
];

// [frame sent, the CALLERROR it must get]
const CASES: [unknown[], unknown[]][] = [
  [[2, 5, "Heartbeat", {}], callError("-1", /^message id must be a string of 1 to 36 characters/)],
  [[2, null, "Heartbeat", {}], callError("-1", /^message id must be a string/)],
  [[2, LONG_ID, "Heartbeat", {}], callError(LONG_ID, /^message id must be a string of 1 to 36 characters/)],
  [[7, "u1", {}], callError("u1", /^unknown message type 7/)],
  [[5, { id: 1 }], callError("-1", /^unknown message type 5/)],
  [["2", "u2", "Heartbeat", {}], callError("u2", /^unknown message type "2"/)],
];

// Closed in reverse order: the charge point before its central system.
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe("a charge point sent unusable CALLs", () => {
  it.each(CASES)("answers %j with %j and stays usable", async (frame, answer) => {
    const csms = await startRawCsms();
    closers.push(csms.close);
    const t = makeChargePoint(csms.url);
    closers.push(() => closeChargePoint(t));
    const peerReady = csms.nextPeer();
    await t.cp.connect();
    const peer = await peerReady;
    peer.send(frame);
    expect(await peer.frames.next()).toEqual(answer);
    const beat = t.cp.heartbeat();
    const [id] = await expectCall(peer, "Heartbeat");
    peer.send([3, id, { currentTime: "2030-01-01T00:00:00.000Z" }]);
    await beat;
  });
});

describe("the embedded central system sent unusable CALLs", () => {
  it.each(CASES)("answers %j with %j and stays usable", async (frame, answer) => {
    const cs = await CentralSystem.start();
    closers.push(() => cs.close());
    const ws = new WebSocket(`${cs.url}/CP-RAW`, ["ocpp1.6"]);
    const frames = new Inbox<unknown>();
    ws.on("message", (data) => frames.push(JSON.parse(data.toString())));
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    ws.send(JSON.stringify(frame));
    expect(await frames.next()).toEqual(answer);
    ws.send(JSON.stringify([2, "h1", "Heartbeat", {}]));
    expect(await frames.next()).toEqual([3, "h1", { currentTime: expect.any(String) }]);
    ws.close();
  });
});
