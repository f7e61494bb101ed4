// Golden wire tests: the exact SOAP envelope cpsim sends for each charge-point action of OCPP 1.5
// and 1.6 (fixed timestamps, fixed message ids), each also checked against the WSDL's schema.
// Regenerate the files after an intended change with UPDATE_GOLDEN=1.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Agent, createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CentralSystemLink, MeterReading } from "../../src/ocpp/neutral.ts";
import { centralSystemService } from "../../src/ocpp/soap-services.ts";
import { Link15 } from "../../src/ocpp/v15/link.ts";
import { Link16 } from "../../src/ocpp/v16/link.ts";
import { SoapCaller } from "../../src/transport/soap/caller.ts";
import { listen } from "../integration/helpers.ts";

const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const T1 = Date.parse("2026-03-01T10:30:00.000Z");
const dir = (v: string) => fileURLToPath(new URL(`../fixtures/soap/${v}/`, import.meta.url));

const readings: MeterReading[] = [
  {
    timestamp: T1,
    values: [
      { measurand: "Energy.Active.Import.Register", value: 5500, unit: "Wh", context: "Sample.Periodic" },
      { measurand: "Power.Active.Import", value: 11000, unit: "W", context: "Sample.Periodic" },
      { measurand: "Current.Import", value: 16, unit: "A", context: "Sample.Periodic" },
      { measurand: "Voltage", value: 230, unit: "V", context: "Sample.Periodic" },
    ],
  },
];

/** Every charge-point action, through the version's mapping, as a scenario would send it. */
const ACTIONS: [string, (l: CentralSystemLink) => Promise<unknown>][] = [
  [
    "BootNotification",
    (l) => l.bootNotification({ vendor: "cpsim", model: "Virtual AC 22", firmwareVersion: "1.0" }),
  ],
  ["Heartbeat", (l) => l.heartbeat()],
  [
    "StatusNotification",
    (l) => l.statusNotification({ connectorId: 1, status: "Charging", errorCode: "NoError", timestamp: T0 }),
  ],
  ["Authorize", (l) => l.authorize("TAG-1")],
  [
    "StartTransaction",
    (l) => l.startTransaction({ connectorId: 1, idTag: "TAG-1", meterStartWh: 0, timestamp: T0 }),
  ],
  ["MeterValues", (l) => l.meterValues(1, 7, readings)],
  [
    "StopTransaction",
    (l) =>
      l.stopTransaction({
        transactionId: 7,
        idTag: "TAG-1",
        meterStopWh: 5500,
        timestamp: T1,
        reason: "Local",
        transactionData: readings,
      }),
  ],
  ["DataTransfer", (l) => l.dataTransfer("com.example", "hello", "<&>")],
  ["DiagnosticsStatusNotification", (l) => l.diagnosticsStatusNotification("Uploaded")],
  ["FirmwareStatusNotification", (l) => l.firmwareStatusNotification("Installed")],
];

// Valid answers of each version, so every call completes and its response is checked too.
const ANSWERS: Record<string, string> = {
  BootNotification: "<status>Accepted</status><currentTime>2026-03-01T10:00:00Z</currentTime><I>300</I>",
  Heartbeat: "<currentTime>2026-03-01T10:00:00Z</currentTime>",
  Authorize: "<idTagInfo><status>Accepted</status></idTagInfo>",
  StartTransaction: "<transactionId>7</transactionId><idTagInfo><status>Accepted</status></idTagInfo>",
  StopTransaction: "<idTagInfo><status>Accepted</status></idTagInfo>",
  DataTransfer: "<status>Accepted</status>",
};

for (const version of ["1.5", "1.6"] as const) {
  describe(`OCPP ${version} SOAP envelopes`, () => {
    let http: Server;
    let url: string;
    const bodies: string[] = [];

    beforeAll(async () => {
      const service = await centralSystemService(version);
      http = createServer((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          bodies.push(body);
          const action = /<wsa:Action[^>]*>\/(\w+)</.exec(body)![1]!;
          const op = service.operations.get(action)!;
          const fields = (ANSWERS[action] ?? "").replace(
            /<I>(\d+)<\/I>/,
            version === "1.5" ? "<heartbeatInterval>$1</heartbeatInterval>" : "<interval>$1</interval>",
          );
          res.writeHead(200, { "content-type": "application/soap+xml; charset=utf-8" });
          res.end(
            `<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><${op.output} xmlns="${service.namespace}">${fields}</${op.output}></s:Body></s:Envelope>`,
          );
        });
      });
      url = `http://127.0.0.1:${await listen(http)}/ocpp`;
    });

    afterAll(() => {
      http.closeAllConnections();
      http.close();
    });

    it.each(ACTIONS)("%s", async (action, send) => {
      const service = await centralSystemService(version);
      let n = 0;
      const caller = new SoapCaller({
        url,
        service,
        identity: "CP-GOLDEN",
        fromAddress: "http://127.0.0.1:8090/ocpp" + version + "/CP-GOLDEN",
        agent: new Agent(),
        newMessageId: () => `urn:uuid:00000000-0000-4000-8000-00000000000${++n}`,
      });
      const link = version === "1.5" ? new Link15(caller) : new Link16(caller);
      const mark = bodies.length;
      await send(link);
      expect(bodies.length).toBe(mark + 1);
      const sent = bodies[mark]!.replace(/127\.0\.0\.1:\d+\/ocpp</, "127.0.0.1:PORT/ocpp<");
      // The envelope's body is valid for the WSDL: the check the transport applies to a peer's answer.
      const parsed = service.parse(sent) as { Body: Record<string, unknown> };
      const element = service.operations.get(action)!.input;
      expect(service.check(element, parsed.Body[element]).problems).toEqual([]);
      const file = `${dir(version)}${action}.xml`;
      if (process.env.UPDATE_GOLDEN) {
        mkdirSync(dir(version), { recursive: true });
        writeFileSync(file, `${sent}\n`);
      }
      expect(existsSync(file), `${file} is missing; UPDATE_GOLDEN=1 npm test writes it`).toBe(true);
      expect(`${sent}\n`).toBe(readFileSync(file, "utf8"));
    });
  });
}
