// The queue of transaction messages (OCPP 1.6 §3.7) on the model alone: order across a lost
// connection, the transaction id that arrives late, retries after a CALLERROR, and its bounds.
import { describe, expect, it } from "vitest";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import type { ChargePointEvent } from "../../src/chargepoint/events.ts";
import { QUEUE_CAPACITY } from "../../src/chargepoint/offline-queue.ts";
import { OcppError } from "../../src/ocpp/errors.ts";
import { SimClock } from "../../src/util/clock.ts";
import type { StartRequest, StopRequest } from "./recording-link.ts";
import { RecordingLink } from "./recording-link.ts";

/** A link whose StopTransaction is answered with a CALLERROR the first `failures` times. */
class FlakyStops extends RecordingLink {
  constructor(private failures: number) {
    super();
  }
  override async stopTransaction(r: StopRequest) {
    if (this.failures-- > 0) {
      await super.send("StopTransaction", r);
      throw new OcppError(
        "InternalError",
        "StopTransaction was answered with CALLERROR InternalError",
        {},
        true,
      );
    }
    return super.stopTransaction(r);
  }
}

async function setup(link: RecordingLink = new RecordingLink(), config: Record<string, string> = {}) {
  const events: ChargePointEvent[] = [];
  const cp = new ChargePoint({
    id: "CP1",
    statusOnBoot: false,
    // At scale 1000 a retry interval of 1 s is 1 ms of real time.
    clock: new SimClock(1000),
    config: { MeterValueSampleInterval: "0", TransactionMessageRetryInterval: "1", ...config },
    dial: async () => link,
    events: (e) => events.push(e),
  });
  await cp.connect();
  await cp.boot();
  const problems = () => events.flatMap((e) => (e.type === "problem" ? [e.message] : []));
  return { cp, link, events, problems };
}

/** Each call as "Action" or "Action <transactionId>" for the messages that carry one. */
function sent(link: RecordingLink): string[] {
  return link.calls.map(({ action, req }) => {
    const id = (req as { transactionId?: unknown }).transactionId;
    return id === undefined ? action : `${action} ${id}`;
  });
}

describe("the offline queue", () => {
  it("keeps a transaction going offline and delivers its messages in order, with the id given on reconnect", async () => {
    const { cp, link } = await setup();
    await cp.startTransaction(1, "A");
    await cp.disconnect();
    await cp.sendMeterValues(1);
    expect(await cp.stopTransaction(1)).toEqual({ queued: true });
    expect(await cp.startTransaction(1, "B")).toEqual({ queued: true });
    expect(cp.connector(1)).toMatchObject({ status: "Charging", transaction: { idTag: "B", id: undefined } });
    await cp.sendMeterValues(1);
    const mark = link.calls.length;
    expect(await cp.connect()).toEqual({
      delivered: ["MeterValues", "StopTransaction", "StartTransaction", "MeterValues"],
      events: ["transactionUpdated", "transactionEnded", "transactionStarted", "transactionUpdated"],
      pending: 0,
    });
    // The first transaction had id 100; the one started offline gets 101 when its start is answered.
    expect(sent(link).slice(mark)).toEqual([
      "MeterValues 100",
      "StopTransaction 100",
      "StartTransaction",
      "MeterValues 101",
      "StatusNotification",
    ]);
    expect(cp.connector(1).transaction?.id).toBe(101);
    expect((link.calls.at(-1)!.req as { status: string }).status).toBe("Charging");
  });

  it("stops a transaction started offline when its late StartTransaction answer refuses the idTag", async () => {
    const { cp, link, events } = await setup();
    await cp.disconnect();
    await cp.startTransaction(1, "GONE");
    link.authorizeStatus = "Invalid";
    const mark = link.calls.length;
    await cp.connect();
    expect(sent(link).slice(mark, mark + 2)).toEqual(["StartTransaction", "StopTransaction 100"]);
    expect((link.calls[mark + 1]!.req as StopRequest).reason).toBe("DeAuthorized");
    expect(cp.connector(1).transaction).toBeUndefined();
    expect(events).toContainEqual(
      expect.objectContaining({ type: "transactionStarted", transactionId: 100 }),
    );
  });

  it("retries a message answered with a CALLERROR, waiting longer each time (TransactionMessageAttempts)", async () => {
    const { cp, link, problems } = await setup(new FlakyStops(2), { TransactionMessageAttempts: "3" });
    await cp.startTransaction(1, "A");
    // The sender goes on at the first CALLERROR; the StopTransaction waits for its retries.
    expect(await cp.stopTransaction(1)).toEqual({ queued: true });
    await link.waitFor("StopTransaction", 3);
    await cp.transactionMessages.flush();
    expect(problems()).toEqual([
      "StopTransaction was answered with CALLERROR InternalError; StopTransaction is sent again in 1s",
      "StopTransaction was answered with CALLERROR InternalError; StopTransaction is sent again in 2s",
    ]);
    expect(cp.transactionMessages.size).toBe(0);
    cp.shutdown();
  });

  it("drops a message after the last attempt and goes on with the next", async () => {
    const { cp, link, problems } = await setup(new FlakyStops(2), { TransactionMessageAttempts: "2" });
    await cp.startTransaction(1, "A");
    await cp.stopTransaction(1);
    await cp.startTransaction(1, "B");
    await link.waitFor("StartTransaction", 2);
    expect(sent(link).filter((s) => /^St(art|op)Transaction/.test(s))).toEqual([
      "StartTransaction",
      "StopTransaction 100",
      "StopTransaction 100",
      "StartTransaction",
    ]);
    expect(problems().at(-1)).toBe(
      "StopTransaction was answered with CALLERROR InternalError; StopTransaction is dropped after 2 attempts",
    );
    cp.shutdown();
  });

  it("holds at most QUEUE_CAPACITY messages, dropping the oldest meter values first", async () => {
    const { cp } = await setup();
    await cp.disconnect();
    await cp.startTransaction(1, "A");
    for (let i = 0; i < QUEUE_CAPACITY + 5; i++) await cp.sendMeterValues(1);
    await cp.stopTransaction(1);
    expect(cp.transactionMessages.size).toBe(QUEUE_CAPACITY);
    const link = new RecordingLink();
    cp.attach(link);
    const { delivered } = await cp.transactionMessages.flush();
    expect([delivered[0], delivered.at(-1), delivered.length]).toEqual([
      "StartTransaction",
      "StopTransaction",
      QUEUE_CAPACITY,
    ]);
    expect((link.calls[0]!.req as StartRequest).idTag).toBe("A");
  });
});
