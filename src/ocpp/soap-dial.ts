import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { ConnectionClosedError, RequestCutError } from "../transport/errors.ts";
import { CallbackHost } from "../transport/soap/callback-host.ts";
import { SoapCaller } from "../transport/soap/caller.ts";
import { UserError } from "../util/errors.ts";
import type { Dialer, DialOptions } from "./dial.ts";
import type { CallOptions } from "./neutral.ts";
import { observedCaller, observedHandler } from "./observe.ts";
import { centralSystemService, chargePointService } from "./soap-services.ts";
import type { OcppVersionRow } from "./version-row.ts";
import { SOAP_NAMESPACE_VERSIONS } from "./versions.ts";

/**
 * OCPP 1.5/1.6 over SOAP: calls go out as HTTP POSTs on one keep-alive agent per factory, and
 * the central system's calls come in through one callback server per process, whatever the
 * number of charge points.
 */
export function soapDialer(opts: DialOptions, row: OcppVersionRow): Dialer {
  const binding = row.soap;
  if (!binding) throw new UserError(`OCPP ${row.id} has no SOAP binding; use a ws:// or wss:// URL.`);
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
    const dispatch = row.handlers(commands);
    const { requestIn, answerOwn, answerOut } = binding;
    // Overrides (scenario respond, --respond, answers by hand) speak the row's `payloadsOf` (1.6
    // for 1.5): the request is translated before they see it, and whatever answers is translated back.
    const answerPlain = async (action: string, payload: unknown) => {
      const request = requestIn ? requestIn(action, payload) : payload;
      const auto = () =>
        answerOwn?.(action, request) ?? dispatch(action, request, new AbortController().signal);
      const res = await (intercept ? intercept(identity, action, request, auto) : auto());
      return answerOut ? answerOut(action, res, request) : res;
    };
    const answer = observe ? observedHandler(answerPlain, observe) : answerPlain;
    const lease = CallbackHost.acquire(opts.callback);
    try {
      const [cs, cpService, host] = await Promise.all([
        centralSystemService(binding),
        chargePointService(binding),
        lease.host,
      ]);
      const registration = host.register(`ocpp${row.id}`, cpService, identity, {
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
        namespaceVersions: SOAP_NAMESPACE_VERSIONS,
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
      return row.mapping(rpc, commands);
    } catch (err) {
      lease.release();
      throw err;
    }
  };
}
