import { connectWebSocket, type TlsOptions } from "../transport/json/connect.ts";
import { JsonRpc, type TraceEvent } from "../transport/json/rpc.ts";
import type { CallbackListen } from "../transport/soap/callback-host.ts";
import { UserError } from "../util/errors.ts";
import { redactUrl } from "../util/redact-url.ts";
import type { Scheduler } from "../util/scheduler.ts";
import type { CentralSystemLink, ChargePointCommands } from "./neutral.ts";
import { type CallObserver, observedCaller, observedHandler } from "./observe.ts";
import { schemasV16 } from "./schemas.ts";
import { soapLinkFactory } from "./soap-link.ts";
import { CS_INITIATED_16 } from "./v16/actions.ts";
import { dispatcher16 } from "./v16/handlers.ts";
import { Link16 } from "./v16/link.ts";
import type { OcppVersion } from "./versions.ts";

export type { OcppVersion } from "./versions.ts";

export interface LinkOptions {
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

export type LinkFactory = (
  identity: string,
  commands: ChargePointCommands,
  onClose: (code: number, reason: string) => void,
) => Promise<CentralSystemLink>;

const CS16 = new Set<string>(CS_INITIATED_16);

/** Chooses transport and mapping from the options: ws(s):// is OCPP-J, http(s):// is SOAP. */
export function linkFactory(opts: LinkOptions): LinkFactory {
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
    return soapLinkFactory(opts, opts.version);
  }
  if (scheme !== "ws" && scheme !== "wss") {
    throw new UserError(
      `${redactUrl(opts.url)} is not a central system URL; expected ws(s)://host:port/path for OCPP-J or http(s)://host:port/path for SOAP.`,
    );
  }
  if (opts.version !== "1.6") {
    throw new UserError(
      `OCPP ${opts.version} has no JSON binding; use an http:// or https:// URL for OCPP ${opts.version} over SOAP.`,
    );
  }
  return async (identity, commands, onClose) => {
    const ws = await connectWebSocket({
      url: opts.url,
      identity,
      protocols: ["ocpp1.6"],
      password: opts.password,
      tls: opts.tls,
      handshakeTimeoutMs: opts.callTimeoutMs,
      localAddress: opts.localAddress?.(),
    });
    const trace = opts.trace;
    const observe = opts.observe;
    const plain = dispatcher16(commands);
    const dispatch = observe ? observedHandler(plain, observe) : plain;
    const intercept = opts.intercept;
    const onProblem = opts.onProblem;
    const rpc = new JsonRpc(ws, {
      schemas: schemasV16(),
      incoming: CS16,
      handler: intercept
        ? (action, payload, signal) =>
            intercept(identity, action, payload, () => dispatch(action, payload, signal))
        : dispatch,
      callTimeoutMs: opts.callTimeoutMs,
      scheduler: opts.scheduler,
      newId: opts.newMessageId,
      trace: trace && ((e) => trace(identity, e)),
      onProblem: onProblem && ((m) => onProblem(identity, m)),
      onClose,
    });
    return new Link16(observe ? observedCaller(rpc, observe) : rpc);
  };
}
