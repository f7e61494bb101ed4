// Misbehaving central systems: each failure must reach the caller as one plain sentence of the
// right error class, leave no unhandled rejection behind and, where the socket survives, leave
// the charge point usable.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { OcppError } from "../../src/ocpp/errors.ts";
import { loadScenario } from "../../src/scenario/load.ts";
import { runScenario } from "../../src/scenario/runner.ts";
import {
  CallTimeoutError,
  ConnectError,
  ConnectionClosedError,
  InvalidResponseError,
} from "../../src/transport/errors.ts";
import {
  BASIC_SCENARIO,
  closeChargePoint,
  expectCall,
  makeChargePoint,
  type RawCsmsOptions,
  type RawPeer,
  startRawCsms,
  startUpgradeRefuser,
  type TestChargePoint,
  unusedPort,
} from "./helpers.ts";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
});

let t: TestChargePoint | undefined;
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await closeChargePoint(t);
  t = undefined;
  for (const close of closers.splice(0)) await close();
  expect(unhandled.splice(0)).toEqual([]);
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.fail("expected a rejection"),
    (err: Error) => err,
  );
}

/** One sentence a user can read: no line breaks, no stack, no "[object Object]". */
function expectSentence(err: Error, pattern: RegExp): void {
  expect(err.message).toMatch(pattern);
  expect(err.message).not.toMatch(/\n|\[object |undefined/);
}

/** A raw central system with the charge point connected to it. */
async function connected(
  opts: Parameters<typeof makeChargePoint>[1] = {},
  csmsOptions: RawCsmsOptions = {},
): Promise<RawPeer> {
  const csms = await startRawCsms(csmsOptions);
  closers.push(csms.close);
  t = makeChargePoint(csms.url, opts);
  const peer = csms.nextPeer();
  await t.cp.connect();
  return peer;
}

/** Answers the next Heartbeat, proving the charge point still works on this socket. */
async function heartbeatStillWorks(peer: RawPeer): Promise<void> {
  const beat = t!.cp.heartbeat();
  const [id] = await expectCall(peer, "Heartbeat");
  peer.send([3, id, { currentTime: "2030-01-01T00:00:00.000Z" }]);
  expect(await beat).toBe("2030-01-01T00:00:00.000Z");
}

/** One Heartbeat round trip; every other frame the charge point sends before it lands in `others`. */
async function heartbeatCollecting(peer: RawPeer, others: unknown[]): Promise<void> {
  const beat = t!.cp.heartbeat();
  for (;;) {
    const frame = (await peer.frames.next()) as unknown[];
    if (frame[0] === 2 && frame[2] === "Heartbeat") {
      peer.send([3, frame[1], { currentTime: "2030-01-01T00:00:00.000Z" }]);
      break;
    }
    others.push(frame);
  }
  await beat;
}

describe("connecting to a bad central system", () => {
  it("says connection refused when nothing listens", async () => {
    t = makeChargePoint(`ws://127.0.0.1:${await unusedPort()}`);
    const err = await rejection(t.cp.connect());
    expect(err).toBeInstanceOf(ConnectError);
    expectSentence(err, /^Could not connect to ws:\/\/127\.0\.0\.1:\d+\/CP-IT-001: connection refused.*\.$/);
    expect(t.cp.connected).toBe(false);
  });

  it.each([
    [404, "Not Found", /HTTP 404 Not Found, check the URL and the charge point id\.$/],
    [
      401,
      "Unauthorized",
      /HTTP 401 Unauthorized, it wants a password: give --password or set CPSIM_PASSWORD\.$/,
    ],
  ])("reports HTTP %i on the upgrade", async (status, text, pattern) => {
    const server = await startUpgradeRefuser(status, text);
    closers.push(server.close);
    t = makeChargePoint(server.url);
    const err = await rejection(t.cp.connect());
    expect(err).toBeInstanceOf(ConnectError);
    expectSentence(err, pattern);
  });

  it.each([
    ["selects no subprotocol", () => false as const],
    ["selects another subprotocol", () => "ocpp2.0.1"],
  ])("reports a server that %s", async (_, handleProtocols) => {
    const csms = await startRawCsms({ handleProtocols });
    closers.push(csms.close);
    t = makeChargePoint(csms.url);
    const err = await rejection(t.cp.connect());
    expect(err).toBeInstanceOf(ConnectError);
    expectSentence(err, /: the server did not accept the subprotocol ocpp1\.6\.$/);
  });

  it("fails the connect step of a scenario and skips the rest", async () => {
    const url = `ws://127.0.0.1:${await unusedPort()}`;
    const report = await runScenario(loadScenario(BASIC_SCENARIO), { url, version: "1.6" });
    expect(report.passed).toBe(false);
    const [connect, ...rest] = report.steps;
    expect(connect).toMatchObject({ label: "connect", status: "failed" });
    expect(connect!.error).toMatch(
      /^Could not connect to ws:\/\/127\.0\.0\.1:\d+\/CP-BASIC-001: connection refused/,
    );
    expect(connect!.error).not.toMatch(/\n/);
    expect(rest.length).toBe(9);
    expect(rest.every((s) => s.status === "skipped")).toBe(true);
    expect(report.counts).toMatchObject({ passed: 0, failed: 1, skipped: 9, messages: 0 });
  });
});

describe("answers a charge point cannot use", () => {
  it.each([
    ["not json", "not valid JSON"],
    ["[3]", "message id must be a string"],
    ['{"status":"Accepted"}', "not a JSON array"],
  ])("rejects a malformed answer %s to BootNotification", async (frame, detail) => {
    const peer = await connected();
    const boot = t!.cp.boot();
    await expectCall(peer, "BootNotification");
    peer.send(frame);
    const err = await rejection(boot);
    expect(err).toBeInstanceOf(InvalidResponseError);
    expectSentence(err, new RegExp(`^the answer to BootNotification is invalid: malformed frame, ${detail}`));
    await heartbeatStillWorks(peer);
    expect(t!.problems).toEqual([]);
  });

  it("rejects a CALLRESULT of the wrong shape carrying the call's id", async () => {
    const peer = await connected();
    const boot = t!.cp.boot();
    const [id] = await expectCall(peer, "BootNotification");
    peer.send([3, id]);
    const err = await rejection(boot);
    expect(err).toBeInstanceOf(InvalidResponseError);
    expectSentence(err, /malformed frame, CALLRESULT must be \[3, id, payload\]/);
  });

  it("raises a CALLERROR answer as a remote OcppError with its code", async () => {
    const peer = await connected();
    const boot = t!.cp.boot();
    const [id] = await expectCall(peer, "BootNotification");
    peer.send([4, id, "SecurityError", "not on the list", { reason: "unknown box" }]);
    const err = await rejection(boot);
    expect(err).toBeInstanceOf(OcppError);
    expect(err).toMatchObject({ code: "SecurityError", remote: true, details: { reason: "unknown box" } });
    expectSentence(err, /^BootNotification was answered with CALLERROR SecurityError: not on the list$/);
    expect(t!.cp.registration).toBe("Unknown");
    await heartbeatStillWorks(peer);
  });

  it("rejects a schema-invalid CALLRESULT naming the field and the allowed values", async () => {
    const peer = await connected();
    const boot = t!.cp.boot();
    const [id] = await expectCall(peer, "BootNotification");
    peer.send([3, id, { status: "Maybe", currentTime: "2030-01-01T00:00:00.000Z", interval: 300 }]);
    const err = await rejection(boot);
    expect(err).toBeInstanceOf(InvalidResponseError);
    expectSentence(err, /\/status must be one of Accepted, Pending, Rejected \(got "Maybe"\)/);
    expect(t!.cp.registration).toBe("Unknown");
  });

  it("times out a call that gets no answer, and reports the late answer as a problem", async () => {
    const peer = await connected({ link: { callTimeoutMs: 200 } });
    const boot = t!.cp.boot();
    const [id] = await expectCall(peer, "BootNotification");
    const err = await rejection(boot);
    expect(err).toBeInstanceOf(CallTimeoutError);
    expectSentence(err, /^BootNotification got no answer within 0\.2s$/);
    // Frames on one socket arrive in order, so the late answer is handled before the Heartbeat's.
    peer.send([3, id, { status: "Accepted", currentTime: "2030-01-01T00:00:00.000Z", interval: 300 }]);
    await heartbeatStillWorks(peer);
    expect(t!.problems).toEqual([`received an answer with unknown message id "${id}"`]);
    expect(t!.cp.registration).toBe("Unknown");
  });

  it("gives a call sent after an answered one its own whole timeout", async () => {
    // Guards against a timer shared by a connection's calls (tried for speed, not kept: no measurable
    // gain) that would time the second call out at the first one's deadline.
    const peer = await connected({ link: { callTimeoutMs: 300 } });
    const first = t!.cp.heartbeat();
    const [id] = await expectCall(peer, "Heartbeat");
    peer.send([3, id, { currentTime: "2030-01-01T00:00:00.000Z" }]);
    await first;
    await new Promise((r) => setTimeout(r, 150));
    const sentAt = performance.now();
    const second = t!.cp.heartbeat();
    await expectCall(peer, "Heartbeat");
    const err = await rejection(second);
    expect(err).toBeInstanceOf(CallTimeoutError);
    // A lower bound on when it failed: at the first call's deadline it still had half its time.
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(299);
    await heartbeatStillWorks(peer);
  });

  it.each([
    ["closes", (p: RawPeer) => p.ws.close(4000, "going away"), /\(code 4000, going away\)$/],
    ["drops", (p: RawPeer) => p.ws.terminate(), /\(code 1006\)$/],
  ])("fails the pending call when the server %s the socket mid-call", async (_, hangUp, detail) => {
    const peer = await connected();
    const boot = t!.cp.boot();
    await expectCall(peer, "BootNotification");
    hangUp(peer);
    const err = await rejection(boot);
    expect(err).toBeInstanceOf(ConnectionClosedError);
    expectSentence(err, /^the connection closed before BootNotification was answered/);
    expect(err.message).toMatch(detail);
    expect(t!.cp.connected).toBe(false);
    expect(t!.events.filter((e) => e.type === "disconnected")).toHaveLength(1);
    await expect(t!.cp.heartbeat()).rejects.toThrow(/is not connected/);
  });
});

describe("bad calls from the central system", () => {
  it("answers invalid CALLs with the matching CALLERROR and stays usable", async () => {
    const peer = await connected();
    const ask = async (frame: unknown[]) => {
      peer.send(frame);
      return (await peer.frames.next()) as unknown[];
    };
    const error = (id: string, code: string, text: RegExp) => [4, id, code, expect.stringMatching(text), {}];

    expect(await ask([2, "c1", "ChangeConfiguration", { key: 5, value: "1" }])).toEqual(
      error("c1", "TypeConstraintViolation", /\/key must be string/),
    );
    expect(await ask([2, "c2", "ChangeConfiguration", { key: "HeartbeatInterval" }])).toEqual(
      error("c2", "OccurenceConstraintViolation", /missing required property "value"/),
    );
    expect(await ask([2, "c3", "FooBar", {}])).toEqual(error("c3", "NotImplemented", /FooBar/));
    expect(await ask([2, "c4", "Reset"])).toEqual(
      error("c4", "FormationViolation", /\[2, id, action, payload\]/),
    );
    expect(await ask([2, "c5", "ClearChargingProfile", {}])).toEqual([3, "c5", { status: "Unknown" }]);
    expect(await ask([2, "c6", "ChangeConfiguration", { key: "HeartbeatInterval", value: "60" }])).toEqual([
      3,
      "c6",
      { status: "Accepted" },
    ]);
    expect(t!.cp.config.get("HeartbeatInterval")).toBe("60");

    await heartbeatStillWorks(peer);
    // Only the frame that was not a CALL at all is a protocol problem on the charge point's side.
    expect(t!.problems).toEqual([expect.stringMatching(/^received a malformed frame, CALL must be/)]);
  });

  it("answers a central system CALL while its own call waits for an answer", async () => {
    const peer = await connected();
    const boot = t!.cp.boot();
    const [bootId] = await expectCall(peer, "BootNotification");
    peer.send([2, "g1", "GetConfiguration", { key: ["NumberOfConnectors"] }]);
    expect(await peer.frames.next()).toEqual([
      3,
      "g1",
      { configurationKey: [{ key: "NumberOfConnectors", readonly: true, value: "1" }] },
    ]);
    peer.send([3, bootId, { status: "Accepted", currentTime: "2030-01-01T00:00:00.000Z", interval: 300 }]);
    // The accepted boot reports connector 0 and 1 before it resolves.
    for (const connectorId of [0, 1]) {
      const [id, payload] = await expectCall(peer, "StatusNotification");
      expect(payload).toMatchObject({ connectorId, status: "Available" });
      peer.send([3, id, {}]);
    }
    expect(await boot).toMatchObject({ status: "Accepted", intervalSec: 300 });
    expect(t!.problems).toEqual([]);
  });

  // BUG (src/transport/json/connect.ts, the "open" handler): the socket is handed over with no
  // "message" listener, and JsonRpc attaches one only after `await connectWebSocket()`. A frame
  // that arrives with the upgrade response is emitted by ws on process.nextTick, before that
  // continuation runs, and is silently dropped: the charge point never answers the CALL.
  it("answers a CALL the central system sends the moment the connection opens", async () => {
    const greeting = [2, "early-1", "GetConfiguration", { key: ["NumberOfConnectors"] }];
    const peer = await connected({}, { greeting: [greeting] });
    const others: unknown[] = [];
    // Two round trips: the reply to an early CALL is sent before the second Heartbeat at the latest.
    await heartbeatCollecting(peer, others);
    await heartbeatCollecting(peer, others);
    expect(others).toEqual([
      [3, "early-1", { configurationKey: [{ key: "NumberOfConnectors", readonly: true, value: "1" }] }],
    ]);
  });
});
