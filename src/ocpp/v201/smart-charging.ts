// The 2.0.1 smart charging commands (Part 2 §K01, K05, K08–K10) answered from the model's profiles
// (ChargePointCommands): the placement rules 2.0.1 words differently from 1.6 are checked here,
// with the reasonCode each refusal carries; the rest (stackLevel, periods, units, room) are the
// model's, read from SmartChargingCtrlr. With SmartChargingCtrlr.Enabled false the station answers
// as one without smart charging, and ignores a RequestStartTransaction's profile.
import type { ChargePointCommands } from "../neutral-commands.ts";
import type { ChargingProfile, ChargingProfileFilter } from "../neutral-smart-charging.ts";
import type { CsmsInitiated201, Req, Res } from "./actions.ts";
import {
  compositeTo201,
  type ProfileRead,
  profileFrom201,
  purposeFrom201,
  type Refusal,
  refusal,
  reportsOf,
} from "./charging-profiles.ts";
import type { VarRef } from "./device-model/model.ts";
import { afterAnswer } from "./follow-ups.ts";
import type { Station201 } from "./station.ts";
import { openAt } from "./tx/open.ts";

type SmartCharging201 = Pick<
  CsmsInitiated201,
  "SetChargingProfile" | "ClearChargingProfile" | "GetChargingProfiles" | "GetCompositeSchedule"
>;

type Handlers = {
  [A in keyof SmartCharging201]: (
    cp: ChargePointCommands,
    st: Station201,
    req: Req<CsmsInitiated201, A>,
  ) => Res<CsmsInitiated201, A>;
};

const ENABLED: VarRef = { component: "SmartChargingCtrlr", variable: "Enabled" };
const ENTRIES: VarRef = {
  component: "SmartChargingCtrlr",
  variable: "Entries",
  instance: "ChargingProfiles",
};
const RATE_UNIT: VarRef = { component: "SmartChargingCtrlr", variable: "RateUnit" };

// Why, in a form StatusInfoType.reasonCode takes (at most 20 characters).
const NOT_SUPPORTED = { reasonCode: "UnsupportedRequest" };
const UNKNOWN_EVSE = (evseId: number) => refusal("UnknownEvse", `the station has no EVSE ${evseId}`);

const enabled = (st: Station201) => st.dm.bool(ENABLED);
const hasEvseOrStation = (st: Station201, id: number) => Number.isInteger(id) && id >= 0 && id <= st.evses;

/** Why 2.0.1 refuses the profile on this EVSE, before the model's rules (K01.FR.03/09/16/28/33). */
function placementRefusal(
  cp: ChargePointCommands,
  st: Station201,
  evseId: number,
  p: ChargingProfile,
): Refusal | undefined {
  if (!hasEvseOrStation(st, evseId)) return UNKNOWN_EVSE(evseId);
  if (p.purpose === "ChargePointMaxProfile" && evseId !== 0)
    return refusal("InvalidProfile", "a ChargingStationMaxProfile goes on evseId 0");
  if (p.purpose !== "TxProfile") return undefined;
  if (evseId === 0) return refusal("InvalidProfile", "a TxProfile goes on the EVSE of its transaction");
  if (p.transactionId === undefined) return refusal("InvalidProfile", "a TxProfile names its transactionId");
  const running = openAt(cp, evseId);
  if (running === undefined) return refusal("TxNotFound", `EVSE ${evseId} has no transaction`);
  if (running !== String(p.transactionId))
    return refusal("TxNotFound", `transaction ${p.transactionId} is not the one on EVSE ${evseId}`);
  return undefined;
}

export const SMART_CHARGING_201: Handlers = {
  SetChargingProfile: (cp, st, req) => {
    if (!enabled(st)) return { status: "Rejected", statusInfo: NOT_SUPPORTED };
    const read = profileFrom201(req.chargingProfile);
    if (read.refused) return { status: "Rejected", statusInfo: read.refused };
    const placement = placementRefusal(cp, st, req.evseId, read.profile);
    if (placement) return { status: "Rejected", statusInfo: placement };
    const verdict = cp.setChargingProfile(req.evseId, read.profile, "refuseOverlap");
    if (verdict.status === "Accepted") return { status: "Accepted" };
    return { status: "Rejected", statusInfo: refusal("InvalidProfile", verdict.problem ?? "refused") };
  },
  ClearChargingProfile: (cp, st, req) => {
    if (!enabled(st)) return { status: "Unknown", statusInfo: NOT_SUPPORTED };
    const c = req.chargingProfileCriteria;
    // External constraints are not the CSMS's to clear (K10), and the station holds none.
    if (c?.chargingProfilePurpose === "ChargingStationExternalConstraints") return { status: "Unknown" };
    const purpose = c?.chargingProfilePurpose && purposeFrom201(c.chargingProfilePurpose);
    const filter: ChargingProfileFilter =
      req.chargingProfileId !== undefined
        ? { id: req.chargingProfileId }
        : { connectorId: c?.evseId, purpose, stackLevel: c?.stackLevel };
    return { status: cp.clearChargingProfile(filter) };
  },
  GetChargingProfiles: (cp, st, req) => {
    if (!enabled(st)) return { status: "NoProfiles", statusInfo: NOT_SUPPORTED };
    if (req.evseId !== undefined && !hasEvseOrStation(st, req.evseId))
      return { status: "NoProfiles", statusInfo: UNKNOWN_EVSE(req.evseId) };
    const reports = reportsOf(cp.chargingProfiles(), req);
    if (reports.length === 0) return { status: "NoProfiles" };
    afterAnswer(
      st,
      reports.map((payload) => ({ action: "ReportChargingProfiles", payload })),
    );
    return { status: "Accepted" };
  },
  GetCompositeSchedule: (cp, st, req) => {
    if (!enabled(st)) return { status: "Rejected", statusInfo: NOT_SUPPORTED };
    if (!hasEvseOrStation(st, req.evseId))
      return { status: "Rejected", statusInfo: UNKNOWN_EVSE(req.evseId) };
    const units = (st.dm.read(st.dm.slot(RATE_UNIT)) ?? "").split(",");
    if (req.chargingRateUnit && !units.includes(req.chargingRateUnit))
      return {
        status: "Rejected",
        statusInfo: refusal("UnsupportedRateUnit", `SmartChargingCtrlr.RateUnit is ${units.join(",")}`),
      };
    return compositeTo201(
      cp.getCompositeSchedule(req.evseId, req.duration, req.chargingRateUnit),
      req.evseId,
    );
  },
};

/**
 * RequestStartTransaction's chargingProfile (K05; F01): a TxProfile naming no transaction yet,
 * applied to the transaction the start opens. Undefined when there is none or smart charging is
 * off (the start goes on without it).
 */
export function remoteStartProfile(
  st: Station201,
  p: Req<CsmsInitiated201, "RequestStartTransaction">["chargingProfile"],
): ProfileRead | undefined {
  if (!p || !enabled(st)) return undefined;
  if (p.chargingProfilePurpose !== "TxProfile")
    return { refused: refusal("InvalidProfile", "the profile of a remote start must be a TxProfile") };
  if (p.transactionId !== undefined)
    return { refused: refusal("InvalidProfile", "the profile of a remote start names no transaction yet") };
  return profileFrom201(p);
}

/** SmartChargingCtrlr.Entries: how many profiles are installed, for a CSMS reading the device model. */
export function countProfiles(cp: ChargePointCommands, st: Station201): void {
  st.dm.write(st.dm.slot(ENTRIES), String(cp.chargingProfiles().length));
}
