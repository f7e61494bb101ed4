import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { CallbackHost } from "../transport/soap/callback-host.ts";
import { SoapCaller } from "../transport/soap/caller.ts";
import type { LinkFactory, LinkOptions } from "./open-link.ts";
import { centralSystemService, chargePointService, type SoapVersion } from "./soap-services.ts";
import { dispatcher15 } from "./v15/handlers.ts";
import { Link15 } from "./v15/link.ts";
import { dispatcher16 } from "./v16/handlers.ts";
import { Link16 } from "./v16/link.ts";

/**
 * OCPP 1.5/1.6 over SOAP: calls go out as HTTP POSTs on one keep-alive agent per factory, and
 * the central system's calls come in through one callback server per process, whatever the
 * number of charge points.
 */
export function soapLinkFactory(opts: LinkOptions, version: SoapVersion): LinkFactory {
  const https = new URL(opts.url).protocol === "https:";
  // Sockets are reused across calls and charge points; a fleet queues on them instead of
  // opening thousands of connections at once.
  const agent = https
    ? new HttpsAgent({
        keepAlive: true,
        maxSockets: 64,
        rejectUnauthorized: opts.tls?.rejectUnauthorized ?? true,
        ca: opts.tls?.ca,
        cert: opts.tls?.cert,
        key: opts.tls?.key,
      })
    : new HttpAgent({ keepAlive: true, maxSockets: 64 });
  const { intercept, trace, onProblem } = opts;
  return async (identity, commands) => {
    const [cs, cpService, host] = await Promise.all([
      centralSystemService(version),
      chargePointService(version),
      CallbackHost.acquire(opts.callback),
    ]);
    const dispatch = version === "1.5" ? dispatcher15(commands) : dispatcher16(commands);
    const answer = (action: string, payload: unknown) => {
      const auto = () => dispatch(action, payload, new AbortController().signal);
      return intercept ? intercept(identity, action, payload, auto) : auto();
    };
    const registration = await host.register(`ocpp${version}`, cpService, identity, {
      handler: answer,
      trace: trace && ((e) => trace(identity, e)),
      onProblem: onProblem && ((m) => onProblem(identity, m)),
    });
    const caller = new SoapCaller({
      url: opts.url,
      service: cs,
      identity,
      fromAddress: registration.address,
      agent,
      password: opts.password,
      callTimeoutMs: opts.callTimeoutMs,
      scheduler: opts.scheduler,
      newMessageId: opts.newMessageId,
      trace: trace && ((e) => trace(identity, e)),
    });
    const rpc = {
      call: (action: string, payload: unknown) => caller.call(action, payload),
      close: () => {
        registration.unregister();
        return caller.close();
      },
    };
    return version === "1.5" ? new Link15(rpc) : new Link16(rpc);
  };
}
