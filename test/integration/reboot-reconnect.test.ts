// A reboot (Reset, a firmware install) while the central system cannot be reached: the charge
// point keeps trying on the back-off of a drop, and boots once the central system is back. Real
// central systems (the embedded one, ocpp-rpc in strict mode) behind a TCP proxy that stops
// listening at the moment of the reboot and listens again once two attempts have failed.
import { afterEach, describe, expect, it } from "vitest";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import type { ChargePointEvent } from "../../src/chargepoint/events.ts";
import { CentralSystem, type RecordedMessage } from "../../src/csms/server.ts";
import { dialerFor, type OcppVersion } from "../../src/ocpp/dial.ts";
import { SimClock } from "../../src/util/clock.ts";
import { type DropProxy, startDropProxy } from "./drop-proxy.ts";
import { HEARTBEAT_INTERVAL, HOST, Inbox, startOcppRpcCsms, unusedPort } from "./helpers.ts";
import { startOcppRpcCsms201 } from "./ocpp-rpc-201.ts";
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
  /** The central system's port; the charge point reaches it through the proxy. */
  port: number;
  /** Stops the proxy listening when this event says the reboot comes next (else call goDown). */
  rebootsAfter?: (e: ChargePointEvent) => boolean;
}

/** A booted charge point behind the proxy, and what shows it coming back after its reboot. */
async function setup(o: Setup) {
  const proxy: DropProxy = await startDropProxy(o.port);
  cleanup.push(() => proxy.close());
  let down = false;
  const goDown = () => {
    if (down) return;
    down = true;
    // OCPP-J: the answer to the Reset still goes out over the open connection. SOAP: the Reset
    // came in on the charge point's own endpoint, so cutting the proxy's kept-alive sockets
    // loses nothing, and makes the boot's POST need a new connection.
    if (o.soap) void proxy.outage();
    else proxy.refuseNew();
  };
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
      if (o.rebootsAfter?.(e)) goDown();
    },
  });
  cleanup.push(async () => {
    cp.shutdown();
    await cp.disconnect();
  });
  await cp.connect();
  await cp.boot();
  /** Waits for two failed attempts (the wait doubled in between), opens the proxy, waits until back. */
  const comesBack = async () => {
    const failed: Extract<ChargePointEvent, { type: "reconnecting" }>[] = [];
    while (failed.length < 2) {
      const e = await events.next();
      if (e.type === "reconnecting") failed.push(e);
    }
    expect(failed.map((e) => e.attempt)).toEqual([1, 2]);
    // OCPP-J: the refused connection is the error. SOAP opens nothing to be refused: the boot's
    // POST fails, which is a drop, and its attempts tell no error of their own.
    if (!o.soap) expect(failed[1]!.error).toMatch(/ECONNREFUSED|refused/);
    // RetryBackOffWaitMinimum 1 s, RandomRange 1 s: the second wait is at least twice the first's minimum.
    expect(failed[1]!.delayMs).toBeGreaterThanOrEqual(2000);
    await proxy.restore();
    for (;;) {
      const e = await events.next();
      if (e.type === "reconnected") {
        expect(e.attempts).toBeGreaterThanOrEqual(2);
        expect(cp.registration).toBe("Accepted");
        expect(cp.connected).toBe(true);
        return;
      }
    }
  };
  const problems = () => all.flatMap((e) => (e.type === "problem" ? [e.message] : []));
  /** The next reconnection attempt announced (after a failed one, or the reboot's refused connection). */
  const nextAttempt = async () => {
    for (;;) {
      const e = await events.next();
      if (e.type === "reconnecting") return e;
    }
  };
  return { cp, proxy, comesBack, nextAttempt, problems, goDown };
}

const reset = (e: ChargePointEvent) => e.type === "reset";

async function embedded(trace?: (m: RecordedMessage) => void) {
  const cs = await CentralSystem.start({ heartbeatIntervalSec: HEARTBEAT_INTERVAL, trace });
  cleanup.push(() => cs.close());
  const boots = () => cs.messages.filter((m) => m.action === "BootNotification" && m.kind === "call");
  return { cs, boots };
}

describe("a reboot while the central system is down, embedded central system", () => {
  for (const [name, version, soap, payload] of [
    ["OCPP-J 1.6", "1.6", false, { type: "Hard" }],
    ["SOAP 1.6", "1.6", true, { type: "Soft" }],
    ["OCPP-J 2.0.1", "2.0.1", false, { type: "Immediate" }],
  ] as const) {
    it(`${name}: Reset, connections refused; the charge point backs off, reconnects and boots`, async () => {
      const { cs, boots } = await embedded();
      const t = await setup({ version, soap, port: cs.port, rebootsAfter: reset });
      expect(await cs.call(ID, "Reset", payload)).toMatchObject({ status: "Accepted" });
      await t.comesBack();
      expect(boots()).toHaveLength(2);
      await t.cp.heartbeat();
      expect(t.problems()).toEqual([]);
      expect(cs.problems).toEqual([]);
    });
  }

  it("OCPP-J 1.6: a firmware install's reboot also waits for the central system, then boots with the new version", async () => {
    // The central system has FirmwareStatusNotification Installed: the reboot comes next.
    let installed = () => {};
    const { cs, boots } = await embedded((m) => {
      const status = (m.payload as { status?: string } | undefined)?.status;
      if (m.dir === "in" && m.action === "FirmwareStatusNotification" && status === "Installed") installed();
    });
    const t = await setup({ version: "1.6", port: cs.port });
    installed = t.goDown;
    await cs.call(ID, "UpdateFirmware", {
      location: "https://firmware.example.com/cpsim-9.9.bin",
      retrieveDate: "2020-01-01T00:00:00.000Z",
    });
    await t.comesBack();
    expect(boots()).toHaveLength(2);
    expect(boots()[1]!.payload).toMatchObject({ firmwareVersion: "cpsim-9.9" });
    // The connectors held for the installation are reported free after the boot.
    const boot = cs.messages.indexOf(boots()[1]!);
    await cs.waitFor(
      (m) =>
        m.action === "StatusNotification" &&
        m.kind === "call" &&
        (m.payload as { connectorId?: number }).connectorId === 1 &&
        (m.payload as { status?: string }).status === "Available" &&
        cs.messages.indexOf(m) > boot,
    );
    expect(t.problems()).toEqual([]);
  });
});

describe("a reboot while the central system is down, ocpp-rpc in strict mode", () => {
  for (const [version, start, payload] of [
    ["1.6", startOcppRpcCsms, { type: "Hard" }],
    ["2.0.1", startOcppRpcCsms201, { type: "Immediate" }],
  ] as const) {
    it(`OCPP-J ${version}: Reset, connections refused; the charge point backs off, reconnects and boots`, async () => {
      const csms = await start();
      cleanup.push(() => csms.close());
      const port = Number(new URL(csms.url).port);
      const t = await setup({ version, port, rebootsAfter: reset });
      const first = await csms.nextClient();
      expect(await first.call("Reset", payload)).toMatchObject({ status: "Accepted" });
      await t.comesBack();
      expect(csms.log.of("BootNotification")).toHaveLength(2);
      const second = await csms.nextClient();
      expect(second.identity).toBe(ID);
      await t.cp.heartbeat();
      expect(csms.strictFailures).toEqual([]);
      expect(csms.badMessages).toEqual([]);
      expect(t.problems()).toEqual([]);
    });
  }
});

describe("bootAfterReboot, the reboot's reconnection", () => {
  /** A booted charge point whose central system went away, rebooting: the first attempt is announced. */
  async function rebooting() {
    const { cs, boots } = await embedded();
    const t = await setup({ version: "1.6", port: cs.port });
    t.goDown();
    await t.cp.disconnect();
    t.cp.registration = "Unknown";
    const rebooted = t.cp.bootAfterReboot();
    expect((await t.nextAttempt()).error).toMatch(/ECONNREFUSED|refused/);
    return { t, boots, rebooted };
  }

  it("ends without a boot or a problem when disconnect() comes during the back-off", async () => {
    const { t, boots, rebooted } = await rebooting();
    await t.cp.disconnect();
    expect(await rebooted).toBe(false);
    expect(boots()).toHaveLength(1);
    expect(t.cp.reconnecting).toBe(false);
    expect(t.problems()).toEqual([]);
  });

  it("still boots when a connect() by hand comes first during the back-off", async () => {
    const { t, boots, rebooted } = await rebooting();
    await t.proxy.restore();
    await t.cp.connect();
    expect(await rebooted).toBe(true);
    expect(boots()).toHaveLength(2);
    expect(t.cp.registration).toBe("Accepted");
    expect(t.problems()).toEqual([]);
  });

  it("fails as connect() does for a charge point that does not reconnect on its own", async () => {
    const cp = new ChargePoint({
      id: ID,
      reconnect: false,
      dial: dialerFor({ url: `ws://${HOST}:${await unusedPort()}`, version: "1.6" }),
    });
    await expect(cp.bootAfterReboot()).rejects.toThrow(/ECONNREFUSED|refused/);
    expect(cp.reconnecting).toBe(false);
  });
});
