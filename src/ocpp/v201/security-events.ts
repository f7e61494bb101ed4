// The security events a 2.0.1 station records beside its boots (notices.ts), from the appendix of
// security events (Part 2, Appendix 1), and the bound on what waits for delivery.
//
// Of these the appendix marks InvalidCsmsCertificate and InvalidTLSVersion critical, which a
// station must send (A04.FR.01). FailedToAuthenticateAtCsms, InvalidMessages and
// ReconfigurationOfSecurityParameters need only go to its security log; cpsim has no log to read,
// so it sends them too, for a CSMS under test to see. Each is a fact the station really met:
// nothing here is made up to fill the list.
//
// Why bounded: a station that cannot connect keeps failing the same way on every attempt of its
// back-off, a CSMS can send any number of bad frames, and a load run holds 10,000 stations. So one
// event of each of these kinds waits at a time (the first: it says when the trouble began), and
// at most MAX_WAITING security events wait, boots included; beyond that a new one is not kept.
import type { ConnectRefusal } from "../../transport/errors.ts";
import type { InvalidMessage } from "../../transport/json/rpc.ts";
import { isoTimestamp } from "../../util/clock.ts";
import type { ChargePointCommands } from "../neutral-commands.ts";
import { holdNotice, type ProblemSink } from "./notice-queue.ts";
import { type Station201, station201 } from "./station.ts";
import type { SetVariableResultType } from "./types.ts";

export const MAX_WAITING = 32;

/** The kinds of which one waits at a time: those a failure repeats (see the file's comment). */
const ONE_WAITING: ReadonlySet<string> = new Set([
  "InvalidCsmsCertificate",
  "InvalidTLSVersion",
  "FailedToAuthenticateAtCsms",
  "InvalidMessages",
  "ReconfigurationOfSecurityParameters",
]);

/** SecurityEventNotification's techInfo is a string of at most 255 characters. */
const TECH_INFO_MAX = 255;

/**
 * Holds a security event for delivery (notice-queue.ts, with the station's other held messages),
 * unless one of its kind already waits or MAX_WAITING security events do (then `to` hears of it).
 * True when it was held.
 */
export function recordSecurityEvent(
  st: Station201,
  type: string,
  techInfo: string,
  now: number,
  to: ProblemSink,
): boolean {
  let waiting = 0;
  for (const n of st.notices ?? []) {
    if (n.action !== "SecurityEventNotification") continue;
    if (ONE_WAITING.has(type) && n.req.type === type) return false;
    waiting++;
  }
  if (waiting >= MAX_WAITING) {
    to.problem(`the security event ${type} is not kept: ${MAX_WAITING} wait for delivery already`);
    return false;
  }
  const req = { type, timestamp: isoTimestamp(now), techInfo: techInfo.slice(0, TECH_INFO_MAX) };
  holdNotice(st, { action: "SecurityEventNotification", req }, to);
  return true;
}

/**
 * A connection attempt refused on security grounds, recorded for the next connection: nothing can
 * reach the CSMS until one succeeds (then Mapping201 sends it, after the boot or at once).
 */
export function recordRefusal(commands: ChargePointCommands, refusal: ConnectRefusal): void {
  const { type, techInfo } = refusalEvent(refusal);
  recordSecurityEvent(station201(commands), type, techInfo, commands.now(), commands);
}

function refusalEvent(refusal: ConnectRefusal): { type: string; techInfo: string } {
  switch (refusal.kind) {
    case "serverCertificate":
      return {
        type: "InvalidCsmsCertificate",
        techInfo: `the CSMS's TLS certificate failed verification (${refusal.code}); no connection was made`,
      };
    case "tlsVersion":
      return {
        type: "InvalidTLSVersion",
        techInfo: `the CSMS speaks no TLS version of 1.2 or later (${refusal.reason}); no connection was made`,
      };
    case "credentials":
      return {
        type: "FailedToAuthenticateAtCsms",
        techInfo: `the CSMS refused the station's credentials (HTTP ${refusal.status} to the WebSocket upgrade)`,
      };
  }
}

/** InvalidMessages' techInfo: what arrived and its error code, never its content. */
export function invalidMessageInfo(m: InvalidMessage): string {
  if (m.kind === "frame") return `received a frame that is no OCPP-J message (${m.code})`;
  if (m.kind === "answer") return `received an answer to ${m.action} that breaks its schema (${m.code})`;
  return m.action
    ? `received a ${m.action} CALL that breaks its schema (${m.code})`
    : `received a CALL of an action OCPP 2.0.1 does not have (${m.code})`;
}

const SECURITY_COMPONENT = "SecurityCtrlr";

/**
 * ReconfigurationOfSecurityParameters' techInfo for a SetVariables answer, when it changed (or set
 * for the next reboot) a SecurityCtrlr variable: the variables' names, never their values (one is
 * BasicAuthPassword). Undefined when it changed none.
 */
export function reconfigurationInfo(results: readonly SetVariableResultType[]): string | undefined {
  const changed = results
    .filter(
      (r) =>
        r.component.name === SECURITY_COMPONENT &&
        (r.attributeStatus === "Accepted" || r.attributeStatus === "RebootRequired"),
    )
    .map((r) => `${SECURITY_COMPONENT}.${r.variable.name}`);
  if (changed.length === 0) return undefined;
  return `SetVariables changed ${[...new Set(changed)].join(", ")}`;
}
