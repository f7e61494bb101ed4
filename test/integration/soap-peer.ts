// An OCPP SOAP central system the project did not write: only the `soap` package and the
// official WSDLs. It answers every charge-point action and calls back the charge point's
// ChargePointService with a `soap` client built from the official ChargePointService WSDL.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import soap from "soap";
import { CallLog, HOST, listen } from "./helpers.ts";

export type SoapVersion = "1.5" | "1.6";

const wsdlPath = (v: SoapVersion, service: "CentralSystemService" | "ChargePointService") =>
  fileURLToPath(
    new URL(`../../src/ocpp/${v === "1.5" ? "v15" : "v16"}/soap/${service}.wsdl`, import.meta.url),
  );

export interface SoapPeer {
  url: string;
  log: CallLog;
  /** SOAP headers of each request, in order: chargeBoxIdentity, Action, MessageID, From, To. */
  headers: Record<string, unknown>[];
  /** Calls an operation on the charge point that last talked to us, via its wsa:From address. */
  command(action: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startSoapPeer(version: SoapVersion, transactionId = 4242): Promise<SoapPeer> {
  const log = new CallLog();
  const headers: Record<string, unknown>[] = [];
  const now = () => new Date().toISOString();
  const answer =
    (action: string, result: (args: Record<string, unknown>) => unknown) =>
    (args: Record<string, unknown>, _cb: unknown, h: Record<string, unknown>) => {
      headers.push(h);
      log.record(action, args);
      return result(args);
    };
  const accepted = { idTagInfo: { status: "Accepted" } };
  const port = {
    Authorize: answer("Authorize", () => accepted),
    BootNotification: answer("BootNotification", () =>
      version === "1.5"
        ? { status: "Accepted", currentTime: now(), heartbeatInterval: 86400 }
        : { status: "Accepted", currentTime: now(), interval: 86400 },
    ),
    DataTransfer: answer("DataTransfer", () => ({ status: "UnknownVendorId" })),
    DiagnosticsStatusNotification: answer("DiagnosticsStatusNotification", () => ({})),
    FirmwareStatusNotification: answer("FirmwareStatusNotification", () => ({})),
    Heartbeat: answer("Heartbeat", () => ({ currentTime: now() })),
    MeterValues: answer("MeterValues", () => ({})),
    StartTransaction: answer("StartTransaction", () => ({ transactionId, ...accepted })),
    StatusNotification: answer("StatusNotification", () => ({})),
    StopTransaction: answer("StopTransaction", () => accepted),
  };
  const http = createServer();
  const wsdl = readFileSync(wsdlPath(version, "CentralSystemService"), "utf8");
  await new Promise<void>((resolve, reject) => {
    soap.listen(http, {
      path: "/ocpp",
      services: { CentralSystemService: { CentralSystemServiceSoap12: port } },
      xml: wsdl,
      forceSoap12Headers: true,
      callback: (err: unknown) => (err ? reject(err) : resolve()),
    } as soap.IServerOptions);
  });
  const portNumber = await listen(http);
  const cpClient = await soap.createClientAsync(wsdlPath(version, "ChargePointService"), {
    forceSoap12Headers: true,
  });
  const ns = version === "1.5" ? "urn://Ocpp/Cp/2012/06/" : "urn://Ocpp/Cp/2015/10/";
  return {
    url: `http://${HOST}:${portNumber}/ocpp`,
    log,
    headers,
    async command(action, args) {
      const last = headers.at(-1) ?? {};
      const from = (last.From as { Address?: string } | undefined)?.Address;
      if (!from) throw new Error("no charge point has told us its address yet");
      cpClient.setEndpoint(from);
      cpClient.clearSoapHeaders();
      cpClient.addSoapHeader({ chargeBoxIdentity: last.chargeBoxIdentity }, "", "tns", ns);
      const [result] = await (cpClient as unknown as Record<string, (a: unknown) => Promise<[unknown]>>)[
        `${action}Async`
      ]!(args);
      return (result ?? {}) as Record<string, unknown>;
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
