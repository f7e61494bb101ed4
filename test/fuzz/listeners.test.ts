// Generated bad HTTP requests (raw bytes over node:net) and bad SOAP bodies to every listener
// cpsim opens: the charge points' SOAP callback host and the embedded central system (its
// WebSocket upgrades, its SOAP endpoints for 1.5 and 1.6, and everything else on its port). Each
// must get its status (see http-requests.ts, soap-bodies.ts), the listener must keep serving, a
// SOAP charge point behind it must keep working, and nothing may print a stack trace.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CentralSystem } from "../../src/csms/server.ts";
import { centralSystemService, chargePointService } from "../../src/ocpp/soap-services.ts";
import { versionRow } from "../../src/ocpp/versions.ts";
import { CallbackHost, type Lease } from "../../src/transport/soap/callback-host.ts";
import { closeChargePoint, HOST, makeChargePoint, type TestChargePoint } from "../integration/helpers.ts";
import { rawExchange } from "../integration/raw-http.ts";
import { capturePrinted, checkProperty, STACK_LINE } from "./harness.ts";
import { type BadRequest, badRequest } from "./http-requests.ts";
import { badSoapBody } from "./soap-bodies.ts";

const HTTP_RUNS = 90;
const SOAP_RUNS = 70;
/** Requests sent at once in each run (1 to PARALLEL), each on its own connection. */
const PARALLEL = 4;
const printed = capturePrinted();
const CP = "CP-FUZZ-SOAP";

let cs: CentralSystem;
let soapCp: TestChargePoint;
let lease: Lease;
let callbackPort: number;

beforeAll(async () => {
  cs = await CentralSystem.start();
  soapCp = makeChargePoint(cs.soapUrl("1.6"), { id: CP, link: { version: "1.6" } });
  await soapCp.cp.connect();
  await soapCp.cp.boot();
  lease = CallbackHost.acquire();
  callbackPort = Number(new URL((await lease.host).baseUrl).port);
});

afterAll(async () => {
  await closeChargePoint(soapCp);
  lease.release();
  await cs.close();
});

function expectStatus(got: { status: number | undefined; text: string }, req: BadRequest): void {
  const why = `${req.what}: ${JSON.stringify(req.bytes.toString("latin1").slice(0, 300))} got ${JSON.stringify(got.text.slice(0, 200))}`;
  if (req.status === "4xx") {
    expect(got.status, why).toBeGreaterThanOrEqual(400);
    expect(got.status, why).toBeLessThan(500);
  } else {
    expect(got.status, why).toBe(req.status);
  }
}

async function fuzzHttp(port: () => number, upgrades: boolean, probe: () => Promise<void>) {
  await checkProperty(
    fc.asyncProperty(fc.array(badRequest(upgrades), { minLength: 1, maxLength: PARALLEL }), async (reqs) => {
      const answers = await Promise.all(reqs.map((r) => rawExchange(port(), r.bytes)));
      for (const [i, a] of answers.entries()) expectStatus(a, reqs[i]!);
      await probe();
    }),
    HTTP_RUNS,
  );
}

const soapPost = (path: string, body: string) => {
  const bytes = Buffer.from(body, "utf8");
  return Buffer.concat([
    Buffer.from(
      `POST ${path} HTTP/1.1\r\nHost: ${HOST}\r\nContent-Type: application/soap+xml; charset=utf-8\r\nContent-Length: ${bytes.length}\r\n\r\n`,
    ),
    bytes,
  ]);
};

async function fuzzSoap(
  port: () => number,
  path: string,
  service: Awaited<ReturnType<typeof chargePointService>>,
) {
  await checkProperty(
    fc.asyncProperty(
      fc.array(badSoapBody(service), { minLength: 1, maxLength: PARALLEL }),
      async (bodies) => {
        const answers = await Promise.all(bodies.map((b) => rawExchange(port(), soapPost(path, b))));
        answers.forEach((a, i) => {
          const why = `${JSON.stringify(bodies[i]!.slice(0, 300))} got ${JSON.stringify(a.text.slice(0, 400))}`;
          // A 200 only for what happens to be a valid request; anything else a Fault with 400.
          if (a.status === 200) expect(a.text, why).not.toContain("Fault>");
          else {
            expect(a.status, why).toBe(400);
            expect(a.text, why).toContain("<soap:Fault>");
          }
        });
      },
    ),
    SOAP_RUNS,
  );
  // The SOAP charge point still answers its central system, and still reaches it.
  expect(await cs.call(CP, "GetLocalListVersion", {})).toEqual({ listVersion: expect.any(Number) });
  await soapCp.cp.heartbeat();
}

const status = async (port: number, request: string) => (await rawExchange(port, request)).status;

describe("the SOAP callback host of the charge points", () => {
  it(`answers ${HTTP_RUNS} batches of 1 to ${PARALLEL} bad HTTP requests with a 4xx, and keeps serving`, async () => {
    await fuzzHttp(
      () => callbackPort,
      false,
      async () =>
        expect(await status(callbackPort, `GET /nowhere HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`)).toBe(404),
    );
  }, 60_000);

  it(`answers ${SOAP_RUNS} batches of 1 to ${PARALLEL} bad SOAP bodies with a Fault`, async () => {
    await fuzzSoap(() => callbackPort, `/ocpp1.6/${CP}`, await chargePointService(versionRow("1.6").soap!));
  }, 60_000);
});

describe("the embedded central system", () => {
  it(`answers ${HTTP_RUNS} batches of 1 to ${PARALLEL} bad HTTP requests and WebSocket upgrades with a 4xx, and keeps serving`, async () => {
    await fuzzHttp(
      () => cs.port,
      true,
      async () => expect(await status(cs.port, `GET / HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`)).toBe(426),
    );
    const ws = new WebSocket(`${cs.url}/CP-AFTER-FUZZ`, ["ocpp1.6"]);
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    ws.close();
  }, 60_000);

  it.each(["1.6", "1.5"] as const)(
    `answers ${SOAP_RUNS} batches of 1 to ${PARALLEL} bad SOAP %s bodies with a Fault`,
    async (v) => {
      await fuzzSoap(() => cs.port, `/ocpp${v}`, await centralSystemService(versionRow(v).soap!));
    },
    60_000,
  );

  it("printed no stack trace, and every problem it reported is one line", () => {
    expect(printed.text()).not.toMatch(STACK_LINE);
    for (const p of [...cs.problems.map((x) => x.message), ...soapCp.problems]) expect(p).not.toMatch(/\n/);
  });
});
