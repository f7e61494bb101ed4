// The bare OCPP 1.6 SOAP client of the load benchmark: one keep-alive HTTP agent posting envelopes
// built once per charge point (BootNotification, then Heartbeat at the interval given and, for the
// charging workload, MeterValues every meter interval), reading each answer as text without an XML
// parse. What cpsim's SOAP charge points are compared with, against the same server.
import { Agent, request } from "node:http";
import { bareOptions, paced, Tally } from "./bare-common.ts";

const o = bareOptions();
const NS = "urn://Ocpp/Cs/2015/10/";
// cpsim's agent size, so both hold as many connections to the server.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const tally = new Tally(o.count);
let ending = false;

const envelope = (id: string, action: string, body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://www.w3.org/2005/08/addressing"><soap:Header><chargeBoxIdentity xmlns="${NS}">${id}</chargeBoxIdentity><wsa:Action soap:mustUnderstand="true">/${action}</wsa:Action><wsa:MessageID>urn:uuid:bench-${id}-${action}</wsa:MessageID><wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo><wsa:To soap:mustUnderstand="true">${o.url}</wsa:To></soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`;

function post(action: string, xml: string, then: (ok: boolean, text: string, ms: number) => void) {
  const start = performance.now();
  const req = request(
    o.url,
    {
      method: "POST",
      agent,
      headers: { "content-type": `application/soap+xml; charset=utf-8; action="/${action}"` },
    },
    (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        text += c;
      });
      res.on("end", () => {
        tally.calls++;
        then(res.statusCode === 200, text, performance.now() - start);
      });
    },
  );
  req.on("error", () => {
    tally.errors++;
    then(false, "", 0);
  });
  req.end(xml);
}

paced(o.count, o.maxConnecting, (i, done) => {
  const id = `BARE-${i}`;
  const heartbeat = envelope(id, "Heartbeat", `<heartbeatRequest xmlns="${NS}"/>`);
  const meter = envelope(
    id,
    "MeterValues",
    `<meterValuesRequest xmlns="${NS}"><connectorId>1</connectorId><meterValue><timestamp>2026-12-01T04:00:00Z</timestamp><sampledValue><value>1234</value></sampledValue></meterValue></meterValuesRequest>`,
  );
  const every = (ms: number, action: string, xml: string, offset: number) => {
    const tick = () => {
      if (!ending) post(action, xml, (ok, _t, latency) => (ok ? tally.steady.add(latency) : tally.errors++));
    };
    setTimeout(() => {
      tick();
      setInterval(tick, ms);
    }, offset);
  };
  const bootXml = envelope(
    id,
    "BootNotification",
    `<bootNotificationRequest xmlns="${NS}"><chargePointVendor>bench</chargePointVendor><chargePointModel>bare</chargePointModel></bootNotificationRequest>`,
  );
  post("BootNotification", bootXml, (ok, text, latency) => {
    done();
    if (!ok || !text.includes("Accepted")) return void tally.errors++;
    tally.boot.add(latency);
    tally.bootAccepted();
    const interval = Number(/<(?:\w+:)?interval>(\d+)</.exec(text)?.[1] ?? 60) * 1000;
    every(interval, "Heartbeat", heartbeat, interval);
    if (o.workload === "charging")
      every(o.meterIntervalMs, "MeterValues", meter, Math.random() * o.meterIntervalMs);
  });
});

tally.endAfter(o, () => {
  ending = true;
  agent.destroy();
});
