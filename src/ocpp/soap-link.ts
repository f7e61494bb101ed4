import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { ConnectionClosedError, RequestCutError } from "../transport/errors.ts";
import { CallbackHost } from "../transport/soap/callback-host.ts";
import { SoapCaller } from "../transport/soap/caller.ts";
import type { CallOptions } from "./neutral.ts";
import { observedCaller, observedHandler } from "./observe.ts";
import type { LinkFactory, LinkOptions } from "./open-link.ts";
import { centralSystemService, chargePointService, type SoapVersion } from "./soap-services.ts";
import { answerTo15, answerWithout16, requestTo16 } from "./v15/handlers.ts";
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
  const { intercept, trace, onProblem, observe } = opts;
  return async (identity, commands, onClose) => {
    const dispatch = dispatcher16(commands);
    // Overrides (scenario respond, --respond, answers by hand) speak 1.6 in every version: a 1.5
    // request is translated before they see it, and whatever answers is translated back.
    const answerPlain = async (action: string, payload: unknown) => {
      const request = version === "1.5" ? requestTo16(action, payload) : payload;
      const auto = () =>
        (version === "1.5" ? answerWithout16(action, request) : undefined) ??
        dispatch(action, request, new AbortController().signal);
      const res = await (intercept ? intercept(identity, action, request, auto) : auto());
      return version === "1.5" ? answerTo15(action, res, request) : res;
    };
    const answer = observe ? observedHandler(answerPlain, observe) : answerPlain;
    const lease = CallbackHost.acquire(opts.callback);
    try {
      const [cs, cpService, host] = await Promise.all([
        centralSystemService(version),
        chargePointService(version),
        lease.host,
      ]);
      const registration = host.register(`ocpp${version}`, cpService, identity, {
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
      let closed = false;
      const plain = {
        // SOAP has no connection to lose: a central system that cannot be reached (refused, reset)
        // is the drop, so the charge point goes offline and reconnects as over OCPP-J.
        call: (action: string, payload: unknown, how?: CallOptions) =>
          caller.call(action, payload, how).catch((err: unknown) => {
            if (err instanceof ConnectionClosedError && !(err instanceof RequestCutError) && !closed)
              onClose(1006, err.message);
            throw err;
          }),
        wire: caller,
        close: () => {
          if (closed) return Promise.resolve();
          closed = true;
          registration.unregister();
          lease.release();
          return caller.close();
        },
      };
      const rpc = observe ? observedCaller(plain, observe) : plain;
      return version === "1.5" ? new Link15(rpc) : new Link16(rpc);
    } catch (err) {
      lease.release();
      throw err;
    }
  };
}
