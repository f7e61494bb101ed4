// A password written into the URL (ws://CP:secret@host/…) must never be shown: not in a usage
// error, a connection error, a report or a remembered setting. It used to be printed in full when
// the URL was rejected, and only partly masked when it held an "@".
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { saveSettings, settingsPath } from "../../src/interactive/settings.ts";
import { redactUrl } from "../../src/util/redact-url.ts";
import { closedPort, cpsimInProcess, QUICK_SCENARIO, tempFile } from "../cli/helpers.ts";

describe("redactUrl", () => {
  it.each([
    ["ws://CP:s3cr3t@host:99999/ocpp", "ws://***@host:99999/ocpp"],
    ["ws://CP:p@ss@127.0.0.1:9000/ocpp", "ws://***@127.0.0.1:9000/ocpp"],
    ["wss://CP-1@csms.example.com/ocpp", "wss://***@csms.example.com/ocpp"],
    ["https://cp:pw@csms.example.com/ocpp?x=1", "https://***@csms.example.com/ocpp?x=1"],
    // Unparseable: a "/" or "#" in the password must not end the masking early.
    ["ws://CP:se/cr#et@host/ocpp", "ws://***@host/ocpp"],
    ["ws:CP:pw@host/ocpp", "ws:***@host/ocpp"],
    ["ws://127.0.0.1:9000", "ws://127.0.0.1:9000"],
    ["ws://host/ocpp/a@b?mail=x@y", "ws://host/ocpp/a@b?mail=x@y"],
  ])("%s is shown as %s", (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});

describe("the CLI never prints the URL's password", () => {
  const scenario = tempFile("quick.yaml", QUICK_SCENARIO);

  it("in the usage error for a rejected URL", async () => {
    const r = await cpsimInProcess(["run", scenario, "--url", "ws://CP:s3cr3t@host:99999/ocpp"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("ws://***@host:99999/ocpp is not a valid central system URL");
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/s3cr3t|CP:/);
  });

  it("in the connection error and the report, when the password holds an @", async () => {
    const port = await closedPort();
    const r = await cpsimInProcess(["run", scenario, "--url", `ws://CP:p@ss@127.0.0.1:${port}/ocpp`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`ws://***@127.0.0.1:${port}/ocpp`);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/p@ss|ss@|CP:/);
  });

  it("in the --transport conflict message", async () => {
    const r = await cpsimInProcess(["run", scenario, "--url", "ws://CP:s3cr3t@h/o", "--transport", "soap"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("does not go with ws://***@h/o");
    expect(r.stderr).not.toContain("s3cr3t");
  });
});

describe("cpsim interactive's remembered settings", () => {
  it("keep the URL without its userinfo", () => {
    const env = { CPSIM_CONFIG_DIR: mkdtempSync(join(tmpdir(), "cpsim-settings-")) };
    const url = "ws://CP:s3cr3t@csms.example.com/ocpp";
    expect(saveSettings(env, { url, ocpp: "1.6", id: "CP", connectors: 1 })).toBeUndefined();
    const kept = readFileSync(settingsPath(env), "utf8");
    expect(kept).not.toMatch(/s3cr3t|CP:/);
    expect(JSON.parse(kept).url).toBe("ws://csms.example.com/ocpp");
  });
});
