import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/cli/run.ts";
import { urlVersionNote } from "../../src/cli/run-checks.ts";
import { CentralSystem } from "../../src/csms/server.ts";
import { cpsim, cpsimInProcess, tempFile } from "./helpers.ts";

// What a new user trips over: each option says what it does, and a mistake is found before connecting.

const BOOT_ONLY = `version: 1
name: Boot only
steps:
  - boot
`;

let cs: CentralSystem;
beforeEach(async () => {
  cs = await CentralSystem.start();
});
afterEach(async () => {
  await cs.close();
});

describe("--time-scale and a scenario's timeScale", () => {
  const FAST = `${BOOT_ONLY}timeScale: 3600\n`;

  it("the option wins, and the console says so when it slows the scenario down", async () => {
    const file = tempFile("fast.yaml", FAST);
    const r = await cpsimInProcess(["run", file, "--url", cs.url, "--time-scale", "20"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `cpsim: note: --time-scale 20 overrides the timeScale 3600 of ${file}: it runs 180× slower than the file intends (leave out --time-scale to keep the file's).\n`,
    );
  });

  it("says nothing when the option is as fast or faster, or absent", async () => {
    const file = tempFile("fast.yaml", FAST);
    for (const extra of [[], ["--time-scale", "3600"], ["--time-scale", "7200"]]) {
      const r = await cpsimInProcess(["run", file, "--url", cs.url, ...extra]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
    }
  });
});

describe("cpsim list", () => {
  it("a folder that does not exist is a usage mistake, as an empty one is: exit 2 and one sentence", async () => {
    const missing = await cpsim(["list", "no-such-folder"]);
    expect(missing).toMatchObject({ code: 2, stdout: "", stderr: "cpsim: no-such-folder does not exist.\n" });
    const empty = mkdtempSync(join(tmpdir(), "cpsim-empty-"));
    const r = await cpsim(["list", empty]);
    expect(r).toMatchObject({ code: 2, stderr: `cpsim: ${empty} holds no .yaml scenario files.\n` });
  });

  it("names a broken file once, with the line of the mistake", async () => {
    const file = tempFile("broken.yaml", "version: 1\nname: Broken\nsteps:\n  - bogus\n");
    const r = await cpsimInProcess(["list", join(file, "..")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^✘ ${file}:4:5: steps\\[0\\]: unknown step "bogus"`));
    expect(r.stdout.split(file).length).toBe(2);
  });
});

describe("centralSystemCall with --url", () => {
  it("is refused before connecting, with the step's line and what to do instead", async () => {
    const file = tempFile(
      "csc.yaml",
      `${BOOT_ONLY}  - centralSystemCall: { action: Reset, payload: { type: Soft } }\n`,
    );
    const r = await cpsimInProcess(["run", file, "--url", cs.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `cpsim: ${file}:5:5: centralSystemCall needs the embedded central system, which --url replaces; let your central system send Reset and wait for it with expectCall, or run without --url.\n`,
    );
    expect(r.stdout).toBe("");
    expect(cs.messages).toEqual([]);
  });
});

describe("--out and --reporter", () => {
  const run = (...extra: string[]) =>
    cpsimInProcess(["run", tempFile("b.yaml", BOOT_ONLY), "--url", cs.url, ...extra]);
  const dir = () => mkdtempSync(join(tmpdir(), "cpsim-out-"));

  it("takes the format from the file's extension: .xml is JUnit, .json is JSON", async () => {
    const xml = join(dir(), "report.xml");
    expect((await run("--out", xml)).code).toBe(0);
    expect(readFileSync(xml, "utf8")).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    const json = join(dir(), "REPORT.JSON");
    expect((await run("--out", json)).code).toBe(0);
    expect((JSON.parse(readFileSync(json, "utf8")) as JsonReport).passed).toBe(true);
    // An explicit --reporter names any file.
    const other = join(dir(), "report.out");
    expect((await run("--reporter", "junit", "--out", other)).code).toBe(0);
    expect(readFileSync(other, "utf8")).toMatch(/^<\?xml/);
  });

  it("refuses a contradiction or a file it cannot tell the format of, before anything is sent", async () => {
    const d = dir();
    const cases: [string[], string][] = [
      [
        ["--reporter", "json", "--out", join(d, "r.xml")],
        `--reporter json does not go with --out ${join(d, "r.xml")}: a .xml file is a junit report; change one of them.`,
      ],
      [
        ["--reporter", "junit", "--out", join(d, "r.json")],
        `--reporter junit does not go with --out ${join(d, "r.json")}: a .json file is a json report; change one of them.`,
      ],
      [
        ["--out", join(d, "r.txt")],
        `Cannot tell the report format from ${join(d, "r.txt")}: name the file .json or .xml, or add --reporter json or --reporter junit.`,
      ],
      [
        ["--reporter", "pretty", "--out", join(d, "r.json")],
        `--reporter pretty is the console log and has no file; for --out ${join(d, "r.json")} use --reporter json or junit.`,
      ],
    ];
    for (const [args, sentence] of cases) {
      const r = await run(...args);
      expect(r).toEqual({ code: 2, stdout: "", stderr: `cpsim: ${sentence}\n` });
    }
    expect(cs.messages).toEqual([]);
  });
});

describe("hints for a wrong --ocpp or a missing password", () => {
  it("a SOAP URL of the other version is named before the run, and its answers say which version they are", async () => {
    const file = tempFile("b.yaml", BOOT_ONLY);
    const r = await cpsimInProcess(["run", file, "--url", cs.soapUrl("1.5")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "cpsim: note: the URL names ocpp1.5 but the run speaks OCPP 1.6; add --ocpp 1.5 if the central system speaks 1.5 there.\n",
    );
    expect(r.stdout).toContain(
      "the answer to BootNotification is invalid: bootNotificationResponse: the required element interval is missing; bootNotificationResponse: unexpected element heartbeatInterval; the central system answers in OCPP 1.5 (urn://Ocpp/Cs/2012/06/): run with --ocpp 1.5",
    );
    const other = await cpsimInProcess(["run", file, "--url", cs.soapUrl("1.6"), "--ocpp", "1.5"]);
    expect(other.code).toBe(1);
    expect(other.stdout).toContain(
      "; the central system answers in OCPP 1.6 (urn://Ocpp/Cs/2015/10/): run with --ocpp 1.6",
    );
    const right = await cpsimInProcess(["run", file, "--url", cs.soapUrl("1.5"), "--ocpp", "1.5"]);
    expect(right).toMatchObject({ code: 0, stderr: "" });
  });

  it("a 401 without a password says how to give one, over OCPP-J and SOAP; with one, that it was refused", async () => {
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(401, { "www-authenticate": 'Basic realm="ocpp"' }).end();
    });
    server.on("upgrade", (_req, socket) =>
      socket.end("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const file = tempFile("b.yaml", BOOT_ONLY);
    const run = (url: string, env: NodeJS.ProcessEnv = {}) =>
      cpsimInProcess(["run", file, "--url", url], env);
    try {
      const ws = await run(`ws://127.0.0.1:${port}/ocpp`);
      expect(ws.code).toBe(1);
      expect(ws.stdout).toContain(
        "HTTP 401 Unauthorized, it wants a password: give --password or set CPSIM_PASSWORD.",
      );
      const soap = await run(`http://127.0.0.1:${port}/ocpp`);
      expect(soap.code).toBe(1);
      expect(soap.stdout).toContain(
        `http://127.0.0.1:${port}/ocpp answered HTTP 401, it wants a password: give --password or set CPSIM_PASSWORD`,
      );
      for (const url of [`ws://127.0.0.1:${port}/ocpp`, `http://127.0.0.1:${port}/ocpp`]) {
        const given = await run(url, { CPSIM_PASSWORD: "wrong" });
        expect(given.stdout).toContain("401");
        expect(given.stdout).toContain("the central system refused the credentials");
        expect(given.stdout).not.toContain("--password");
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("a SOAP URL that names the other OCPP version", () => {
  it("gets a note, wherever in the path the version stands", () => {
    const note = (url: string, v: "1.5" | "1.6" = "1.6") => urlVersionNote(url, v);
    expect(note("http://h/ocpp1.5")).toMatch(
      /^the URL names ocpp1\.5 but the run speaks OCPP 1\.6; add --ocpp 1\.5/,
    );
    expect(note("https://CP:pw@h:8080/x/OCPP15/CentralSystemService?wsdl")).toMatch(
      /names OCPP15 .* --ocpp 1\.5/,
    );
    expect(note("http://h/ocpp1.6/", "1.5")).toMatch(/--ocpp 1\.6/);
    for (const quiet of ["http://h/ocpp1.5", "http://h/ocpp", "http://h/ocpp1.55", "ws://h/ocpp1.5"]) {
      expect(note(quiet, "1.5")).toBeUndefined();
    }
    expect(note("http://ocpp1.5.example.com/services")).toBeUndefined();
  });
});
