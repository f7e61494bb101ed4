import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { parseScenario } from "../../src/scenario/load.ts";
import { Pty } from "./pty.ts";

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

it("cpsim interactive --respond answers central-system calls instead of the charge point, and records it", async () => {
  const record = join(configDir, "session.yaml");
  pty = new Pty(
    [
      "interactive",
      "--url",
      cs.url,
      "--id",
      "CP-RESPOND",
      "--respond",
      "RemoteStartTransaction=Rejected",
      "--record",
      record,
    ],
    { CPSIM_CONFIG_DIR: configDir },
  );
  await pty.waitFor("connected.");
  await pty.choose("Boot");
  await pty.waitFor(/→ StatusNotification connector 1 Available/);
  expect(await cs.call("CP-RESPOND", "RemoteStartTransaction", { idTag: "TAG-1" })).toEqual({
    status: "Rejected",
  });
  // Other calls are still answered by the charge point.
  expect(await cs.call("CP-RESPOND", "GetConfiguration", { key: ["HeartbeatInterval"] })).toMatchObject({
    configurationKey: [{ key: "HeartbeatInterval" }],
  });
  await pty.choose("Quit");
  expect(await pty.exited).toBe(0);
  // The refused remote start is not carried out.
  expect(cs.messages.filter((m) => m.action === "StartTransaction")).toEqual([]);
  expect(parseScenario(readFileSync(record, "utf8"), record).respond).toEqual({
    RemoteStartTransaction: "Rejected",
  });
}, 30_000);
