import { fileURLToPath } from "node:url";
import { loadService, type SoapService } from "../transport/soap/service.ts";

export type SoapVersion = "1.5" | "1.6";

const dir = (v: SoapVersion) => (v === "1.5" ? "v15" : "v16");

/** The official WSDLs of a version (copied unmodified), parsed once per process. */
export function centralSystemService(v: SoapVersion): Promise<SoapService> {
  return loadService(fileURLToPath(new URL(`./${dir(v)}/soap/CentralSystemService.wsdl`, import.meta.url)));
}

export function chargePointService(v: SoapVersion): Promise<SoapService> {
  return loadService(fileURLToPath(new URL(`./${dir(v)}/soap/ChargePointService.wsdl`, import.meta.url)));
}
