import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { closedPort, cpsimInProcess } from "../cli/helpers.ts";
import { waitForState } from "../cli/state-helpers.ts";
import { KEY, Pty } from "./pty.ts";

let cs: CentralSystem;
let pty: Pty | undefined;
let configDir: string;

beforeEach(async () => {
  cs = await CentralSystem.start();
  configDir = mkdtempSync(join(tmpdir(), "cpsim-cfg-"));
});
afterEach(async () => {
  pty?.kill();
  pty = undefined;
  await cs.close();
});

const callsFromCp = (central: CentralSystem) =>
  central.messages.filter((m) => m.dir === "in" && m.kind === "call").map((m) => m.action);

describe("cpsim interactive, driven through a pseudo-terminal", () => {
  it("runs a full session through the menus and records a scenario that replays to the same messages", async () => {
    const record = join(configDir, "session.yaml");
    pty = new Pty(["interactive", "--url", cs.url, "--id", "CP-PTY", "--record", record], {
      CPSIM_CONFIG_DIR: configDir,
    });
    await pty.waitFor("connected.");
    await pty.choose("Boot");
    await pty.waitFor(/← BootNotification Accepted, interval 300s/);
    await pty.waitFor(/→ StatusNotification connector 1 Available/);

    await pty.choose("Authorize");
    await pty.waitFor("idTag");
    pty.type(`${KEY.ctrlU}CARD-42${KEY.enter}`);
    await pty.waitFor(/\d\d:\d\d:\d\d\.\d{3} ← Authorize Accepted/);

    await pty.choose("Start");
    await pty.waitFor("idTag");
    pty.type(KEY.enter); // the idTag typed before is the default now
    await pty.waitFor(/← StartTransaction transactionId \d+, Accepted/);
    await pty.waitFor("connector 1: Preparing → Charging");

    await pty.choose("Send meter");
    await pty.waitFor(/→ MeterValues connector 1, tx \d+: energy \d+ Wh/);

    await pty.choose("Stop");
    await pty.waitFor("Reason");
    pty.type(KEY.enter);
    await pty.waitFor(/→ StopTransaction transactionId \d+, meterStop \d+ Wh, Local/);

    await pty.choose("Unplug");
    await pty.waitFor(/→ StatusNotification connector 1 Available/);
    await pty.choose("Quit");
    expect(await pty.exited).toBe(0);
    expect(pty.text).toContain(`recorded 6 steps to ${record}`);

    const live = callsFromCp(cs);
    expect(live).toEqual([
      "BootNotification",
      "StatusNotification",
      "StatusNotification",
      "Authorize",
      "StatusNotification",
      "StartTransaction",
      "StatusNotification",
      "MeterValues",
      "StopTransaction",
      "StatusNotification",
      "StatusNotification",
    ]);
    const auth = cs.messages.find((m) => m.action === "Authorize" && m.kind === "call")!;
    expect(auth.payload).toEqual({ idTag: "CARD-42" });

    const replayTarget = await CentralSystem.start();
    try {
      const replay = await cpsimInProcess(["run", record, "--url", replayTarget.url, "--time-scale", "20"]);
      expect(replay.code).toBe(0);
      expect(callsFromCp(replayTarget)).toEqual(live);
    } finally {
      await replayTarget.close();
    }
    expect(readFileSync(record, "utf8")).toContain("idTag: CARD-42");
  }, 60_000);

  it("speaks OCPP 1.5 over SOAP to an http:// URL, menus and log alike", async () => {
    pty = new Pty(["interactive", "--url", cs.soapUrl("1.5"), "--id", "CP-SOAP15", "--ocpp", "1.5"], {
      CPSIM_CONFIG_DIR: configDir,
    });
    await pty.waitFor("(OCPP 1.5-S)");
    await pty.choose("Boot");
    await pty.waitFor(/← BootNotification Accepted, interval \d+s/);
    await pty.choose("Start");
    await pty.waitFor("idTag");
    pty.type(KEY.enter);
    await pty.waitFor(/← StartTransaction transactionId \d+, Accepted/);
    // The central system calls back the charge point's own SOAP endpoint.
    const started = cs.messages.find(
      (m) => m.cp === "CP-SOAP15" && m.action === "StartTransaction" && m.dir === "out",
    );
    const { transactionId } = started!.payload as { transactionId: number };
    expect(await cs.call("CP-SOAP15", "RemoteStopTransaction", { transactionId })).toEqual({
      status: "Accepted",
    });
    // The menu is drawn again after the last change the stop brings; keys typed before are lost.
    await pty.waitFor(/Charging → Finishing/);
    await pty.choose("Quit");
    expect(await pty.exited).toBe(0);
    const boot = cs.messages.find(
      (m) => m.cp === "CP-SOAP15" && m.action === "BootNotification" && m.dir === "out",
    );
    expect(boot?.payload).toMatchObject({ status: "Accepted", heartbeatInterval: expect.any(Number) });
  }, 30_000);

  it("Ctrl-C asks, then stops the running transaction before leaving", async () => {
    pty = new Pty(["interactive", "--url", cs.url, "--id", "CP-CTRLC"], { CPSIM_CONFIG_DIR: configDir });
    await pty.choose("Boot");
    await pty.waitFor(/← BootNotification Accepted/);
    await pty.choose("Start");
    await pty.waitFor("idTag");
    pty.type(KEY.enter);
    await pty.waitFor(/← StartTransaction transactionId \d+, Accepted/);
    await pty.waitFor("What next?");
    pty.type(KEY.ctrlC);
    await pty.waitFor("Stop the running transaction and quit?");
    pty.type(KEY.enter);
    // Left with Ctrl-C: 130, as from cpsim run, though the transaction was closed cleanly.
    expect(await pty.exited).toBe(130);
    const stop = cs.messages.find((m) => m.action === "StopTransaction" && m.kind === "call");
    expect(stop?.payload).toMatchObject({ reason: "Local" });
  }, 30_000);

  it("Ctrl-C in the middle of a question leads to the same clean exit", async () => {
    pty = new Pty(["interactive", "--url", cs.url, "--id", "CP-CTRLC2"], { CPSIM_CONFIG_DIR: configDir });
    await pty.choose("Start");
    await pty.waitFor("idTag");
    pty.type(KEY.enter);
    await pty.waitFor(/← StartTransaction transactionId \d+, Accepted/);
    await pty.choose("Authorize");
    await pty.waitFor("idTag");
    pty.type(KEY.ctrlC);
    await pty.waitFor("Stop the running transaction and quit?");
    pty.type(`n${KEY.enter}`);
    // "No" keeps the session going with the transaction running.
    await pty.choose("Quit");
    await pty.waitFor("Stop the running transaction and quit?");
    pty.type(KEY.enter);
    expect(await pty.exited).toBe(0);
    expect(callsFromCp(cs).slice(-2)).toEqual(["StopTransaction", "StatusNotification"]);
  }, 30_000);

  it("asks for missing settings, says what is wrong inline, and offers them again next time", async () => {
    const port = await closedPort();
    pty = new Pty(["interactive"], { CPSIM_CONFIG_DIR: configDir });
    await pty.waitFor("Central system URL");
    pty.type(`htp://typo${KEY.enter}`);
    await pty.waitFor("enter a ws(s):// URL (OCPP-J) or an http(s):// URL (SOAP), or leave it empty");
    pty.type(`${KEY.ctrlU}ws://127.0.0.1:${port}${KEY.enter}`);
    await pty.waitFor("OCPP version");
    pty.type(KEY.enter);
    await pty.waitFor("Charge point id");
    pty.type(`${KEY.ctrlU}CP-SETUP${KEY.enter}`);
    await pty.waitFor("Number of connectors");
    pty.type(KEY.enter);
    await pty.waitFor(
      `✘ Could not connect to ws://127.0.0.1:${port}/CP-SETUP: connection refused, nothing is listening there.`,
    );
    await pty.waitFor("Central system URL");
    pty.type(`${KEY.ctrlU}${cs.url}${KEY.enter}`);
    await pty.waitFor("connected.");
    await pty.choose("Quit");
    expect(await pty.exited).toBe(0);
    expect(cs.connected).toEqual([]);
    expect(JSON.parse(readFileSync(join(configDir, "interactive.json"), "utf8"))).toEqual({
      url: cs.url,
      ocpp: "1.6",
      transport: "json",
      id: "CP-SETUP",
      connectors: 1,
    });

    // Next time it is one keypress.
    pty = new Pty(["interactive"], { CPSIM_CONFIG_DIR: configDir });
    await pty.waitFor(`Connect CP-SETUP (1 connector) to ${cs.url} with OCPP 1.6?`);
    pty.type(KEY.enter);
    await pty.waitFor("connected.");
    await pty.choose("Quit");
    expect(await pty.exited).toBe(0);
  }, 30_000);

  it("checks a raw payload against the schema before sending, and lets calls be answered by hand", async () => {
    pty = new Pty(["interactive", "--url", cs.url, "--id", "CP-RAW"], { CPSIM_CONFIG_DIR: configDir });
    await pty.choose("Send any");
    await pty.waitFor("Action");
    pty.type(`${KEY.ctrlU}DataTransfer${KEY.enter}`);
    await pty.waitFor("payload (JSON)");
    pty.type(`${KEY.ctrlU}{"vendorId": 7${KEY.enter}`);
    await pty.waitFor("not valid JSON");
    pty.type(`${KEY.ctrlU}{"vendorId": 7}${KEY.enter}`);
    await pty.waitFor("DataTransfer request: /vendorId must be string (got 7)");
    pty.type(`${KEY.ctrlU}{"vendorId": "com.acme"}${KEY.enter}`);
    await pty.waitFor(/← DataTransfer UnknownVendorId/);

    await pty.choose("Answer central system calls by hand");
    await pty.waitFor("answered by hand");
    const answer = cs.call("CP-RAW", "Reset", { type: "Soft" });
    await pty.waitFor("The central system calls Reset. Answer how?");
    pty.type("Write");
    await pty.waitFor("❯ Write");
    pty.type(KEY.enter);
    await pty.waitFor("Reset answer (JSON)");
    pty.type(`${KEY.ctrlU}{"status":"Rejected"}${KEY.enter}`);
    expect(await answer).toEqual({ status: "Rejected" });
    await pty.choose("Quit");
    expect(await pty.exited).toBe(0);
  }, 30_000);
});

describe("cpsim interactive --state-dir", () => {
  it("carries a transaction across a kill: the next session reports it Charging and stops it", async () => {
    const dir = join(configDir, "state");
    const args = ["interactive", "--url", cs.url, "--id", "CP-PTY-STATE", "--state-dir", dir];
    pty = new Pty(args, { CPSIM_CONFIG_DIR: configDir });
    await pty.waitFor("connected.");
    await pty.choose("Boot");
    await pty.waitFor(/← BootNotification Accepted/);
    await pty.choose("Start");
    await pty.waitFor("idTag");
    pty.type(KEY.enter);
    const started = await pty.waitFor(/← StartTransaction transactionId (\d+), Accepted/);
    const transactionId = Number(/transactionId (\d+)/.exec(started)![1]);
    await waitForState(
      join(dir, "CP-PTY-STATE.json"),
      (s) => s.queue.length === 0 && s.transactions[0]?.id === transactionId,
    );
    // SIGKILL cpsim itself (the pid in the lock), not only the terminal around it, and wait
    // until it is gone: a process that outlives its terminal for a moment still holds the lock.
    const pid = Number(readFileSync(join(dir, "cpsim.lock"), "utf8").trim());
    process.kill(pid, "SIGKILL");
    await vi.waitFor(() => expect(() => process.kill(pid, 0)).toThrow(), { timeout: 10_000, interval: 20 });
    pty.kill();
    await pty.exited;

    pty = new Pty(args, { CPSIM_CONFIG_DIR: configDir });
    await pty.waitFor("connected.");
    await pty.choose("Boot");
    await pty.waitFor(/→ StatusNotification connector 1 Charging/);
    await pty.choose("Stop");
    await pty.waitFor("Reason");
    pty.type(KEY.enter);
    await pty.waitFor(
      new RegExp(`→ StopTransaction transactionId ${transactionId}, meterStop \\d+ Wh, Local`),
    );
    await pty.choose("Quit");
    expect(await pty.exited).toBe(0);
    const calls = callsFromCp(cs);
    expect(calls.filter((a) => a === "StartTransaction")).toHaveLength(1);
    expect(calls.filter((a) => a === "StopTransaction")).toHaveLength(1);
  }, 60_000);
});
