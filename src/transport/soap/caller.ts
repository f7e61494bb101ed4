import { randomUUID } from "node:crypto";
import { type Agent as HttpAgent, request as httpRequest } from "node:http";
import { type Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { CallOptions } from "../../ocpp/neutral.ts";
import { defaultScheduler, type Scheduler } from "../../util/scheduler.ts";
import {
  CallTimeoutError,
  ConnectionClosedError,
  credentialsHint,
  InvalidRequestError,
  InvalidResponseError,
  RequestCutError,
} from "../errors.ts";
import type { TraceEvent } from "../json/rpc.ts";
import { describeSocketError } from "../socket-errors.ts";
import type { PayloadRewrite, RawAnswer, TapDecision, Wire, WireTap } from "../wire.ts";
import { envelope, faultOf, SoapFaultError } from "./envelope.ts";
import type { SoapService } from "./service.ts";

export interface SoapCallerOptions {
  /** The endpoint of the service being called. */
  url: string;
  /** The WSDL of the service being called (CentralSystemService for a charge point). */
  service: SoapService;
  /** The charge point this exchange is about; sent as the OCPP header chargeBoxIdentity. */
  identity: string;
  /** Our own endpoint, sent as wsa:From so the peer can call back. */
  fromAddress?: string;
  /** Shared keep-alive agent: one per target and TLS setting, never one per charge point. */
  agent: HttpAgent | HttpsAgent;
  /** OCPP security profile 1/2: HTTP basic auth with the identity as user. */
  password?: string;
  callTimeoutMs?: number;
  scheduler?: Scheduler;
  newMessageId?: () => string;
  trace?: (event: TraceEvent) => void;
  /**
   * The versions the central system services' namespaces belong to (namespace → version), so a
   * failed answer in another version's namespace can say which version answered. The transport
   * knows no versions itself: the version table gives them.
   */
  namespaceVersions?: ReadonlyMap<string, string>;
}

const MAX_RESPONSE_BYTES = 1 << 20;

const NO_VERSIONS: ReadonlyMap<string, string> = new Map();

/**
 * An answer in another version's namespace fails on its schema (`interval` where 1.6 has
 * `heartbeatInterval`), which does not tell the user the fix: say which version answered.
 * Only looked for once a call has failed, so a good answer costs nothing.
 */
function withVersionHint(
  err: unknown,
  text: string,
  ours: string,
  versions: ReadonlyMap<string, string>,
): unknown {
  if (!(err instanceof InvalidResponseError || err instanceof SoapFaultError)) return err;
  for (const [namespace, version] of versions) {
    if (namespace !== ours && text.includes(namespace)) {
      err.message += `; the central system answers in OCPP ${version} (${namespace}): run with --ocpp ${version}`;
      break;
    }
  }
  return err;
}

/**
 * OCPP over SOAP 1.2 from one side to the other: one HTTP POST per call, envelopes built from the
 * official WSDL, every request and response checked against its schema. Calls of one charge point
 * go out one after the other, so the central system sees them in the order they were made, as
 * over OCPP-J.
 */
export class SoapCaller implements Wire {
  readonly binding = "soap";
  // Fault hooks (src/faults/): undefined unless a fault is armed, so a plain call checks them once.
  tap: WireTap | undefined;
  rewrite: PayloadRewrite | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly timeoutMs: number;
  // Worked out once per charge point rather than per call.
  private readonly url: URL;
  /** The endpoint without credentials: it goes into every envelope and every message. */
  private readonly to: string;
  private readonly authorization: string | undefined;

  constructor(private readonly opts: SoapCallerOptions) {
    this.timeoutMs = opts.callTimeoutMs ?? 30_000;
    this.url = new URL(opts.url);
    const bare = new URL(opts.url);
    bare.username = "";
    bare.password = "";
    this.to = bare.href;
    this.authorization =
      opts.password === undefined
        ? undefined
        : `Basic ${Buffer.from(`${opts.identity}:${opts.password}`).toString("base64")}`;
  }

  /** The fault-injection controls: the caller itself, as it holds nothing per connection. */
  get wire(): Wire {
    return this;
  }

  call(action: string, payload: unknown, how?: CallOptions): Promise<unknown> {
    if (this.rewrite) payload = this.rewrite(action, payload);
    const op = this.opts.service.operations.get(action);
    if (!op) {
      return Promise.reject(
        new InvalidRequestError(
          action,
          `the ${this.opts.service.serviceName} WSDL has no operation ${action}`,
        ),
      );
    }
    const body = this.opts.service.serialize(op.input, payload ?? {});
    if (body.problems.length > 0)
      return Promise.reject(new InvalidRequestError(action, body.problems.join("; ")));
    if (this.closed)
      return Promise.reject(new ConnectionClosedError(action, "the charge point disconnected"));
    const run = () =>
      this.closed
        ? Promise.reject(new ConnectionClosedError(action, "the charge point disconnected"))
        : this.post(action, op.soapAction, op.output, body.xml, payload, how?.messageId);
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  sendRaw(): Promise<RawAnswer> {
    return Promise.reject(
      new Error("sending raw text is an OCPP-J fault; SOAP envelopes are built from the WSDL"),
    );
  }

  /** No connection to close in SOAP: queued and later calls are refused; one in flight finishes. */
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private post(
    action: string,
    soapAction: string,
    output: string,
    bodyXml: string,
    payload: unknown,
    messageId: string | undefined,
  ) {
    // A repeat keeps the MessageID of the attempt that may have arrived (WS-Addressing's duplicate detection).
    const id = messageId ?? this.opts.newMessageId?.() ?? `urn:uuid:${randomUUID()}`;
    const xml = envelope({
      identity: this.opts.identity,
      namespace: this.opts.service.namespace,
      action: soapAction,
      messageId: id,
      to: this.to,
      from: this.opts.fromAddress,
      body: bodyXml,
    });
    const trace = this.opts.trace;
    trace?.({ dir: "out", kind: "call", id, action, payload, at: Date.now() });
    const sentAt = performance.now();
    const answered = (kind: "result" | "error", answer: unknown) =>
      trace?.({
        dir: "in",
        kind,
        id,
        action,
        payload: answer,
        latencyMs: performance.now() - sentAt,
        at: Date.now(),
      });
    const decision = this.tap?.({ kind: "call", action, id });
    const exchanged = decision
      ? this.tapped(decision, action, soapAction, output, xml, id)
      : this.exchange(action, soapAction, xml, id);
    return exchanged.then(({ status, text }) => {
      let value: unknown;
      try {
        value = this.read(action, output, status, text);
      } catch (err) {
        // A Fault is the peer's answer, as a CALLERROR is over OCPP-J; it shows in the trace too.
        if (err instanceof SoapFaultError)
          answered("error", { code: err.code, description: err.reason, details: {} });
        throw withVersionHint(
          err,
          text,
          this.opts.service.namespace,
          this.opts.namespaceVersions ?? NO_VERSIONS,
        );
      }
      answered("result", value);
      return value;
    });
  }

  /** A call with a fault: held back, cut off mid-body, or sent twice (the repeat's answer is reported apart). */
  private async tapped(
    d: TapDecision,
    action: string,
    soapAction: string,
    output: string,
    xml: string,
    id: string,
  ) {
    if (d.delayMs) await (this.opts.scheduler ?? defaultScheduler).sleep(d.delayMs);
    if (d.cut !== undefined) return this.exchange(action, soapAction, xml, id, false, false, d.cut);
    const answer = await this.exchange(action, soapAction, xml, id);
    const repeat = d.repeat;
    if (repeat) {
      // The same envelope again (the same wsa:MessageID), or the same body under a new MessageID.
      const again = repeat.newId ? xml.replace(/(<wsa:MessageID>)[^<]*/, `$1urn:uuid:${randomUUID()}`) : xml;
      const second = await this.exchange(action, soapAction, again, id).then(
        (a) => this.rawAnswer(action, output, a),
        (err: Error) => ({ kind: "closed", detail: err.message }) as RawAnswer,
      );
      repeat.answered?.(second);
    }
    return answer;
  }

  private rawAnswer(action: string, output: string, a: { status: number; text: string }): RawAnswer {
    try {
      return { kind: "result", id: "", payload: this.read(action, output, a.status, a.text) };
    } catch (err) {
      if (err instanceof SoapFaultError)
        return { kind: "error", id: "", code: err.code, description: err.reason, details: {} };
      return { kind: "closed", detail: (err as Error).message };
    }
  }

  private exchange(
    action: string,
    soapAction: string,
    xml: string,
    id: string,
    retried = false,
    /** The first try of a retried request was written: the central system may have it already. */
    wroteBefore = false,
    /** Fault injection: send only this fraction of the body, then drop the connection. */
    cut?: number,
  ): Promise<{ status: number; text: string }> {
    const url = this.url;
    const headers: Record<string, string | number> = {
      "content-type": `application/soap+xml; charset=utf-8; action="${soapAction}"`,
      "content-length": Buffer.byteLength(xml),
    };
    if (this.authorization) headers.authorization = this.authorization;
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const where = `${url.protocol}//${url.host}${url.pathname}`;
    return new Promise((resolve, reject) => {
      let done = false;
      // Flushed to the socket: from then on the central system may have it (a refused connection never is).
      let written = wroteBefore;
      const finish = (err: Error | undefined, answer?: { status: number; text: string }) => {
        if (done) return;
        done = true;
        timer.cancel();
        if (err) reject(err);
        else resolve(answer!);
      };
      const req = send(url, { method: "POST", headers, agent: this.opts.agent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > MAX_RESPONSE_BYTES) {
            req.destroy();
            finish(new InvalidResponseError(action, `the answer is larger than ${MAX_RESPONSE_BYTES} bytes`));
          } else chunks.push(c);
        });
        res.on("error", (e) => finish(e));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          const type = String(res.headers["content-type"] ?? "");
          if (status === 401 || status === 403) {
            finish(
              new InvalidResponseError(
                action,
                `${where} answered HTTP ${status}, ${credentialsHint(this.authorization !== undefined, status)}`,
              ),
            );
          } else if (/html/i.test(type) || /^\s*(<!doctype html|<html)/i.test(text)) {
            finish(
              new InvalidResponseError(
                action,
                `${where} answered HTTP ${status} with an HTML page, not SOAP; check the URL`,
              ),
            );
          } else if (!/xml/i.test(type) && status !== 200) {
            finish(
              new InvalidResponseError(
                action,
                `${where} answered HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ""} without a SOAP envelope`,
              ),
            );
          } else finish(undefined, { status, text });
        });
      });
      const timer = (this.opts.scheduler ?? defaultScheduler).after(this.timeoutMs, () => {
        req.destroy();
        finish(new CallTimeoutError(action, this.timeoutMs, written ? id : undefined));
      });
      req.on("error", (e: Error & { code?: string }) => {
        // A keep-alive socket the server closed while idle fails on reuse before the server read
        // anything; Node's documented remedy is to send once more on a fresh socket.
        if (!retried && !done && req.reusedSocket && e.code === "ECONNRESET") {
          done = true;
          timer.cancel();
          this.exchange(action, soapAction, xml, id, true, written).then(resolve, reject);
          return;
        }
        finish(
          new ConnectionClosedError(
            action,
            `could not reach ${where}: ${describeSocketError(e, "http")}`,
            written ? id : undefined,
          ),
        );
      });
      req.on("finish", () => {
        written = true;
      });
      if (cut === undefined) req.end(xml);
      else {
        // A cut body never reaches the service (its length falls short), so it is not "written".
        const body = Buffer.from(xml);
        req.write(body.subarray(0, Math.floor(body.length * Math.min(1, Math.max(0, cut)))), () => {
          finish(new RequestCutError(action, "the charge point dropped the connection mid-request"));
          req.destroy();
        });
      }
    });
  }

  private read(action: string, output: string, status: number, text: string): unknown {
    let parsed: Record<string, unknown>;
    try {
      parsed = this.opts.service.parse(text);
    } catch (err) {
      const fault = faultOf(err);
      if (fault) throw fault;
      throw new InvalidResponseError(action, "the answer is not a SOAP envelope (the XML does not parse)");
    }
    // A Fault was thrown above; any other envelope must come with a success status.
    if (status < 200 || status > 299) {
      throw new InvalidResponseError(
        action,
        `the central system answered HTTP ${status} with a SOAP envelope that is no Fault`,
      );
    }
    const body = parsed.Body as Record<string, unknown> | undefined;
    if (!body || typeof body !== "object") {
      throw new InvalidResponseError(action, "the answer is not a SOAP envelope (no soap:Body)");
    }
    if (!Object.hasOwn(body, output)) {
      const found = Object.keys(body)[0];
      throw new InvalidResponseError(
        action,
        `expected ${output} in the SOAP body, found ${found ?? "nothing"}`,
      );
    }
    const { value, problems } = this.opts.service.check(output, body[output]);
    if (problems.length > 0) throw new InvalidResponseError(action, problems.join("; "));
    return value;
  }
}
