// The CSMS commands of 2.0.1 the simulated station has no feature for (display messages,
// monitoring, certificates, customer information, network profiles, local firmware publishing).
// Each gets the schema-valid answer a station without that feature gives — a Rejected,
// NotSupported, Unknown or NotFound status — rather than a CALLERROR: the actions are known and
// their answers have a status for it. The station's handlers delegate these here.
import { own } from "../../util/own.ts";
import type { CsmsInitiated201, Req, Res } from "./actions.ts";

// Why, in a form StatusInfoType.reasonCode takes (at most 20 characters).
const NOT_SUPPORTED = { reasonCode: "UnsupportedRequest" };

// A Pick, so the mapped type below reads `in keyof` (the src/ lint refuses a bare `name in x`).
type Unsupported = keyof Pick<
  CsmsInitiated201,
  | "CertificateSigned"
  | "ClearDisplayMessage"
  | "ClearVariableMonitoring"
  | "CostUpdated"
  | "CustomerInformation"
  | "DeleteCertificate"
  | "GetDisplayMessages"
  | "GetInstalledCertificateIds"
  | "GetMonitoringReport"
  | "InstallCertificate"
  | "PublishFirmware"
  | "SetDisplayMessage"
  | "SetMonitoringBase"
  | "SetMonitoringLevel"
  | "SetNetworkProfile"
  | "SetVariableMonitoring"
  | "UnpublishFirmware"
>;

const ANSWERS: {
  [A in keyof Pick<CsmsInitiated201, Unsupported>]: (
    req: Req<CsmsInitiated201, A>,
  ) => Res<CsmsInitiated201, A>;
} = {
  // No certificate signing request was sent, so there is no certificate to take.
  CertificateSigned: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  ClearDisplayMessage: () => ({ status: "Unknown" }),
  ClearVariableMonitoring: (req) => ({
    clearMonitoringResult: req.id.map((id) => ({ id, status: "NotFound" })),
  }),
  // A price update is information; there is nothing to refuse.
  CostUpdated: () => ({}),
  CustomerInformation: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  DeleteCertificate: () => ({ status: "NotFound" }),
  GetDisplayMessages: () => ({ status: "Unknown" }),
  GetInstalledCertificateIds: () => ({ status: "NotFound" }),
  GetMonitoringReport: () => ({ status: "NotSupported" }),
  InstallCertificate: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  PublishFirmware: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  SetDisplayMessage: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  SetMonitoringBase: () => ({ status: "NotSupported" }),
  SetMonitoringLevel: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  SetNetworkProfile: () => ({ status: "Rejected", statusInfo: NOT_SUPPORTED }),
  // No variable supports monitoring (VariableCharacteristics.supportsMonitoring is false).
  SetVariableMonitoring: (req) => ({
    setMonitoringResult: req.setMonitoringData.map((m) => ({
      status: "UnsupportedMonitorType",
      type: m.type,
      severity: m.severity,
      component: m.component,
      variable: m.variable,
    })),
  }),
  UnpublishFirmware: () => ({ status: "NoFirmware" }),
};

export const UNSUPPORTED_201: readonly string[] = Object.keys(ANSWERS);

/** The answer to a CSMS command the station has no feature for; undefined for any other action. */
export function answerUnsupported(action: string, payload: unknown): unknown {
  return own(ANSWERS as Record<string, (req: unknown) => unknown>, action)?.(payload);
}
