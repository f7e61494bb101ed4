import type { SettingKey } from "../../chargepoint/settings.ts";
import type { OcppVersionRow } from "../version-row.ts";
import { CSMS_INITIATED_201, STATION_INITIATED_201 } from "./actions.ts";
import { CENTRAL_COMMANDS_201 } from "./central-commands.ts";
import { centralSystemAnswers201 } from "./csms-answers.ts";
import type { VarRef } from "./device-model/model.ts";
import { readEvent201 } from "./events.ts";
import { dispatcher201 } from "./handlers.ts";
import { Mapping201 } from "./mapping.ts";
import { authorizeResponseOf } from "./messages.ts";
import { schemasV201 } from "./schemas.ts";
import { recordRefusal } from "./security-events.ts";
import { SETTING_VARIABLES_201 } from "./settings.ts";
import { TERMS_201 } from "./terms.ts";

/** OCPP 2.0.1 over JSON (subprotocol ocpp2.0.1), driven in its own payloads. */
export const V201: OcppVersionRow = {
  id: "2.0.1",
  transports: ["json"],
  subprotocol: "ocpp2.0.1",
  payloadsOf: "2.0.1",
  schemas: schemasV201,
  chargePointActions: STATION_INITIATED_201,
  centralSystemActions: CSMS_INITIATED_201,
  lacking: [],
  handlers: dispatcher201,
  mapping: (caller, commands) => new Mapping201(caller, commands),
  connectRefused: recordRefusal,
  centralSystem: centralSystemAnswers201,
  centralSystemCommands: CENTRAL_COMMANDS_201,
  readEvent: readEvent201,
  // Every key of SETTING_VARIABLES_201 is a store key (test/ocpp/v201/settings.test.ts checks it).
  settings: {
    kind: "variables",
    variables: SETTING_VARIABLES_201 as ReadonlyMap<SettingKey, VarRef>,
  },
  terms: TERMS_201,
  authorizeAnswer: authorizeResponseOf,
};
