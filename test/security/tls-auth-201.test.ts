// Security profiles 1–3 on OCPP 2.0.1, as on 1.6 (tls-auth.test.ts): an independent CSMS
// (ocpp-rpc strict, subprotocol ocpp2.0.1) behind basic auth, over ws:// or TLS with the repo's
// test certificates, answering with the embedded central system's 2.0.1 answers.
import { afterEach, describe, expect, it } from "vitest";
import { STATION_INITIATED_201 } from "../../src/ocpp/v201/actions.ts";
import { CentralSystem201 } from "../../src/ocpp/v201/csms-answers.ts";
import { cpsimInProcess, tempFile } from "../cli/helpers.ts";
import { HEARTBEAT_INTERVAL } from "../integration/helpers.ts";
import { CsmsStateForTests } from "../integration/ocpp-rpc-201.ts";
import { fixture, type Peer, startTlsPeer } from "./tls-peer.ts";

const CA = fixture("ca.pem").pathname;
const SCENARIO = tempFile(
  "tls-201.yaml",
  "version: 1\nname: TLS 2.0.1\nchargePoint: { id: CP-TLS-201 }\nsteps:\n  - boot\n  - heartbeat\n",
);
const PASSWORD = "s3cret-2.0.1-pa55word";

let peer: Peer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

/** What the CSMS received, by action, and the frames ocpp-rpc found invalid (none expected). */
const received: string[] = [];
const strictFailures: unknown[] = [];

function startPeer(opts: { plain?: boolean; requireClientCert?: boolean } = {}): Promise<Peer> {
  received.length = 0;
  strictFailures.length = 0;
  const csms = new CentralSystem201(
    new CsmsStateForTests({
      bootStatus: () => "Accepted",
      heartbeatIntervalSec: HEARTBEAT_INTERVAL,
      authorize: () => "Accepted",
    }),
  );
  return startTlsPeer({
    protocol: "ocpp2.0.1",
    password: PASSWORD,
    ...opts,
    serve: (client) => {
      client.on("strictValidationFailure", (e) => strictFailures.push(e));
      for (const action of STATION_INITIATED_201)
        client.handle(action, async ({ params }) => {
          received.push(action);
          return csms.answer(client.identity ?? "", action, params) as Record<string, unknown>;
        });
    },
  });
}

const run = (url: string, ...extra: string[]) =>
  cpsimInProcess(["run", SCENARIO, "--ocpp", "2.0.1", "--url", url, ...extra], { CPSIM_PASSWORD: PASSWORD });

describe("security profiles on 2.0.1 against an independent CSMS", () => {
  it("profile 1: basic auth over ws://; the password is never printed", async () => {
    peer = await startPeer({ plain: true });
    const r = await run(peer.url);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(peer.seen).toEqual([{ identity: "CP-TLS-201", password: PASSWORD, clientCert: undefined }]);
    expect(received).toContain("Heartbeat");
    expect(r.stdout).not.toContain(PASSWORD);
  });

  it("profile 2: TLS verified with --ca, and basic auth", async () => {
    peer = await startPeer();
    const r = await run(peer.url, "--ca", CA);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(peer.seen).toEqual([{ identity: "CP-TLS-201", password: PASSWORD, clientCert: undefined }]);
    expect(received.slice(0, 2)).toEqual(["BootNotification", "SecurityEventNotification"]);
    expect(strictFailures).toEqual([]);
    expect(r.stdout).not.toContain(PASSWORD);
  });

  it("verifies the CSMS's certificate by default: an unknown CA fails in one sentence", async () => {
    peer = await startPeer();
    const r = await run(peer.url);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "the TLS certificate of the central system was not accepted (SELF_SIGNED_CERT_IN_CHAIN); pass --ca with its CA certificate",
    );
    expect(peer.seen).toEqual([]);
  });

  it("profile 3: a client certificate with --cert and --key; without it, a plain refusal", async () => {
    peer = await startPeer({ requireClientCert: true });
    const cert = fixture("client.pem").pathname;
    const key = fixture("client.key").pathname;
    const r = await run(peer.url, "--ca", CA, "--cert", cert, "--key", key);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(peer.seen[0]?.clientCert).toBe("CP-TLS-001");

    const without = await run(peer.url, "--ca", CA);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain(
      `Could not connect to ${peer.url}/CP-TLS-201: the central system requires a client certificate; pass --cert and --key.`,
    );
  });
});
