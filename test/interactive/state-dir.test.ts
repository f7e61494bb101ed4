// cpsim interactive with --state-dir: a session killed with a transaction running, started again
// on the same folder, stops that transaction under the id the central system gave it.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
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
    const calls = cs.messages.filter((m) => m.dir === "in" && m.kind === "call").map((m) => m.action);
    expect(calls.filter((a) => a === "StartTransaction")).toHaveLength(1);
    expect(calls.filter((a) => a === "StopTransaction")).toHaveLength(1);
  }, 60_000);
});
