export const OCPP_VERSIONS = ["1.5", "1.6"] as const;
export type OcppVersion = (typeof OCPP_VERSIONS)[number];
