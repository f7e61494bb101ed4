// Misbehaving SOAP peers on both sides: a central system that answers with HTML, a 500, XML that
// is not SOAP, a Fault or a WSDL-invalid answer; and calls to simulated charge points for an
// unknown identity, an unknown operation or with an invalid payload. Each gets one precise
// sentence or a SOAP Fault, nothing crashes, and the other charge points keep working.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { OcppError } from "../../src/ocpp/errors.ts";
import { ConnectionClosedError, InvalidResponseError } from "../../src/transport/errors.ts";
import { cpsimInProcess } from "../cli/helpers.ts";
import {
  BASIC_SCENARIO,
  closeChargePoint,
  HOST,
  listen,
  makeChargePoint,
  type TestChargePoint,
  unusedPort,
} from "./helpers.ts";
import { type SoapPeer, startSoapPeer } from "./soap-peer.ts";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on("unhandledRejection", onUnhandled));
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
});

const cps: TestChargePoint[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const t of cps.splice(0)) await closeChargePoint(t);
  for (const close of closers.splice(0)) await close();
});

const ENV = (body: string) =>
  `<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>${body}</s:Body></s:Envelope>`;

/** A central system that answers every request the same way. */
async function answering(status: number, type: string, body: string): Promise<string> {
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(status, { "content-type": type });
      res.end(body);
    });
  });
  const port = await listen(http);
  closers.push(
    () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  );
  return `http://${HOST}:${port}/ocpp`;
}

async function bootAgainst(url: string): Promise<unknown> {
  const t = makeChargePoint(url, { id: "CP-BAD", connectors: 1, link: { version: "1.6" } });
  cps.push(t);
  await t.cp.connect();
  return t.cp.boot().then(
    () => "booted",
    (err: Error) => err,
  );
}

describe("a SOAP central system that answers wrongly", () => {
  it.each([
    [
      "an HTML page",
      200,
      "text/html",
      "<html><body>Login</body></html>",
      InvalidResponseError,
      /^the answer to BootNotification is invalid: http:\/\/127\.0\.0\.1:\d+\/ocpp answered HTTP 200 with an HTML page, not SOAP; check the URL$/,
    ],
    [
      "refused credentials",
      401,
      "text/plain",
      "no",
      InvalidResponseError,
      /^the answer to BootNotification is invalid: http:\/\/127\.0\.0\.1:\d+\/ocpp answered HTTP 401, it wants a password: give --password or set CPSIM_PASSWORD$/,
    ],
    [
      "a 500 in plain text",
      500,
      "text/plain",
      "boom",
      InvalidResponseError,
      /^the answer to BootNotification is invalid: http:\/\/127\.0\.0\.1:\d+\/ocpp answered HTTP 500 Internal Server Error without a SOAP envelope$/,
    ],
    [
      "XML that is not SOAP",
      200,
      "application/soap+xml",
      "<hello/>",
      InvalidResponseError,
      /^the answer to BootNotification is invalid: the answer is not a SOAP envelope \(no soap:Body\)$/,
    ],
    [
      "text that is not XML",
      200,
      "application/soap+xml",
      "OK",
      InvalidResponseError,
      /^the answer to BootNotification is invalid: the answer is not a SOAP envelope \(the XML does not parse\)$/,
    ],
    [
      "a SOAP Fault",
      500,
      "application/soap+xml",
      ENV(
        "<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>SecurityError</s:Value></s:Subcode></s:Code><s:Reason><s:Text>unknown charge box</s:Text></s:Reason></s:Fault>",
      ),
      OcppError,
      /^SOAP Fault s:Sender\/SecurityError: unknown charge box$/,
    ],
    [
      "an answer the WSDL forbids",
      200,
      "application/soap+xml",
      ENV(
        `<bootNotificationResponse xmlns="urn://Ocpp/Cs/2015/10/"><status>OK</status><currentTime>yesterday</currentTime><interval>soon</interval></bootNotificationResponse>`,
      ),
      InvalidResponseError,
      /^the answer to BootNotification is invalid: bootNotificationResponse\.status: expected one of Accepted, Pending, Rejected, found "OK"; bootNotificationResponse\.currentTime: expected a date and time like 2026-01-31T12:00:00Z \(xsd:dateTime\), found "yesterday"; bootNotificationResponse\.interval: expected an integer \(xsd:int\), found "soon"$/,
    ],
    [
      "a 500 with an envelope that is no Fault",
      500,
      "application/soap+xml",
      ENV(
        `<heartbeatResponse xmlns="urn://Ocpp/Cs/2015/10/"><currentTime>2026-01-01T00:00:00Z</currentTime></heartbeatResponse>`,
      ),
      InvalidResponseError,
      /^the answer to BootNotification is invalid: the central system answered HTTP 500 with a SOAP envelope that is no Fault$/,
    ],
    [
      "the answer to another operation",
      200,
      "application/soap+xml",
      ENV(
        `<heartbeatResponse xmlns="urn://Ocpp/Cs/2015/10/"><currentTime>2026-01-01T00:00:00Z</currentTime></heartbeatResponse>`,
      ),
      InvalidResponseError,
      /^the answer to BootNotification is invalid: expected bootNotificationResponse in the SOAP body, found heartbeatResponse$/,
    ],
  ])("%s", async (_name, status, type, body, errorClass, message) => {
    const err = await bootAgainst(await answering(status, type, body));
    expect(err).toBeInstanceOf(errorClass);
    expect((err as Error).message).toMatch(message);
    if (errorClass === OcppError) expect((err as OcppError).code).toBe("SecurityError");
  });

  it("a SOAP Fault shows in the message trace as the answer, like a CALLERROR", async () => {
    const url = await answering(
      500,
      "application/soap+xml",
      ENV(
        "<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>SecurityError</s:Value></s:Subcode></s:Code><s:Reason><s:Text>unknown charge box</s:Text></s:Reason></s:Fault>",
      ),
    );
    const events: { dir: string; kind: string; action: string; payload: unknown }[] = [];
    const t = makeChargePoint(url, {
      id: "CP-FAULT",
      connectors: 1,
      link: { version: "1.6", trace: (_cp, e) => events.push(e) },
    });
    cps.push(t);
    await t.cp.connect();
    await expect(t.cp.boot({ maxAttempts: 1 })).rejects.toThrow(/SOAP Fault/);
    expect(events.map((e) => `${e.dir} ${e.kind} ${e.action}`)).toEqual([
      "out call BootNotification",
      "in error BootNotification",
    ]);
    expect(events[1]!.payload).toMatchObject({
      code: "SecurityError",
      description: expect.stringMatching(/unknown charge box/),
    });
  });

  it("an unreachable URL is one sentence", async () => {
    const port = await unusedPort();
    const err = await bootAgainst(`http://${HOST}:${port}/ocpp`);
    expect(err).toBeInstanceOf(ConnectionClosedError);
    expect((err as Error).message).toBe(
      `the connection closed before BootNotification was answered (could not reach http://${HOST}:${port}/ocpp: connection refused, nothing is listening there)`,
    );
  });

  it("the CLI reports an HTML answer in one sentence and exits 1", async () => {
    const url = await answering(200, "text/html", "<!DOCTYPE html><html></html>");
    const r = await cpsimInProcess(["run", BASIC_SCENARIO, "--url", url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("with an HTML page, not SOAP; check the URL");
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at /);
  });
});

describe("bad calls to simulated SOAP charge points", () => {
  let peer: SoapPeer;
  let address: string;

  beforeAll(async () => {
    peer = await startSoapPeer("1.6");
  });
  afterAll(() => peer.close());

  async function twoChargePoints() {
    for (const id of ["CP-A", "CP-B"]) {
      const t = makeChargePoint(peer.url, { id, connectors: 1, link: { version: "1.6" } });
      cps.push(t);
      await t.cp.connect();
      await t.cp.boot();
    }
    const from = peer.headers.at(-1)!.From as { Address: string };
    address = from.Address;
  }

  const post = async (body: string, identity?: string) => {
    const res = await fetch(address, {
      method: "POST",
      headers: { "content-type": 'application/soap+xml; charset=utf-8; action="/Reset"' },
      body: `<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header>${
        identity ? `<chargeBoxIdentity xmlns="urn://Ocpp/Cp/2015/10/">${identity}</chargeBoxIdentity>` : ""
      }</s:Header><s:Body>${body}</s:Body></s:Envelope>`,
    });
    return { status: res.status, text: await res.text() };
  };

  it("an unknown identity gets an IdentityMismatch fault; the others keep answering", async () => {
    await twoChargePoints();
    const r = await post(
      `<resetRequest xmlns="urn://Ocpp/Cp/2015/10/"><type>Soft</type></resetRequest>`,
      "CP-NOBODY",
    );
    expect(r.status).toBe(400);
    expect(r.text).toContain("IdentityMismatch");
    expect(r.text).toContain("no charge point &quot;CP-NOBODY&quot; is served at this endpoint");
    expect(await peer.command("ChangeConfiguration", { key: "HeartbeatInterval", value: "60" })).toEqual({
      status: "Accepted",
    });
  });

  it("an invalid payload gets the OCPP error code as fault subcode", async () => {
    await twoChargePoints();
    const missing = await post(`<resetRequest xmlns="urn://Ocpp/Cp/2015/10/"></resetRequest>`, "CP-A");
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("OccurenceConstraintViolation");
    expect(missing.text).toContain("resetRequest: the required element type is missing");
    const wrong = await post(
      `<resetRequest xmlns="urn://Ocpp/Cp/2015/10/"><type>Later</type></resetRequest>`,
      "CP-A",
    );
    expect(wrong.text).toContain("PropertyConstraintViolation");
    expect(cps[0]!.problems.join("\n")).toContain("Reset from CP-A breaks the WSDL schema");
    expect(await peer.command("ChangeConfiguration", { key: "HeartbeatInterval", value: "60" })).toEqual({
      status: "Accepted",
    });
  });

  it("an unknown operation gets a fault, not a crash", async () => {
    await twoChargePoints();
    const r = await post(`<launchRocketRequest xmlns="urn://Ocpp/Cp/2015/10/"/>`, "CP-A");
    expect(r.status).toBe(400);
    expect(r.text).toContain("<soap:Subcode><soap:Value>NotImplemented</soap:Value></soap:Subcode>");
    expect(r.text).toContain("ChargePointService: no operation for launchRocketRequest");
    expect(r.text).not.toMatch(/TypeError|at .*\.js/);
    expect(await peer.command("ChangeConfiguration", { key: "HeartbeatInterval", value: "60" })).toEqual({
      status: "Accepted",
    });
  });
});
