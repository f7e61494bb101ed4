import { spawn } from "node:child_process";
import { once } from "node:events";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import { CentralSystem } from "../../src/csms/server.ts";
import { dialerFor } from "../../src/ocpp/dial.ts";
import { BIN, cpsimInProcess, QUICK_SCENARIO, ROOT, tempFile } from "./helpers.ts";

describe("robustness found in review", () => {
  it("Ctrl-C does not wait for a call timeout: exit 130 while the central system is silent", async () => {
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, handleProtocols: () => "ocpp1.6" });
    await once(wss, "listening");
    const got = new Promise<void>((resolve) =>
      wss.on("connection", (ws) => ws.once("message", () => resolve())),
    );
    const { port } = wss.address() as { port: number };
    const file = tempFile("q.yaml", QUICK_SCENARIO);
    const child = spawn(
      process.execPath,
      [BIN, "run", file, "--url", `ws://127.0.0.1:${port}`, "--call-timeout", "120s"],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    try {
      await got; // BootNotification is in flight and will never be answered
      const closed = once(child, "close");
      child.kill("SIGINT");
      const [code] = await closed;
      expect(code).toBe(130);
      expect(stdout).toContain("✘ boot");
      expect(stdout).toContain("interrupted");
    } finally {
      child.kill("SIGKILL");
      wss.close();
    }
  });

  it("a closed pipe stops the printing, not the run: the exit code still tells the truth", async () => {
    const file = tempFile(
      "fail.yaml",
      "version: 1\nsteps:\n  - boot\n  - authorize: { idTag: T, expect: { idTagInfo.status: Blocked } }\n",
    );
    const child = spawn(
      "bash",
      ["-c", `set -o pipefail; "${process.execPath}" "${BIN}" run "${file}" | head -1`],
      { cwd: ROOT },
    );
    const [code] = await once(child, "close");
    expect(code).toBe(1);
  });

  it("an unwritable --out is refused before anything is sent", async () => {
    const cs = await CentralSystem.start();
    try {
      const r = await cpsimInProcess([
        "run",
        tempFile("q.yaml", QUICK_SCENARIO),
        "--url",
        cs.url,
        "--reporter",
        "json",
        "--out",
        "/nonexistent/dir/r.json",
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        "cpsim: Cannot write the report to /nonexistent/dir/r.json: its folder does not exist.\n",
      );
      expect(cs.messages).toEqual([]);
    } finally {
      await cs.close();
    }
  });

  it.each(["ws://", "ws://[::1"])("%s is a usage error", async (url) => {
    const r = await cpsimInProcess(["run", tempFile("q.yaml", QUICK_SCENARIO), "--url", url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `cpsim: ${url} is not a valid central system URL; expected ws://host:port/path or wss://host:port/path.\n`,
    );
  });
});

describe("the embedded central system under odd clients", () => {
  it("refuses a malformed percent-encoded id and keeps serving", async () => {
    const cs = await CentralSystem.start();
    try {
      const socket = connect(cs.port, "127.0.0.1");
      socket.write(
        "GET /%ZZ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ocpp1.6\r\n\r\n",
      );
      const [answer] = await once(socket, "data");
      expect(String(answer)).toMatch(/^HTTP\/1\.1 400 /);
      socket.destroy();
      const r = await cpsimInProcess([
        "run",
        tempFile("q.yaml", QUICK_SCENARIO),
        "--url",
        cs.url,
        "--time-scale",
        "10",
      ]);
      expect(r.code).toBe(0);
    } finally {
      await cs.close();
    }
  });

  it("agrees to ocpp1.6 even when the client offers another protocol first", async () => {
    const cs = await CentralSystem.start();
    try {
      const ws = new WebSocket(`${cs.url}/CP-PROTO`, ["ocpp1.5", "ocpp1.6"]);
      await once(ws, "open");
      expect(ws.protocol).toBe("ocpp1.6");
      ws.close();
      await once(ws, "close");
    } finally {
      await cs.close();
    }
  });

  it("a DataTransfer from the central system gets UnknownVendorId, as the spec wants of an unknown vendor", async () => {
    const cs = await CentralSystem.start();
    const cp = new ChargePoint({ id: "CP-DT", dial: dialerFor({ url: cs.url, version: "1.6" }) });
    try {
      await cp.connect();
      expect(await cs.call("CP-DT", "DataTransfer", { vendorId: "com.acme" })).toEqual({
        status: "UnknownVendorId",
      });
    } finally {
      await cp.disconnect();
      await cs.close();
    }
  });

  it("closes while a plain HTTP connection idles", async () => {
    const cs = await CentralSystem.start();
    const idle = connect(cs.port, "127.0.0.1");
    await once(idle, "connect");
    await cs.close(); // hangs (and the test times out) if the idle socket holds the server
    idle.destroy();
  });
});
