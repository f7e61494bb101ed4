import { ConnectError } from "../transport/errors.ts";
import { connectWebSocket, type TlsOptions } from "../transport/json/connect.ts";
import { JsonRpc, type TraceEvent } from "../transport/json/rpc.ts";
import type { CallbackListen } from "../transport/soap/callback-host.ts";
import { UserError } from "../util/errors.ts";
import { redactUrl } from "../util/redact-url.ts";
import type { Scheduler } from "../util/scheduler.ts";
import type { ChargePointMapping } from "./mapping.ts";
import type { ChargePointCommands } from "./neutral-commands.ts";
import { type CallObserver, observedCaller, observedHandler } from "./observe.ts";
import { soapDialer } from "./soap-dial.ts";
import { actionSet, type OcppVersion, versionRow } from "./versions.ts";

export type { OcppVersion } from "./versions.ts";

export interface DialOptions {
  /** Central system base URL (ws:// or wss://). */
  url: string;
  version: OcppVersion;
  password?: string;
  tls?: TlsOptions;
  callTimeoutMs?: number;
  scheduler?: Scheduler;
  newMessageId?: () => string;
  /** Every message both ways, with the charge point id; omit in load runs. */
  trace?: (cp: string, event: TraceEvent) => void;
  onProblem?: (cp: string, message: string) => void;
  /**
   * Sees every central-system call before the charge point answers it, and may answer it
   * instead (a wire payload, or a thrown OcppError for a CALLERROR). `auto` is the answer the
   * charge point model would give.
   */
  intercept?: (cp: string, action: string, payload: unknown, auto: () => unknown) => unknown;
  /** Sees how every call ends (load runs: metrics without a trace). */
  observe?: CallObserver;
  /** Source address of the connections (several local addresses spread a fleet's ports). */
  localAddress?: () => string | undefined;
  /** SOAP only: where charge points listen for the central system's calls, and the address they announce. */
  callback?: CallbackListen;
}

/**
 * Opens one charge point's connection to its central system and returns the version's mapping
 * over it; `commands` answer the central system's calls, `onClose` hears of a connection lost.
 */
export type Dialer = (
  identity: string,
  commands: ChargePointCommands,
  onClose: (code: number, reason: string) => void,
) => Promise<ChargePointMapping>;

/**
 * How a fleet reaches its central system: the transport from the URL (ws(s):// is OCPP-J,
 * http(s):// is SOAP) and the version row from the options. One dialer serves every charge point.
 */
export function dialerFor(opts: DialOptions): Dialer {
  const row = versionRow(opts.version);
  const scheme = /^([a-z]+):\/\//i.exec(opts.url)?.[1]?.toLowerCase();
  let host = "";
  try {
    host = new URL(opts.url).hostname;
  } catch {
    // reported below
  }
  if ((scheme === "ws" || scheme === "wss") && !host) {
    throw new UserError(
      `${redactUrl(opts.url)} is not a valid central system URL; expected ws://host:port/path or wss://host:port/path.`,
    );
  }
  if (scheme === "http" || scheme === "https") {
    if (!host) {
      throw new UserError(
        `${redactUrl(opts.url)} is not a valid central system URL; expected http://host:port/path for OCPP over SOAP.`,
      );
    }
    return soapDialer(opts, row);
  }
  if (scheme !== "ws" && scheme !== "wss") {
    throw new UserError(
      `${redactUrl(opts.url)} is not a central system URL; expected ws(s)://host:port/path for OCPP-J or http(s)://host:port/path for SOAP.`,
    );
  }
  const subprotocol = row.subprotocol;
  if (!subprotocol) {
    throw new UserError(
      `OCPP ${opts.version} has no JSON binding; use an http:// or https:// URL for OCPP ${opts.version} over SOAP.`,
    );
  }
  return async (identity, commands, onClose) => {
    const ws = await connectWebSocket({
      url: opts.url,
      identity,
      protocols: [subprotocol],
      password: opts.password,
      tls: opts.tls,
      handshakeTimeoutMs: opts.callTimeoutMs,
      localAddress: opts.localAddress?.(),
    }).catch((err: unknown) => {
      if (err instanceof ConnectError && err.refusal) row.connectRefused?.(commands, err.refusal);
      throw err;
    });
    const trace = opts.trace;
    const observe = opts.observe;
    const plain = row.handlers(commands);
    const dispatch = observe ? observedHandler(plain, observe) : plain;
    const intercept = opts.intercept;
    const onProblem = opts.onProblem;
    // Set just below: the socket JsonRpc resumes flows on a later tick, so no frame comes before it.
    let mapping: ChargePointMapping | undefined;
    const rpc = new JsonRpc(ws, {
      schemas: row.schemas(),
      incoming: actionSet(row.centralSystemActions),
      handler: intercept
        ? (action, payload, signal) =>
            intercept(identity, action, payload, () => dispatch(action, payload, signal))
        : dispatch,
      callTimeoutMs: opts.callTimeoutMs,
      scheduler: opts.scheduler,
      newId: opts.newMessageId,
      trace: trace && ((e) => trace(identity, e)),
      onProblem: onProblem && ((m) => onProblem(identity, m)),
      onInvalidMessage: (m) => mapping?.invalidMessage?.(m),
      onClose,
    });
    mapping = row.mapping(observe ? observedCaller(rpc, observe) : rpc, commands);
    return mapping;
  };
}
