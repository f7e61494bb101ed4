export const OCPP_VERSIONS = ["1.5", "1.6"] as const;
export type OcppVersion = (typeof OCPP_VERSIONS)[number];

/** Central-system calls OCPP 1.6 added: TriggerMessage (RemoteTrigger) and Smart Charging. */
export const CALLS_NOT_IN_15: readonly string[] = [
  "TriggerMessage",
  "SetChargingProfile",
  "ClearChargingProfile",
  "GetCompositeSchedule",
];

/** The transport a URL's scheme names: SOAP for http(s)://, OCPP-J for any other; none without one. */
export function transportOfUrl(url: string): "json" | "soap" | undefined {
  const scheme = /^([a-z]+):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (!scheme) return undefined;
  return scheme === "http" || scheme === "https" ? "soap" : "json";
}
