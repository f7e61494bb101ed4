// The neutral central-system commands as 1.5 calls: 1.6's (1.5 is driven in 1.6 terms), without
// triggerMessage and smart charging, which came with 1.6, a remote start without a charging
// profile, and 1.5's older unlock answer read as the neutral one.
import { type CentralCommandTable, commandMaker } from "../central-commands.ts";
import type { CsInitiated16 } from "../v16/actions.ts";
import { CENTRAL_COMMANDS_16 } from "../v16/central-commands.ts";

const command = commandMaker<CsInitiated16>();

// 1.5 answers an unlock Accepted or Rejected; 1.6 (and the neutral answer) says Unlocked or UnlockFailed.
const UNLOCK: ReadonlyMap<string, string> = new Map([
  ["Accepted", "Unlocked"],
  ["Rejected", "UnlockFailed"],
]);

const {
  triggerMessage: _trigger,
  setChargingProfile: _set,
  clearChargingProfile: _clear,
  getCompositeSchedule: _composite,
  remoteStart,
  ...shared
} = CENTRAL_COMMANDS_16;

export const CENTRAL_COMMANDS_15: CentralCommandTable = {
  ...shared,
  ...(remoteStart && {
    remoteStart: {
      ...remoteStart,
      refuse: (a) => (a.profile ? "a remote start carries no charging profile" : undefined),
    },
  }),
  unlockConnector: command<"UnlockConnector", "unlockConnector">(
    "UnlockConnector",
    (a) => ({ connectorId: a.connector ?? 1 }),
    (res) => ({ status: UNLOCK.get(res.status) ?? res.status }),
  ),
};
