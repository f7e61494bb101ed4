import type { ChargePoint } from "../chargepoint/charge-point.ts";
import type { Connector } from "../chargepoint/connector.ts";
import type { VersionTerms } from "../ocpp/terms.ts";

export type MenuAction =
  | "boot"
  | "status"
  | "authorize"
  | "plugIn"
  | "start"
  | "stop"
  | "unplug"
  | "meterValues"
  | "power"
  | "fault"
  | "clearFault"
  | "dataTransfer"
  | "raw"
  | "disconnect"
  | "reconnect"
  | "config"
  | "answerMode"
  | "quit";

export interface MenuChoice {
  value: MenuAction;
  name: string;
  /** Why the item cannot be chosen now; shown next to it. */
  disabled?: string;
}

/** Connectors that pass `test`, and the reason to show when none does. */
export function eligible(cp: ChargePoint, test: (c: Connector) => boolean): Connector[] {
  return cp.connectors.filter(test);
}

/**
 * The main menu for the charge point's current state, with reasons for what cannot be done, in
 * the words of the version spoken (`terms`: connector or EVSE, idTag or idToken, its messages).
 */
export function menuChoices(cp: ChargePoint, answerByHand: boolean, terms: VersionTerms): MenuChoice[] {
  const offline = cp.connected ? undefined : "(not connected: reconnect first)";
  const only = cp.connectors.length === 1 ? cp.connectors[0] : undefined;
  const where = only ? terms.place(only.at) : `any ${terms.placeKind}`;
  // "(no transaction on connector 1)" for one connector, "(no transaction on any connector)" for several.
  const need = (test: (c: Connector) => boolean, what: string) =>
    offline ?? (eligible(cp, test).length > 0 ? undefined : `(${what} on ${where})`);
  const free = (c: Connector) => !c.transaction && c.status !== "Faulted" && c.status !== "Unavailable";
  const { messages } = terms;
  return [
    { value: "boot", name: "Boot (BootNotification)", disabled: offline },
    { value: "status", name: `Change ${terms.placeKind} status (${messages.status})`, disabled: offline },
    {
      value: "authorize",
      name: `Authorize a card${terms.tokenTypes.length > 0 ? " or another token" : ""} (Authorize)`,
      disabled: offline,
    },
    { value: "plugIn", name: "Plug in the EV", disabled: need((c) => !c.plugged, "a cable is already in") },
    {
      value: "start",
      name: `Start a transaction (${messages.start})`,
      disabled: need(free, "a transaction runs or a fault stops it"),
    },
    {
      value: "stop",
      name: `Stop a transaction (${messages.stop})`,
      disabled: need((c) => c.transaction !== undefined, "no transaction"),
    },
    { value: "unplug", name: "Unplug the EV", disabled: need((c) => c.plugged, "nothing plugged in") },
    { value: "meterValues", name: `Send meter values now (${messages.meter})`, disabled: offline },
    { value: "power", name: "Set the power the EV draws" },
    {
      value: "fault",
      name: `Fault ${/^[AEIOU]/.test(terms.placeKind) ? "an" : "a"} ${terms.placeKind}`,
      disabled: need((c) => c.status !== "Faulted", "already Faulted"),
    },
    { value: "clearFault", name: "Clear a fault", disabled: need((c) => c.status === "Faulted", "no fault") },
    { value: "dataTransfer", name: "Data transfer", disabled: offline },
    { value: "raw", name: "Send any action (raw JSON)", disabled: offline },
    cp.connected ? { value: "disconnect", name: "Disconnect" } : { value: "reconnect", name: "Reconnect" },
    { value: "config", name: `Show the ${terms.settingsTitle}` },
    {
      value: "answerMode",
      name: answerByHand
        ? "Answer central system calls automatically"
        : "Answer central system calls by hand",
    },
    { value: "quit", name: "Quit" },
  ];
}
