import type { ChargePointCommands } from "../neutral.ts";
import { dispatcher16 } from "../v16/handlers.ts";

// The 1.5 commands are the 1.6 ones minus RemoteTrigger and Smart Charging, with the same
// requests; two answers use older names. So 1.5 reuses the 1.6 handlers and renames those.
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
    const res = (await dispatch16(action, payload, signal)) as Record<string, unknown>;
    const rename = ANSWERS15[action];
    return rename ? rename(res) : res;
  };
}
