// OCPP 1.6 (and 1.5, driven in its terms) in the words of the interactive menu: connectors by
// number, idTags without a type, transactions by StartTransaction/StopTransaction, and the
// configuration keys GetConfiguration lists.
import type { VersionTerms } from "../terms.ts";

export const TERMS_16: VersionTerms = {
  place: (at) => `connector ${at.evse}`,
  placeKind: "connector",
  wholeStatus: "0 (the charge point as a whole)",
  token: "idTag",
  tokenTypes: [],
  status: (s) => s,
  stopReason: (r) => r,
  messages: {
    start: "StartTransaction",
    stop: "StopTransaction",
    meter: "MeterValues",
    status: "StatusNotification",
  },
  settingsTitle: "configuration keys (GetConfiguration)",
  settingName: (key) => key,
  settings: (commands) =>
    commands.getConfiguration(undefined).entries.map((e) => ({
      name: e.key,
      value: e.value ?? "",
      readonly: e.readonly,
    })),
};
