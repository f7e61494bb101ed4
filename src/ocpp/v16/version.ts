import type { OcppVersionRow } from "../version-row.ts";
import { CP_INITIATED_16, CS_INITIATED_16 } from "./actions.ts";
import { CENTRAL_COMMANDS_16 } from "./central-commands.ts";
import { centralSystemAnswers16 } from "./csms-answers.ts";
import { readEvent16 } from "./events.ts";
import { dispatcher16 } from "./handlers.ts";
import { Mapping16 } from "./mapping.ts";
import { schemasV16 } from "./schemas.ts";
import { TERMS_16 } from "./terms.ts";

/** OCPP 1.6: JSON (OCPP-J, subprotocol ocpp1.6) and SOAP; the payloads every 1.x row is driven in. */
export const V16: OcppVersionRow = {
  id: "1.6",
  transports: ["json", "soap"],
  subprotocol: "ocpp1.6",
  soap: { wsdlDir: new URL("./soap/", import.meta.url), namespace: "urn://Ocpp/Cs/2015/10/" },
  payloadsOf: "1.6",
  schemas: schemasV16,
  chargePointActions: CP_INITIATED_16,
  centralSystemActions: CS_INITIATED_16,
  lacking: [],
  handlers: dispatcher16,
  mapping: (caller) => new Mapping16(caller),
  centralSystem: centralSystemAnswers16,
  centralSystemCommands: CENTRAL_COMMANDS_16,
  readEvent: readEvent16,
  // Configuration keys are the store's own names (src/chargepoint/settings.ts).
  settings: { kind: "keys" },
  terms: TERMS_16,
  authorizeAnswer: (info) => ({ idTagInfo: info }),
};
