import { fileURLToPath } from "node:url";
import { loadService, type SoapService } from "../transport/soap/service.ts";
import type { SoapBinding } from "./version-row.ts";

/** The official WSDLs of a version (copied unmodified), parsed once per process. */
export function centralSystemService(b: SoapBinding): Promise<SoapService> {
  return loadService(fileURLToPath(new URL("CentralSystemService.wsdl", b.wsdlDir)));
}

export function chargePointService(b: SoapBinding): Promise<SoapService> {
  return loadService(fileURLToPath(new URL("ChargePointService.wsdl", b.wsdlDir)));
}
