// --state-dir on OCPP 2.0.1: cpsim killed with SIGKILL mid-transaction and started again with
// the same folder, against a strict ocpp-rpc CSMS (subprotocol ocpp2.0.1) that stays up. The
// station numbers its own transactions, so what must survive is its transaction id and seqNo.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type OcppRpcCsms201, startOcppRpcCsms201 } from "../integration/ocpp-rpc-201.ts";
import { cpsimInProcess } from "./helpers.ts";
import {
  bootOnlyScenario,
  killHard,
  offlineScenario,
  runArgs201,
  sessionScenario,
  startCpsim,
  waitForState,
} from "./state-helpers.ts";

const SESSION = sessionScenario("CP-STATE-201");

/** `cpsim run <scenario> --ocpp 2.0.1` against the test's CSMS, keeping state in the test's folder. */
const args201 = (file: string, text: string) => runArgs201(csms.url, dir, file, text);

let csms: OcppRpcCsms201;
let dir: string;
beforeEach(async () => {
  csms = await startOcppRpcCsms201();
  dir = mkdtempSync(join(tmpdir(), "cpsim-state-201-"));
});
afterEach(async () => {
  await csms.close();
});

// biome-ignore lint/suspicious/noExplicitAny: wire payloads, read by path in assertions
type Payload = Record<string, any>;

describe("--state-dir across a SIGKILL on 2.0.1", () => {
  it("the restored transaction goes on with the same transaction id and its seqNo counting on", {
    timeout: 60_000,
  }, async () => {
    const args = args201("session-201.yaml", SESSION);
    const first = startCpsim(args);
    await csms.log.waitForCount(
      "TransactionEvent",
      1,
      (c) => c.params.triggerReason === "MeterValuePeriodic",
    );
    // Killed once nothing waits in the queue, so no event is in flight.
    await waitForState(
      join(dir, "CP-STATE-201.json"),
      (s) => s.queue.length === 0 && s.transactions.length === 1,
      first,
    );
    await killHard(first);
    const before = csms.log.of("TransactionEvent").map((c) => c.params as Payload);
    const id = before[0]!.transactionInfo.transactionId;

    // `reconnect` while connected waits for the queue: the departure's event is delivered before the run ends.
    const second = await cpsimInProcess(args);
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("CP-STATE-201 carries on from");
    const events = csms.log.of("TransactionEvent").map((c) => c.params as Payload);
    // One transaction from Started to Ended, numbered without a gap or a repeat across the kill.
    expect(events.map((e) => e.seqNo)).toEqual(events.map((_, i) => i));
    expect(new Set(events.map((e) => e.transactionInfo.transactionId))).toEqual(new Set([id]));
    expect(events.filter((e) => e.eventType === "Started")).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ eventType: "Ended", transactionInfo: { stoppedReason: "Local" } });
    expect(events.length).toBeGreaterThan(before.length + 1);
    expect(csms.log.of("BootNotification").map((c) => c.params.reason)).toEqual(["PowerUp", "PowerUp"]);
    expect(csms.strictFailures).toEqual([]);
  });

  it("what was queued offline goes out after the restart in order, numbered from 0, with offline: true", {
    timeout: 60_000,
  }, async () => {
    const file = join(dir, "CP-QUEUE-201.json");
    const first = startCpsim(args201("offline-201.yaml", offlineScenario("CP-QUEUE-201")));
    // The state file names queued events with 1.6's action names, whatever the version.
    const before = await waitForState(file, (s) => s.queue.at(-1)?.action === "StopTransaction", first);
    await killHard(first);
    expect(csms.log.of("TransactionEvent")).toEqual([]);

    // `reconnect` while connected waits for the queue: the departure's event is delivered before the run ends.
    const second = await cpsimInProcess(args201("boot-201.yaml", bootOnlyScenario("CP-QUEUE-201")));
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    const events = csms.log.of("TransactionEvent").map((c) => c.params as Payload);
    expect(events.length).toBeGreaterThanOrEqual(before.queue.length);
    expect(events.map((e) => e.seqNo)).toEqual(events.map((_, i) => i));
    expect(events.every((e) => e.offline === true)).toBe(true);
    expect(new Set(events.map((e) => e.transactionInfo.transactionId)).size).toBe(1);
    expect(events[0]!.eventType).toBe("Started");
    expect(events.at(-1)!.eventType).toBe("Ended");
    // BootNotification first: the station registers before it sends anything else.
    expect(csms.log.actions.indexOf("TransactionEvent")).toBeGreaterThan(
      csms.log.actions.lastIndexOf("BootNotification"),
    );
    expect(csms.strictFailures).toEqual([]);
  });

  it("a transaction the EV's arrival opened (TxStartPoint EVConnected) is ended by its departure after the restart", {
    timeout: 60_000,
  }, async () => {
    const file = join(dir, "CP-HELD-201.json");
    const first = startCpsim(args201("held-201.yaml", heldScenario(["plugIn", "wait: 1h"])));
    // Killed once the Started is delivered and the state file holds the open transaction.
    await waitForState(file, (s) => s.queue.length === 0 && (s.held?.arrived.length ?? 0) === 1, first);
    await killHard(first);
    const before = csms.log.of("TransactionEvent").map((c) => c.params as Payload);
    expect(before).toMatchObject([{ eventType: "Started", triggerReason: "CablePluggedIn", seqNo: 0 }]);

    // `reconnect` while connected waits for the queue: the departure's event is delivered before the run ends.
    const second = await cpsimInProcess(args201("leave-201.yaml", heldScenario(["unplug", "reconnect"])));
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    const events = csms.log.of("TransactionEvent").map((c) => c.params as Payload);
    expect(events.at(-1)).toMatchObject({
      eventType: "Ended",
      seqNo: 1,
      triggerReason: "EVCommunicationLost",
      transactionInfo: { transactionId: before[0]!.transactionInfo.transactionId },
    });
    expect(events.filter((e) => e.eventType === "Started")).toHaveLength(1);
    expect(csms.strictFailures).toEqual([]);
  });

  it("an EV that left while offline ends its transaction after the restart: the queued departure keeps its trigger", {
    timeout: 60_000,
  }, async () => {
    const file = join(dir, "CP-HELD-201.json");
    const steps = ["plugIn", "disconnect", "unplug", "wait: 1h"];
    const first = startCpsim(args201("left-201.yaml", heldScenario(steps)));
    // The departure's own trigger: the arrival's event is queued too (written ahead of sending it).
    await waitForState(
      file,
      (s) => s.queue.some((m) => m.action === "MeterValues" && m.trigger === "EVCommunicationLost"),
      first,
    );
    await killHard(first);

    const events = await restartExpectingArrivalAndDeparture([]);
    expect(events.at(-1)).toMatchObject({
      offline: true,
      transactionInfo: { stoppedReason: "EVDisconnected" },
    });
    expect(csms.strictFailures).toEqual([]);
  });

  it("an event sent but never answered before the kill goes again as it was built: its seqNo and type do not move on", {
    timeout: 60_000,
  }, async () => {
    const file = join(dir, "CP-HELD-201.json");
    csms.unanswered.add("TransactionEvent");
    // The arrival's Started times out; its retry waits an hour, so the kill finds it built and queued.
    const first = startCpsim([
      ...args201(
        "unanswered-201.yaml",
        heldScenario(["plugIn", "wait: 1h"], "TransactionMessageRetryInterval: 3600"),
      ),
      "--call-timeout",
      "300ms",
    ]);
    await waitForState(file, (s) => s.queue[0]?.attempts === 1, first);
    await killHard(first);
    csms.unanswered.clear();

    const events = await restartExpectingArrivalAndDeparture(["unplug", "reconnect"]);
    expect(new Set(events.map((e) => e.transactionInfo.transactionId)).size).toBe(1);
    expect(csms.strictFailures).toEqual([]);
  });
});

describe("--state-dir and a token accepted before the cable on 2.0.1", () => {
  it("the transaction the token opened at the station goes on at the EVSE the cable goes into after a SIGKILL", {
    timeout: 60_000,
  }, async () => {
    const file = join(dir, "CP-TOKEN-201.json");
    const first = startCpsim(
      args201("token-201.yaml", tokenFirstScenario(["authorize: { idTag: TAG-1 }", "wait: 1h"])),
    );
    await waitForState(file, (s) => s.queue.length === 0 && (s.held?.arrived.length ?? 0) === 1, first);
    await killHard(first);
    const steps = [
      "plugIn: { connector: 2 }",
      "startTransaction: { connector: 2, idTag: TAG-1 }",
      "stopTransaction: { connector: 2 }",
    ];
    const second = await cpsimInProcess(args201("cable-201.yaml", tokenFirstScenario(steps)));
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    const events = csms.log.of("TransactionEvent").map((c) => c.params as Payload);
    expect(events.map((e) => `${e.seqNo} ${e.eventType} ${e.triggerReason} ${e.evse?.id}`)).toEqual([
      "0 Started Authorized undefined",
      "1 Updated CablePluggedIn 2",
      "2 Updated ChargingStateChanged undefined",
      "3 Ended StopAuthorized undefined",
    ]);
    expect(new Set(events.map((e) => e.transactionInfo.transactionId)).size).toBe(1);
    expect(csms.strictFailures).toEqual([]);
  });
});

describe("--state-dir and EVConnectionTimeOut on 2.0.1", () => {
  it("a token still waiting for its cable when killed ends by EVConnectTimeout after the restart", {
    timeout: 60_000,
  }, async () => {
    const file = join(dir, "CP-TOKEN-201.json");
    const waiting = ["authorize: { idTag: TAG-1 }", "wait: 1h"];
    const first = startCpsim(args201("token-wait-201.yaml", tokenFirstScenario(waiting, 5)));
    await waitForState(file, (s) => s.queue.length === 0 && (s.held?.arrived.length ?? 0) === 1, first);
    await killHard(first);
    const ended = ["waitForMessage: { action: TransactionEvent, expect: { eventType: Ended } }"];
    const second = await cpsimInProcess(args201("timeout-201.yaml", tokenFirstScenario(ended, 5)));
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    const events = csms.log.of("TransactionEvent").map((c) => c.params as Payload);
    expect(events.map((e) => `${e.seqNo} ${e.eventType} ${e.triggerReason}`)).toEqual([
      "0 Started Authorized",
      "1 Ended EVConnectTimeout",
    ]);
    expect(events[1]).toMatchObject({ transactionInfo: { stoppedReason: "Timeout" } });
  });
});

/** A 2.0.1 station of two EVSEs whose transactions start at the authorization, then `steps`. */
const tokenFirstScenario = (steps: string[], timeoutSec = 36000) => `version: 1
name: The token before the cable
chargePoint:
  id: CP-TOKEN-201
  connectors: 2
  config: { TxStartPoint: Authorized, ConnectionTimeOut: ${timeoutSec} }
steps:
  - boot
${steps.map((s) => `  - ${s}`).join("\n")}
`;

/** A 2.0.1 station whose transactions start at plug-in and end when the EV leaves, then `steps`. */
/**
 * Runs CP-HELD-201 again with `steps` after the kill; the CSMS then holds one transaction, opened
 * by the EV's arrival and ended by its departure. Returns its TransactionEvents.
 */
async function restartExpectingArrivalAndDeparture(steps: string[]): Promise<Payload[]> {
  const second = await cpsimInProcess(args201("boot-201.yaml", heldScenario(steps)));
  expect(second.stderr).toBe("");
  expect(second.code).toBe(0);
  const events = csms.log.of("TransactionEvent").map((c) => c.params as Payload);
  expect(events.map((e) => [e.eventType, e.triggerReason, e.seqNo])).toEqual([
    ["Started", "CablePluggedIn", 0],
    ["Ended", "EVCommunicationLost", 1],
  ]);
  return events;
}

const heldScenario = (steps: string[], config = "") => `version: 1
name: A transaction outside the session
chargePoint:
  id: CP-HELD-201
  config: { TxStartPoint: EVConnected, TxStopPoint: EVConnected${config && `, ${config}`} }
steps:
  - boot
${steps.map((s) => `  - ${s}`).join("\n")}
`;
