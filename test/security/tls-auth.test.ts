import { afterEach, describe, expect, it } from "vitest";
import { cpsimInProcess, tempFile } from "../cli/helpers.ts";
import { fixture, type Peer, startTlsPeer } from "./tls-peer.ts";

const CA = fixture("ca.pem").pathname;
const SCENARIO = tempFile(
  "tls.yaml",
  "version: 1\nname: TLS\nchargePoint: { id: CP-TLS-001 }\nsteps:\n  - boot\n  - heartbeat\n",
);
const PASSWORD = "s3cret-pa55word";

let peer: Peer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

/** An independent OCPP 1.6-J central system (ocpp-rpc, strict) behind TLS with basic auth. */
function startPeer(opts: { requireClientCert?: boolean } = {}): Promise<Peer> {
  return startTlsPeer({
    protocol: "ocpp1.6",
    password: PASSWORD,
    ...opts,
    serve: (client) => {
      client.handle("BootNotification", async () => ({
        status: "Accepted",
        currentTime: new Date().toISOString(),
        interval: 300,
      }));
      client.handle("StatusNotification", async () => ({}));
      client.handle("Heartbeat", async () => ({ currentTime: new Date().toISOString() }));
    },
  });
}

describe("security profiles against an independent central system", () => {
  it("profile 2: TLS verified with --ca and basic auth from CPSIM_PASSWORD; the password is never printed", async () => {
    peer = await startPeer();
    const r = await cpsimInProcess(["run", SCENARIO, "--url", peer.url, "--ca", CA, "--reporter", "json"], {
      CPSIM_PASSWORD: PASSWORD,
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(peer.seen).toEqual([{ identity: "CP-TLS-001", password: PASSWORD, clientCert: undefined }]);
    expect(r.stdout).not.toContain(PASSWORD);
    expect(JSON.parse(r.stdout).passed).toBe(true);
  });

  it("verifies the certificate by default: an unknown CA fails in one sentence", async () => {
    peer = await startPeer();
    const r = await cpsimInProcess(["run", SCENARIO, "--url", peer.url, "--password", PASSWORD]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "the TLS certificate of the central system was not accepted (SELF_SIGNED_CERT_IN_CHAIN); pass --ca with its CA certificate",
    );
    expect(r.stdout).not.toContain(PASSWORD);
    expect(peer.seen).toEqual([]);
  });

  it("--insecure skips verification, with a warning", async () => {
    peer = await startPeer();
    const r = await cpsimInProcess([
      "run",
      SCENARIO,
      "--url",
      peer.url,
      "--password",
      PASSWORD,
      "--insecure",
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("cpsim: warning: TLS certificate verification is off (--insecure).\n");
  });

  it("a plain ws:// server addressed as wss:// is named as such", async () => {
    const http = (await import("node:http")).createServer();
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const { port } = http.address() as { port: number };
    try {
      const r = await cpsimInProcess(["run", SCENARIO, "--url", `wss://127.0.0.1:${port}`]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("the server does not speak TLS there; use ws:// instead of wss://.");
    } finally {
      http.close();
    }
  });

  it("a wrong password is refused with a plain reason", async () => {
    peer = await startPeer();
    const r = await cpsimInProcess(["run", SCENARIO, "--url", peer.url, "--ca", CA, "--password", "wrong"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `Could not connect to ${peer.url}/CP-TLS-001: the server answered the WebSocket upgrade with HTTP 401 Unauthorized, the central system refused the credentials.`,
    );
    expect(r.stdout).not.toContain("wrong");
  });

  it("profile 3: a client certificate is presented with --cert and --key", async () => {
    peer = await startPeer({ requireClientCert: true });
    const cert = fixture("client.pem").pathname;
    const key = fixture("client.key").pathname;
    const r = await cpsimInProcess([
      "run",
      SCENARIO,
      "--url",
      peer.url,
      "--ca",
      CA,
      "--cert",
      cert,
      "--key",
      key,
      "--password",
      PASSWORD,
    ]);
    expect(r.code).toBe(0);
    expect(peer.seen[0]?.clientCert).toBe("CP-TLS-001");

    const without = await cpsimInProcess([
      "run",
      SCENARIO,
      "--url",
      peer.url,
      "--ca",
      CA,
      "--password",
      PASSWORD,
    ]);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain(
      `Could not connect to ${peer.url}/CP-TLS-001: the central system requires a client certificate; pass --cert and --key.`,
    );
  });
});
