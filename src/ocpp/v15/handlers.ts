import { own } from "../../util/own.ts";

// The 1.5 commands are the 1.6 ones minus RemoteTrigger and Smart Charging, with the same requests
// but for one spelling; two answers use older names. So 1.5 is answered by the 1.6 handlers, with
// requests translated to 1.6 before them (and before any override a scenario gives in 1.6 terms)
// and answers translated back to 1.5 after them.

// Configuration keys of the profiles 1.5 does not have; a 1.5 central system never hears of them.
const ONLY_16_KEYS = new Set([
  "ChargeProfileMaxStackLevel",
  "ChargingScheduleAllowedChargingRateUnit",
  "ChargingScheduleMaxPeriods",
  "MaxChargingProfilesInstalled",
  "ConnectorSwitch3to1PhaseSupported",
]);
const ONLY_16_PROFILES = new Set(["RemoteTrigger", "SmartCharging"]);

type Payload = Record<string, unknown>;

const REQUESTS: Record<string, (req: Payload) => Payload> = {
  // 1.5 spells it localAuthorisationList and may add a hash of the list, which 1.6 dropped.
  SendLocalList: ({ localAuthorisationList, hash: _hash, ...rest }) => ({
    ...rest,
    ...(localAuthorisationList === undefined ? {} : { localAuthorizationList: localAuthorisationList }),
  }),
};

interface KeyValue {
  key: string;
  readonly: boolean;
  value?: string;
}

const ANSWERS: Record<string, (res: Payload, req: Payload) => Payload> = {
  UnlockConnector: (res) => ({ status: res.status === "Unlocked" ? "Accepted" : "Rejected" }),
  // 1.5 has no RebootRequired: the change is accepted and takes effect with the next reboot.
  ChangeConfiguration: (res) => ({ status: res.status === "RebootRequired" ? "Accepted" : res.status }),
  GetConfiguration: (res, req) => {
    const keys = ((res.configurationKey ?? []) as KeyValue[])
      .filter((k) => !ONLY_16_KEYS.has(k.key))
      .map((k) =>
        k.key === "SupportedFeatureProfiles"
          ? {
              ...k,
              value: k.value
                ?.split(",")
                .filter((p) => !ONLY_16_PROFILES.has(p))
                .join(","),
            }
          : k,
      );
    const asked = ((req.key ?? []) as string[]).filter((k) => ONLY_16_KEYS.has(k));
    const unknown = [...((res.unknownKey ?? []) as string[]), ...asked];
    return { configurationKey: keys, ...(unknown.length > 0 ? { unknownKey: unknown } : {}) };
  },
};

/** A 1.5 request in the words of 1.6, for the 1.6 handlers and for overrides. */
export function requestTo16(action: string, payload: unknown): unknown {
  return own(REQUESTS, action)?.(payload as Payload) ?? payload;
}

/** Answers 1.5 gives without asking the charge point: changes to keys it does not know. */
export function answerWithout16(action: string, request: unknown): unknown {
  const key = (request as Payload).key;
  if (action === "ChangeConfiguration" && typeof key === "string" && ONLY_16_KEYS.has(key)) {
    return { status: "NotSupported" };
  }
  return undefined;
}

/** A 1.6 answer (the charge point's own or an override) in the words of 1.5. */
export function answerTo15(action: string, answer: unknown, request: unknown): unknown {
  const rename = own(ANSWERS, action);
  return rename ? rename((answer ?? {}) as Payload, request as Payload) : answer;
}

/** The embedded central system's 1.6 answer in the words of 1.5. */
// 1.5 names the heartbeat interval differently and has no Pending registration; a central system
// that is not ready yet rejects and lets the charge point retry after the interval.
export function centralSystemAnswerTo15(action: string, answer: unknown): unknown {
  const res = answer as Record<string, unknown>;
  if (action !== "BootNotification") return res;
  return {
    status: res.status === "Pending" ? "Rejected" : res.status,
    currentTime: res.currentTime,
    heartbeatInterval: res.interval,
  };
}
