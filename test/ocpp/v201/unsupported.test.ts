// 2.0.1 commands the station has no feature for: each answered with a status the schema allows.
import { describe, expect, it } from "vitest";
import { schemasV201 } from "../../../src/ocpp/v201/schemas.ts";
import { answerUnsupported, UNSUPPORTED_201 } from "../../../src/ocpp/v201/unsupported.ts";

const monitor = {
  value: 10,
  type: "UpperThreshold",
  severity: 5,
  component: { name: "EVSE", evse: { id: 1 } },
  variable: { name: "Power" },
};
const REQUESTS: Record<string, unknown> = {
  CertificateSigned: { certificateChain: "-----BEGIN CERTIFICATE-----" },
  ClearDisplayMessage: { id: 1 },
  ClearVariableMonitoring: { id: [3, 4] },
  CostUpdated: { totalCost: 1.5, transactionId: "t1" },
  CustomerInformation: { requestId: 1, report: true, clear: false },
  DeleteCertificate: {
    certificateHashData: {
      hashAlgorithm: "SHA256",
      issuerNameHash: "a",
      issuerKeyHash: "b",
      serialNumber: "c",
    },
  },
  GetDisplayMessages: { requestId: 1 },
  GetInstalledCertificateIds: {},
  GetMonitoringReport: { requestId: 1 },
  InstallCertificate: { certificateType: "CSMSRootCertificate", certificate: "x" },
  PublishFirmware: { location: "http://x", checksum: "0123", requestId: 1 },
  SetDisplayMessage: {
    message: { id: 1, priority: "NormalCycle", message: { format: "ASCII", content: "hi" } },
  },
  SetMonitoringBase: { monitoringBase: "All" },
  SetMonitoringLevel: { severity: 3 },
  SetNetworkProfile: {
    configurationSlot: 2,
    connectionData: {
      ocppVersion: "OCPP20",
      ocppTransport: "JSON",
      ocppCsmsUrl: "ws://x",
      messageTimeout: 30,
      securityProfile: 1,
      ocppInterface: "Wired0",
    },
  },
  SetVariableMonitoring: { setMonitoringData: [monitor] },
  UnpublishFirmware: { checksum: "0123" },
};

describe("2.0.1 commands without a feature", () => {
  it("answer each with a schema-valid status", () => {
    expect([...UNSUPPORTED_201].sort()).toEqual(Object.keys(REQUESTS).sort());
    for (const action of UNSUPPORTED_201) {
      const request = REQUESTS[action];
      expect(schemasV201().validate(action, "request", request), `${action} request`).toBeUndefined();
      const answer = answerUnsupported(action, request);
      expect(
        schemasV201().validate(action, "response", answer),
        `${action}: ${JSON.stringify(answer)}`,
      ).toBeUndefined();
    }
    expect(answerUnsupported("ClearVariableMonitoring", REQUESTS.ClearVariableMonitoring)).toEqual({
      clearMonitoringResult: [
        { id: 3, status: "NotFound" },
        { id: 4, status: "NotFound" },
      ],
    });
    expect(answerUnsupported("GetVariables", {})).toBeUndefined();
    expect(answerUnsupported("toString", {})).toBeUndefined();
  });
});
