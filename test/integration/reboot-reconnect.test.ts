// A reboot (Reset, a firmware install) while the central system cannot be reached: the charge
// point keeps trying on the back-off of a drop, and boots once the central system is back. A real
// embedded central system behind a TCP proxy that stops listening at the moment of the reboot.
import { afterEach, describe, expect, it } from "vitest";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import type { ChargePointEvent } from "../../src/chargepoint/events.ts";
import { CentralSystem, type RecordedMessage } from "../../src/csms/server.ts";
import { dialerFor, type OcppVersion } from "../../src/ocpp/dial.ts";
import { SimClock } from "../../src/util/clock.ts";
import { type DropProxy, startDropProxy } from "./drop-proxy.ts";
import { HEARTBEAT_INTERVAL, HOST, Inbox } from "./helpers.ts";
import { FAST_RECONNECT } from "./reconnect-drops.ts";

const ID = "CP-REBOOT";

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

interface Setup {
  version: OcppVersion;
  soap?: boolean;
  /** Stops the proxy listening when this event or central-system message says the reboot is next. */
  rebootsAfter: (e: ChargePointEvent | RecordedMessage) => boolean;
}

async function setup(o: Setup) {
  let proxy!: DropProxy;
  let down = false;
  const goDown = (e: ChargePointEvent | RecordedMessage) => {
    if (down || !o.rebootsAfter(e)) return;
    down = true;
    // OCPP-J: the answer to the Reset still goes out over the open connection. SOAP: the Reset
    // came in on the charge point's own endpoint, so cutting the proxy's kept-alive sockets loses
    // nothing, and makes the boot's POST need a new connection.
    if (o.soap) void proxy.outage();
    else proxy.refuseNew();
  };
  const cs = await CentralSystem.start({ heartbeatIntervalSec: HEARTBEAT_INTERVAL, trace: goDown });
  cleanup.push(() => cs.close());
  proxy = await startDropProxy(cs.port);
  cleanup.push(() => proxy.close());
  const events = new Inbox<ChargePointEvent>();
  const all: ChargePointEvent[] = [];
  const cp = new ChargePoint({
    id: ID,
    clock: new SimClock(100),
    config: FAST_RECONNECT,
    firmware: { downloadTimeMs: 10, installTimeMs: 10, version: "cpsim-9.9" },
    dial: dialerFor({
      url: o.soap ? `http://${HOST}:${proxy.port}/ocpp1.6` : `ws://${HOST}:${proxy.port}`,
      version: o.version,
      ...(o.soap && { callback: { host: HOST, port: 0 } }),
    }),
    events: (e) => {
      all.push(e);
      events.push(e);
      goDown(e);
    },
  });
  cleanup.push(async () => {
    cp.shutdown();
    await cp.disconnect();
  });
  await cp.connect();
  await cp.boot();
  const boots = () => cs.messages.filter((m) => m.action === "BootNotification" && m.kind === "call");
  /** Waits for two failed attempts (the wait doubled in between), opens the proxy, waits for the boot. */
  const comesBack = async () => {
    const failed: Extract<ChargePointEvent, { type: "reconnecting" }>[] = [];
    while (failed.length < 2) {
      const e = await events.next();
      if (e.type === "reconnecting") failed.push(e);
    }
    expect(failed.map((e) => e.attempt)).toEqual([1, 2]);
    // OCPP-J: the refused connection is the error. SOAP opens nothing to be refused: the boot's POST
    // fails, which is a drop, and its attempts tell no error of their own.
    if (!o.soap) expect(failed[1]!.error).toMatch(/ECONNREFUSED|refused/);
    // RetryBackOffWaitMinimum 1 s, RandomRange 1 s: the second wait is at least twice the first's minimum.
    expect(failed[1]!.delayMs).toBeGreaterThanOrEqual(2000);
    await proxy.restore();
    for (;;) {
      const e = await events.next();
      if (e.type === "reconnected") return e;
    }
  };
  const problems = () => all.flatMap((e) => (e.type === "problem" ? [e.message] : []));
  return { cs, cp, boots, comesBack, problems, all };
}

const reset = (e: ChargePointEvent | RecordedMessage) => "type" in e && e.type === "reset";

describe("a reboot while the central system is down", () => {
  for (const [name, version, soap, payload] of [
    ["OCPP-J 1.6", "1.6", false, { type: "Hard" }],
    ["SOAP 1.6", "1.6", true, { type: "Soft" }],
    ["OCPP-J 2.0.1", "2.0.1", false, { type: "Immediate" }],
  ] as const) {
    it(`${name}: Reset, the central system refuses connections; the charge point backs off, reconnects and boots`, async () => {
      const t = await setup({ version, soap, rebootsAfter: reset });
      expect(await t.cs.call(ID, "Reset", payload)).toMatchObject({ status: "Accepted" });
      const back = await t.comesBack();
      expect(back.attempts).toBeGreaterThanOrEqual(2);
      expect(t.boots()).toHaveLength(2);
      expect(t.cp.registration).toBe("Accepted");
      expect(t.cp.connected).toBe(true);
      await t.cp.heartbeat();
      expect(t.problems()).toEqual([]);
      expect(t.cs.problems).toEqual([]);
    });
  }

  it("OCPP-J 1.6: a firmware install's reboot also waits for the central system, then boots with the new version", async () => {
    const installed = (e: ChargePointEvent | RecordedMessage) =>
      "dir" in e &&
      e.dir === "in" &&
      e.kind === "call" &&
      e.action === "FirmwareStatusNotification" &&
      (e.payload as { status?: string }).status === "Installed";
    const t = await setup({ version: "1.6", rebootsAfter: installed });
    await t.cs.call(ID, "UpdateFirmware", {
      location: "https://firmware.example.com/cpsim-9.9.bin",
      retrieveDate: "2020-01-01T00:00:00.000Z",
    });
    await t.comesBack();
    expect(t.boots()).toHaveLength(2);
    expect(t.boots()[1]!.payload).toMatchObject({ firmwareVersion: "cpsim-9.9" });
    // The connectors held for the installation are reported free after the boot.
    const boot = t.cs.messages.indexOf(t.boots()[1]!);
    await t.cs.waitFor(
      (m) =>
        m.action === "StatusNotification" &&
        m.kind === "call" &&
        (m.payload as { connectorId?: number; status?: string }).connectorId === 1 &&
        (m.payload as { status?: string }).status === "Available" &&
        t.cs.messages.indexOf(m) > boot,
    );
    expect(t.problems()).toEqual([]);
  });
});
