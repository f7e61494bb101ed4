// OCPP security profiles over SOAP: an https:// central system (the `soap` package and the official
// 1.6 WSDL) that requires HTTP basic auth and, for profile 3, a client certificate.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { TLSSocket } from "node:tls";
import soap from "soap";
import { afterEach, describe, expect, it } from "vitest";
import { cpsimInProcess, tempFile } from "../cli/helpers.ts";

const fixture = (name: string) => new URL(`../fixtures/tls/${name}`, import.meta.url);
const CA = fixture("ca.pem").pathname;
const WSDL = new URL("../../src/ocpp/v16/soap/CentralSystemService.wsdl", import.meta.url);
const SCENARIO = tempFile(
  "soap-tls.yaml",
  "version: 1\nname: SOAP TLS\nchargePoint: { id: CP-STLS-001 }\nsteps:\n  - boot\n  - heartbeat\n",
);
const PASSWORD = "s3cret-pa55word";

interface Peer {
  url: string;
  seen: { authorization?: string; clientCert?: string }[];
  close(): Promise<void>;
}

let peer: Peer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

async function startPeer(requireClientCert: boolean): Promise<Peer> {
  const seen: Peer["seen"] = [];
  const https: Server = createServer({
    key: readFileSync(fixture("server.key")),
    cert: readFileSync(fixture("server.pem")),
    ca: readFileSync(fixture("ca.pem")),
    requestCert: requireClientCert,
    rejectUnauthorized: requireClientCert,
  });
  const now = () => new Date().toISOString();
  const server = await new Promise<soap.Server>((resolve, reject) => {
    const s = soap.listen(https, {
      path: "/ocpp",
      services: {
        CentralSystemService: {
          CentralSystemServiceSoap12: {
            BootNotification: () => ({ status: "Accepted", currentTime: now(), interval: 300 }),
            StatusNotification: () => ({}),
            Heartbeat: () => ({ currentTime: now() }),
          },
        },
      },
      xml: readFileSync(WSDL, "utf8"),
      forceSoap12Headers: true,
      callback: (err: unknown) => (err ? reject(err) : resolve(s)),
    } as soap.IServerOptions);
  });
  server.authorizeConnection = (req) => {
    const cn = (req.socket as TLSSocket).getPeerCertificate?.()?.subject?.CN;
    seen.push({
      authorization: req.headers.authorization,
      clientCert: Array.isArray(cn) ? cn.join(",") : cn,
    });
    return req.headers.authorization === `Basic ${Buffer.from(`CP-STLS-001:${PASSWORD}`).toString("base64")}`;
  };
  await new Promise<void>((resolve) => https.listen(0, "127.0.0.1", resolve));
  const { port } = https.address() as { port: number };
  return {
    url: `https://127.0.0.1:${port}/ocpp`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        https.closeAllConnections();
        https.close(() => resolve());
      }),
  };
}

describe("security profiles over SOAP against an independent https central system", () => {
  it("profile 3: verifies the server with --ca, sends basic auth and a client certificate", async () => {
    peer = await startPeer(true);
    const r = await cpsimInProcess(
      [
        "run",
        SCENARIO,
        "--url",
        peer.url,
        "--ca",
        CA,
        "--cert",
        fixture("client.pem").pathname,
        "--key",
        fixture("client.key").pathname,
      ],
      { CPSIM_PASSWORD: PASSWORD },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("(OCPP 1.6-S)");
    expect(peer.seen.length).toBeGreaterThan(0);
    expect(peer.seen[0]!.clientCert).toBeTruthy();
    expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
  });

  it("refuses a server certificate it cannot verify, in one sentence", async () => {
    peer = await startPeer(false);
    const r = await cpsimInProcess(["run", SCENARIO, "--url", peer.url], { CPSIM_PASSWORD: PASSWORD });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /the TLS certificate of the central system was not accepted \([A-Z_]+\); pass --ca/,
    );
    expect(peer.seen).toEqual([]);
  });

  it("reports refused credentials", async () => {
    peer = await startPeer(false);
    const r = await cpsimInProcess(["run", SCENARIO, "--url", peer.url, "--ca", CA, "--password", "wrong"]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain("wrong");
    // The soap package answers a refused connection with an empty 200: no SOAP envelope.
    expect(r.stdout).toContain(
      "the answer to BootNotification is invalid: the answer is not a SOAP envelope",
    );
    expect(peer.seen.length).toBeGreaterThan(0);
  });
});
