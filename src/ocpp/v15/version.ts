import { CP_INITIATED_16, CS_INITIATED_16 } from "../v16/actions.ts";
import { centralSystemAnswers16 } from "../v16/csms-answers.ts";
import { dispatcher16 } from "../v16/handlers.ts";
import { schemasV16 } from "../v16/schemas.ts";
import { TERMS_16 } from "../v16/terms.ts";
import type { OcppVersionRow } from "../version-row.ts";
import { CENTRAL_COMMANDS_15 } from "./central-commands.ts";
import { readEvent15 } from "./events.ts";
import { answerTo15, answerWithout16, centralSystemAnswerTo15, requestTo16 } from "./handlers.ts";
import { Mapping15 } from "./mapping.ts";

/**
 * OCPP 1.5, over SOAP only. Driven in 1.6 terms: the 1.6 handlers answer its central system
 * (requests and answers translated here), scenarios and overrides speak 1.6 payloads, and the
 * calls 1.6 added are refused before a run.
 */
export const V15: OcppVersionRow = {
  id: "1.5",
  transports: ["soap"],
  soap: {
    wsdlDir: new URL("./soap/", import.meta.url),
    namespace: "urn://Ocpp/Cs/2012/06/",
    requestIn: requestTo16,
    answerOwn: answerWithout16,
    answerOut: answerTo15,
    centralSystemAnswerOut: centralSystemAnswerTo15,
  },
  payloadsOf: "1.6",
  schemas: schemasV16,
  chargePointActions: CP_INITIATED_16,
  centralSystemActions: CS_INITIATED_16,
  // Central-system calls 1.6 added: TriggerMessage (RemoteTrigger) and Smart Charging.
  lacking: ["TriggerMessage", "SetChargingProfile", "ClearChargingProfile", "GetCompositeSchedule"],
  handlers: dispatcher16,
  mapping: (caller) => new Mapping15(caller),
  centralSystem: centralSystemAnswers16,
  centralSystemCommands: CENTRAL_COMMANDS_15,
  readEvent: readEvent15,
  settings: { kind: "keys" },
  terms: TERMS_16,
  authorizeAnswer: (info) => ({ idTagInfo: info }),
};
