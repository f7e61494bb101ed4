// OCPP 2.0.1 in the words of the interactive menu: EVSE and connector, an idToken with its type,
// transactions as TransactionEvent, connector status split into connectorStatus and
// chargingState, and the device model's component.variable names GetVariables/SetVariables use.
import type { VersionTerms } from "../terms.ts";
import type { Slot } from "./device-model/catalog.ts";
import { chargingStateOf, connectorStatusOf } from "./messages.ts";
import { SETTING_VARIABLES_201 } from "./settings.ts";
import { station201 } from "./station.ts";
import { stoppedReasonOf } from "./tx/from-model.ts";

// "EVSE(1).AvailabilityState", "Connector(1/1).ConnectorType",
// "OCPPCommCtrlr.MessageAttempts[TransactionEvent]": as the log summarizes Get/SetVariables.
function nameOf(slot: Slot): string {
  const { component, variable } = slot;
  const evse = component.evse;
  const where = evse ? `(${evse.id}${evse.connectorId === undefined ? "" : `/${evse.connectorId}`})` : "";
  return `${component.name}${where}.${variable.name}${variable.instance ? `[${variable.instance}]` : ""}`;
}

export const TERMS_201: VersionTerms = {
  place: (at) => `EVSE ${at.evse} / connector ${at.connector}`,
  placeKind: "EVSE",
  // 2.0.1 reports statuses per connector only: the station as a whole has none.
  wholeStatus: undefined,
  token: "idToken",
  tokenTypes: [
    "ISO14443",
    "ISO15693",
    "eMAID",
    "Central",
    "KeyCode",
    "Local",
    "MacAddress",
    "NoAuthorization",
  ],
  status: (s) => `${connectorStatusOf(s)} (${chargingStateOf(s)})`,
  stopReason: stoppedReasonOf,
  messages: {
    start: "TransactionEvent Started",
    stop: "TransactionEvent Ended",
    meter: "TransactionEvent Updated, or MeterValues outside one",
    status: "StatusNotification",
  },
  settingsTitle: "variables (component.variable, as GetVariables reads them)",
  settingName: (key) => {
    const ref = SETTING_VARIABLES_201.get(key);
    return ref ? `${ref.component}.${ref.variable}${ref.instance ? `[${ref.instance}]` : ""}` : key;
  },
  settings: (commands) => {
    const { dm } = station201(commands);
    return dm.catalog.slots.flatMap((slot) => {
      const actual = slot.def.attributes.find((a) => a.type === "Actual");
      // A WriteOnly value (a password) is never shown, as GetVariables never reads it back.
      if (!actual || actual.mutability === "WriteOnly") return [];
      return [{ name: nameOf(slot), value: dm.read(slot) ?? "", readonly: actual.mutability === "ReadOnly" }];
    });
  },
};
