// Golden wire tests: the exact SOAP envelope cpsim sends for each charge-point action of OCPP 1.5
// and 1.6 (fixed timestamps, fixed message ids), each also checked against the WSDL's schema.
// Regenerate the files after an intended change with UPDATE_GOLDEN=1.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Agent, createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChargePointMapping, LocalTransaction } from "../../src/ocpp/mapping.ts";
import type { MeterReading } from "../../src/ocpp/neutral.ts";
import type { ChargePointCommands } from "../../src/ocpp/neutral-commands.ts";
import { centralSystemService } from "../../src/ocpp/soap-services.ts";
import { versionRow } from "../../src/ocpp/versions.ts";
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

const AT = { evse: 1, connector: 1 };
const tx = (id: number | undefined): LocalTransaction => ({
  localId: "local-1",
  id,
  idTag: "TAG-1",
  meterStartWh: 0,
  startedAt: T0,
});

/** Every charge-point action, through the version's mapping of the model's events. */
const ACTIONS: [string, (l: ChargePointMapping) => Promise<unknown>][] = [
  [
    "BootNotification",
    (l) => l.boot({ vendor: "cpsim", model: "Virtual AC 22", firmwareVersion: "1.0" }, "PowerUp"),
  ],
  ["Heartbeat", (l) => l.heartbeat()],
  [
    "StatusNotification",
    (l) => l.statusChanged({ ...AT, status: "Charging", errorCode: "NoError", timestamp: T0 }),
  ],
  ["Authorize", (l) => l.authorize({ value: "TAG-1", type: "ISO14443" })],
  [
    "StartTransaction",
    (l) =>
      l.transaction({ kind: "started", tx: tx(undefined), at: AT, trigger: "Authorized", timestamp: T0 }),
  ],
  [
    "MeterValues",
    (l) => l.transaction({ kind: "updated", tx: tx(7), at: AT, trigger: "MeterValuePeriodic", readings }),
  ],
  [
    "StopTransaction",
    (l) =>
      l.transaction({
        kind: "ended",
        tx: tx(7),
        at: AT,
        idTag: "TAG-1",
        meterStopWh: 5500,
        timestamp: T1,
        reason: "Local",
        readings,
      }),
  ],
  ["DataTransfer", (l) => l.dataTransfer("com.example", "hello", "<&>")],
  ["DiagnosticsStatusNotification", (l) => l.logStatus("Uploaded")],
  ["FirmwareStatusNotification", (l) => l.firmwareStatus("Installed")],
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
      const service = await centralSystemService(versionRow(version).soap!);
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
      const service = await centralSystemService(versionRow(version).soap!);
      let n = 0;
      const caller = new SoapCaller({
        url,
        service,
        identity: "CP-GOLDEN",
        fromAddress: "http://127.0.0.1:8090/ocpp" + version + "/CP-GOLDEN",
        agent: new Agent(),
        newMessageId: () => `urn:uuid:00000000-0000-4000-8000-00000000000${++n}`,
      });
      // 1.x mappings read no settings: the charge point's side is not needed.
      const link = versionRow(version).mapping(caller, {} as ChargePointCommands);
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
