import { Agent, type IncomingMessage, type ServerResponse } from "node:http";
import { centralSystemService, chargePointService } from "../ocpp/soap-services.ts";
import type { SoapBinding } from "../ocpp/version-row.ts";
import type { TraceEvent } from "../transport/json/rpc.ts";
import { SoapCaller } from "../transport/soap/caller.ts";
import { soapEndpoint } from "../transport/soap/server.ts";
import { redactUrl } from "../util/redact-url.ts";
import type { Scheduler } from "../util/scheduler.ts";

/** What the embedded central system can do with a charge point, over OCPP-J or SOAP alike. */
export interface StationChannel {
  call(action: string, payload: unknown): Promise<unknown>;
  close(code?: number, reason?: string): Promise<void>;
}

export interface SoapEndpointDeps {
  /** The answer to a charge point's request, in the binding's `payloadsOf` terms (translated by the binding). */
  answer(cp: string, action: string, payload: unknown, messageId: string | undefined): unknown;
  record(cp: string, event: TraceEvent): void;
  problem(cp: string, message: string): void;
  /** A charge point told us where it listens; calls to it go there from now on. */
  reachable(cp: string, channel: StationChannel): void;
  callTimeoutMs?: number;
  scheduler?: Scheduler;
}

/**
 * CentralSystemService of one OCPP SOAP version, as a request handler for the central system's
 * HTTP server; charge points are called back at the wsa:From address they send.
 */
export async function centralSystemSoap(
  binding: SoapBinding,
  deps: SoapEndpointDeps,
): Promise<{ handle(req: IncomingMessage, res: ServerResponse): void; close(): void }> {
  const [service, cpService] = await Promise.all([
    centralSystemService(binding),
    chargePointService(binding),
  ]);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const callers = new Map<string, { address: string; caller: SoapCaller }>();
  // wsa:From comes from the peer: one that is no http(s) URL cannot be called back, but the request
  // it came with is still answered (it used to end as an InternalError when the caller was built).
  const callable = (cp: string, from: string): boolean => {
    if (URL.canParse(from) && /^https?:$/.test(new URL(from).protocol)) return true;
    deps.problem(
      cp,
      `wsa:From ${JSON.stringify(redactUrl(from))} is not an http:// or https:// URL; calls to ${cp} cannot be sent`,
    );
    return false;
  };
  const handle = soapEndpoint(service, {
    handler: (action, payload, ctx) => {
      if (ctx.from && callers.get(ctx.identity)?.address !== ctx.from && callable(ctx.identity, ctx.from)) {
        const caller = new SoapCaller({
          url: ctx.from,
          service: cpService,
          identity: ctx.identity,
          agent,
          callTimeoutMs: deps.callTimeoutMs,
          scheduler: deps.scheduler,
          trace: (e) => deps.record(ctx.identity, e),
        });
        callers.set(ctx.identity, { address: ctx.from, caller });
        deps.reachable(ctx.identity, caller);
      }
      const res = deps.answer(ctx.identity, action, payload, ctx.messageId) as Record<string, unknown>;
      return binding.centralSystemAnswerOut ? binding.centralSystemAnswerOut(action, res) : res;
    },
    trace: (cp, e) => deps.record(cp, e),
    onProblem: (cp, m) => deps.problem(cp, m),
  });
  return { handle, close: () => agent.destroy() };
}
