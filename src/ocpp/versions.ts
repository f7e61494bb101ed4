export const OCPP_VERSIONS = ["1.5", "1.6"] as const;
export type OcppVersion = (typeof OCPP_VERSIONS)[number];

/** Central-system calls OCPP 1.6 added: TriggerMessage (RemoteTrigger) and Smart Charging. */
export const CALLS_NOT_IN_15: readonly string[] = [
  "TriggerMessage",
  "SetChargingProfile",
  "ClearChargingProfile",
  "GetCompositeSchedule",
];
