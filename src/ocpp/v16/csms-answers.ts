import type { CentralSystemState } from "../../csms/state.ts";
import { isoTimestamp } from "../../util/clock.ts";
import { own } from "../../util/own.ts";
import type { CentralSystemAnswer } from "../version-row.ts";
import type { CpInitiated16, Req, Res } from "./actions.ts";

type Answers16 = {
  [A in keyof CpInitiated16]: (cp: string, req: Req<CpInitiated16, A>) => Res<CpInitiated16, A>;
};

/** Answers every charge-point-initiated OCPP 1.6 action as a permissive central system would. */
export function centralSystemAnswers16(state: CentralSystemState): CentralSystemAnswer {
  const { policy } = state;
  const answers: Answers16 = {
    BootNotification: (cp) => ({
      status: policy.bootStatus(cp),
      currentTime: isoTimestamp(Date.now()),
      interval: policy.heartbeatIntervalSec,
    }),
    Heartbeat: () => ({ currentTime: isoTimestamp(Date.now()) }),
    Authorize: (_cp, req) => ({ idTagInfo: { status: policy.authorize(req.idTag) } }),
    StartTransaction: (cp, req) => {
      const transactionId = state.newTransactionId();
      const status = state.startStatus(req.idTag);
      if (status === "Accepted") {
        state.transactions.set(transactionId, {
          cp,
          connectorId: req.connectorId,
          idTag: req.idTag,
          meterStart: req.meterStart,
        });
      }
      return { transactionId, idTagInfo: { status } };
    },
    StopTransaction: (_cp, req) => {
      state.transactions.delete(req.transactionId);
      return req.idTag ? { idTagInfo: { status: policy.authorize(req.idTag) } } : {};
    },
    StatusNotification: () => ({}),
    MeterValues: () => ({}),
    // No vendor extensions are known to the embedded central system (OCPP 1.6 §4.3).
    DataTransfer: () => ({ status: "UnknownVendorId" }),
    DiagnosticsStatusNotification: () => ({}),
    FirmwareStatusNotification: () => ({}),
  };
  const table = answers as Record<string, (cp: string, req: unknown) => unknown>;
  // The transport only passes actions of CpInitiated16, all of which have an answer above.
  return (cp, action, payload) => own(table, action)!(cp, payload);
}
