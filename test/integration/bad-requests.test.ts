// Requests no HTTP client would send, to every listener cpsim opens: a request target that is no
// URL (`http://[`) once killed the process with an uncaught TypeError. Each must get an HTTP 400
// and leave the listener serving.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CentralSystem } from "../../src/csms/server.ts";
import { CallbackHost, type Lease } from "../../src/transport/soap/callback-host.ts";
import { HOST } from "./helpers.ts";
import { rawExchange, upgradeRequest } from "./raw-http.ts";

const post = (target: string) =>
  `POST ${target} HTTP/1.1\r\nHost: ${HOST}\r\nContent-Type: application/soap+xml\r\nContent-Length: 0\r\n\r\n`;

describe("the charge points' SOAP callback host", () => {
  let lease: Lease;
  let port: number;
  beforeAll(async () => {
    lease = CallbackHost.acquire();
    port = Number(new URL((await lease.host).baseUrl).port);
  });
  afterAll(() => lease.release());

  it("answers a request target that is no URL with 400 and keeps serving", async () => {
    const bad = await rawExchange(port, post("http://["));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("the request target is not a valid URL");
    expect((await rawExchange(port, post("/nowhere"))).status).toBe(404);
  });
});

describe("the embedded central system", () => {
  let cs: CentralSystem;
  beforeAll(async () => {
    cs = await CentralSystem.start();
  });
  afterAll(() => cs.close());

  it("answers a WebSocket upgrade to a target that is no URL with 400 and keeps accepting", async () => {
    const bad = await rawExchange(cs.port, upgradeRequest("http://["));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("the request target is not a valid URL");
    const ws = new WebSocket(`${cs.url}/CP-AFTER`, ["ocpp1.6"]);
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    expect(ws.protocol).toBe("ocpp1.6");
    ws.close();
  });

  it("survives peers that reset the connection while their upgrade is refused or accepted", async () => {
    // Node hands an upgrading socket over with no error listener: writing the refusal to a reset
    // socket used to raise an uncaught ECONNRESET and end the process.
    for (let i = 0; i < 100; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect({ port: cs.port, host: HOST }, () => {
          socket.write(upgradeRequest(i % 2 === 0 ? "/" : `/ocpp/CP-RESET-${i}`));
          setImmediate(() => socket.resetAndDestroy());
        });
        socket.on("error", () => {});
        socket.on("close", () => resolve());
      });
    }
    const ws = new WebSocket(`${cs.url}/CP-AFTER-RESETS`, ["ocpp1.6"]);
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    ws.close();
  });

  it("answers a plain request to a target that is no URL with 400", async () => {
    const bad = await rawExchange(cs.port, post("http://["));
    expect(bad.status).toBe(400);
    expect((await rawExchange(cs.port, post("/ocpp1.6"))).text).toContain("<soap:Fault>");
  });

  it("answers a SOAP request whose wsa:From is no URL, and reports that it cannot call back", async () => {
    const body =
      `<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header>` +
      `<chargeBoxIdentity xmlns="urn://Ocpp/Cs/2015/10/">CP-FROM</chargeBoxIdentity>` +
      `<a:From xmlns:a="http://www.w3.org/2005/08/addressing"><a:Address>http://[</a:Address></a:From>` +
      `</s:Header><s:Body><heartbeatRequest xmlns="urn://Ocpp/Cs/2015/10/"/></s:Body></s:Envelope>`;
    const r = await rawExchange(
      cs.port,
      `POST /ocpp1.6 HTTP/1.1\r\nHost: ${HOST}\r\nContent-Type: application/soap+xml\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect(r.status).toBe(200);
    expect(r.text).toContain("<currentTime>");
    expect(cs.problems).toContainEqual({
      cp: "CP-FROM",
      message: 'wsa:From "http://[" is not an http:// or https:// URL; calls to CP-FROM cannot be sent',
    });
  });
});
