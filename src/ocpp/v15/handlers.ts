import type { ChargePointCommands } from "../neutral.ts";
import { dispatcher16 } from "../v16/handlers.ts";

// The 1.5 commands are the 1.6 ones minus RemoteTrigger and Smart Charging, with the same
// requests but for one spelling; two answers use older names. So 1.5 reuses the 1.6 handlers and
// renames those.
const REQUESTS15: Record<string, (req: Record<string, unknown>) => Record<string, unknown>> = {
  // 1.5 spells it localAuthorisationList and may add a hash of the list, which 1.6 dropped.
  SendLocalList: ({ localAuthorisationList, hash: _hash, ...rest }) => ({
    ...rest,
    ...(localAuthorisationList === undefined ? {} : { localAuthorizationList: localAuthorisationList }),
  }),
};

const ANSWERS15: Record<string, (res: Record<string, unknown>) => Record<string, unknown>> = {
  UnlockConnector: (res) => ({ status: res.status === "Unlocked" ? "Accepted" : "Rejected" }),
  // 1.5 has no RebootRequired: the change is accepted and takes effect with the next reboot.
  ChangeConfiguration: (res) => ({ status: res.status === "RebootRequired" ? "Accepted" : res.status }),
  // 1.5's UpdateFirmware.conf is empty, as in 1.6.
};

/** A transport handler answering 1.5 central-system calls from the neutral charge point model. */
export function dispatcher15(cp: ChargePointCommands) {
  const dispatch16 = dispatcher16(cp);
  return async (action: string, payload: unknown, signal: AbortSignal): Promise<unknown> => {
    const request = REQUESTS15[action]?.(payload as Record<string, unknown>) ?? payload;
    const res = (await dispatch16(action, request, signal)) as Record<string, unknown>;
    const rename = ANSWERS15[action];
    return rename ? rename(res) : res;
  };
}
