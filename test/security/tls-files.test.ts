// --ca, --cert and --key pointing at the wrong kind of file: once accepted, they failed later in
// the TLS handshake with an error about the peer. Each is now one sentence and exit 2 before
// anything is sent (the URL points nowhere: nothing may be tried).
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cpsimInProcess, tempFile } from "../cli/helpers.ts";

const fixture = (name: string) => new URL(`../fixtures/tls/${name}`, import.meta.url).pathname;
const SCENARIO = tempFile(
  "tls.yaml",
  "version: 1\nname: TLS\nchargePoint: { id: CP-TLS-001 }\nsteps:\n  - boot\n",
);
const RUN = ["run", SCENARIO, "--url", "wss://127.0.0.1:9/ocpp"];
const ENCRYPTED = tempFile(
  "encrypted.key",
  generateKeyPairSync("ec", {
    namedCurve: "prime256v1",
    privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey,
);
const GARBLED = tempFile(
  "garbled.pem",
  "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
);

describe("TLS files are checked before connecting", () => {
  it.each([
    [
      "a key given as --ca",
      ["--ca", fixture("server.key")],
      /^cpsim: The CA certificate file \S+server\.key holds no certificate \(no -----BEGIN CERTIFICATE----- block\)\.\n$/,
    ],
    [
      "a certificate that does not parse",
      ["--ca", GARBLED],
      /^cpsim: The CA certificate file \S+garbled\.pem holds a certificate that cannot be read \(block 1\)\.\n$/,
    ],
    [
      "a key given as --cert",
      ["--cert", fixture("client.key"), "--key", fixture("client.key")],
      /^cpsim: The client certificate file \S+client\.key holds no certificate/,
    ],
    [
      "a certificate given as --key",
      ["--cert", fixture("client.pem"), "--key", fixture("client.pem")],
      /^cpsim: The client key file \S+client\.pem holds no private key\.\n$/,
    ],
    [
      "an encrypted key",
      ["--cert", fixture("client.pem"), "--key", ENCRYPTED],
      /^cpsim: The client key file \S+encrypted\.key holds an encrypted private key; cpsim needs it without a passphrase\.\n$/,
    ],
    [
      "a key that is not the certificate's",
      ["--cert", fixture("client.pem"), "--key", fixture("server.key")],
      /^cpsim: The client key \S+server\.key does not belong to the client certificate \S+client\.pem\.\n$/,
    ],
  ])("%s: one sentence, exit 2", async (_, flags, message) => {
    const r = await cpsimInProcess([...RUN, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("the right files pass the check (and the run then fails to connect, exit 1)", async () => {
    const flags = [
      "--ca",
      fixture("ca.pem"),
      "--cert",
      fixture("client.pem"),
      "--key",
      fixture("client.key"),
    ];
    const r = await cpsimInProcess([...RUN, ...flags]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Could not connect to wss://127.0.0.1:9/ocpp/CP-TLS-001");
  });
});
