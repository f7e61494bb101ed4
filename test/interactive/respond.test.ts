import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { parseScenario } from "../../src/scenario/load.ts";
import { cpsimInProcess } from "../cli/helpers.ts";
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

it("a recording names where it was recorded, and expects every answer", async () => {
  const record = join(configDir, "rec.yaml");
  pty = new Pty(["interactive", "--url", cs.url, "--id", "CP-REC", "--record", record], {
    CPSIM_CONFIG_DIR: configDir,
    CPSIM_PASSWORD: "s3cret-pw",
  });
  // Starting from the sources takes long on a loaded machine; the rest is quick.
  await pty.waitFor("connected.", 30_000);
  await pty.choose("Data transfer");
  await pty.waitFor("vendorId");
  pty.type(`${KEY.ctrlU}com.acme${KEY.enter}`);
  await pty.waitFor("messageId");
  pty.type(KEY.enter);
  await pty.waitFor("data");
  pty.type(KEY.enter);
  await pty.waitFor(/← DataTransfer UnknownVendorId/);
  await pty.choose("Quit");
  expect(await pty.exited).toBe(0);
  await pty.waitFor(`replay with: CPSIM_PASSWORD=… cpsim run ${record} --url ${cs.url}`);

  const text = readFileSync(record, "utf8");
  expect(text).not.toContain("s3cret-pw");
  const [first, second] = text.split("\n");
  expect(first).toBe(`# Replay with: cpsim run ${record} --url ${cs.url}`);
  expect(second).toBe(
    "# The central system wants a password: set CPSIM_PASSWORD first (it is never recorded).",
  );
  expect(parseScenario(text, record).steps.map((s) => s.args)).toEqual([
    { vendorId: "com.acme", expect: { status: "UnknownVendorId" } },
  ]);

  // The header's command, as it stands, replays against the same central system.
  const replay = await cpsimInProcess(first!.replace("# Replay with: cpsim ", "").split(" "), {
    CPSIM_PASSWORD: "s3cret-pw",
  });
  expect(replay.code).toBe(0);
  expect(cs.messages.filter((m) => m.action === "DataTransfer" && m.kind === "call")).toHaveLength(2);
}, 60_000);
