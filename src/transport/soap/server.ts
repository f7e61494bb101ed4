import type { IncomingMessage, ServerResponse } from "node:http";
import { OcppError, type OcppErrorCode } from "../../ocpp/errors.ts";
import type { TraceEvent } from "../json/rpc.ts";
import { requestPath } from "../request-path.ts";
import { type FaultParts, faultFor, responseEnvelope } from "./envelope.ts";
import type { SoapOperation, SoapService } from "./service.ts";

export interface SoapCallContext {
  /** chargeBoxIdentity from the OCPP header, else the last segment of the request path. */
  identity: string;
  /** wsa:From/Address: where the caller can be called back. */
  from?: string;
  messageId?: string;
}

export type SoapHandler = (action: string, payload: unknown, ctx: SoapCallContext) => unknown;

export interface SoapServeOptions {
  handler: SoapHandler;
  trace?: (identity: string, event: TraceEvent) => void;
  onProblem?: (identity: string, message: string) => void;
}

/** OCPP requests are a few kB; anything this large is not one, and is not read to the end. */
const MAX_REQUEST_BYTES = 1 << 20;

// The `soap` package's parse gives a header as plain text or as { $value } with attributes.
function text(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && "$value" in v) return String((v as { $value: unknown }).$value);
  return undefined;
}

function identityFromPath(req: IncomingMessage): string {
  const last = requestPath(req.url)?.split("/").filter(Boolean).pop() ?? "";
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** The OCPP-J code a schema problem maps to, as ocpp-rpc maps JSON schema failures. */
export function problemCode(problem: string): OcppErrorCode {
  if (/is missing|expected at (least|most) \d+, found|expected one element/.test(problem))
    return "OccurenceConstraintViolation";
  if (/unexpected (element|attribute)|expected an element with children|expected a list/.test(problem))
    return "FormationViolation";
  if (/expected one of|characters, found|decimal places/.test(problem)) return "PropertyConstraintViolation";
  return "TypeConstraintViolation";
}

/**
 * An HTTP request handler serving one OCPP SOAP service (a WSDL parsed once per process). The
 * `soap` package parses the envelope and writes the answer's body; routing, the schema checks both
 * ways, the WS-Addressing reply headers and SOAP 1.2 Faults (the OCPP error code as subcode) are
 * done here, so that every failure, malformed XML and unknown operations included, gets a proper
 * Fault and no internal detail reaches the peer.
 */
export function soapEndpoint(service: SoapService, opts: SoapServeOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const reply = (status: number, xml: string) => {
      if (res.headersSent) return;
      res.writeHead(status, { "content-type": "application/soap+xml; charset=utf-8" });
      res.end(xml);
    };
    const fault = (fault: FaultParts, relatesTo?: string) =>
      reply(fault.httpStatus, responseEnvelope({ action: "", relatesTo, fault }));
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST", "content-type": "text/plain" });
      res.end("OCPP over SOAP: POST a SOAP 1.2 envelope here\n");
      return;
    }
    if (Number(req.headers["content-length"] ?? 0) > MAX_REQUEST_BYTES) {
      fault(faultFor(new OcppError("FormationViolation", "the request is larger than 1 MiB")));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(c);
    });
    req.on("error", () => res.destroy());
    req.on("end", () => {
      if (size > MAX_REQUEST_BYTES) {
        fault(faultFor(new OcppError("FormationViolation", "the request is larger than 1 MiB")));
        return;
      }
      void serve(Buffer.concat(chunks).toString("utf8")).catch(() => fault(faultFor(undefined)));
    });

    const serve = async (xml: string) => {
      let envelope: Record<string, unknown>;
      try {
        envelope = service.parse(xml);
      } catch {
        fault(
          faultFor(new OcppError("FormationViolation", "the request is not a well-formed SOAP envelope")),
        );
        return;
      }
      const header = (envelope.Header ?? {}) as Record<string, unknown>;
      const body = envelope.Body as Record<string, unknown> | undefined;
      const element = body && typeof body === "object" ? Object.keys(body)[0] : undefined;
      const ctx: SoapCallContext = {
        identity: text(header.chargeBoxIdentity) ?? identityFromPath(req),
        from: text((header.From as Record<string, unknown> | undefined)?.Address),
        messageId: text(header.MessageID),
      };
      const op = element === undefined ? undefined : service.byInput.get(element);
      if (!op) {
        const what = element ? `no operation for ${element}` : "a request without a SOAP body";
        fault(faultFor(new OcppError("NotImplemented", `${service.serviceName}: ${what}`)), ctx.messageId);
        return;
      }
      const answer = await call(op, body![element!], ctx);
      if ("fault" in answer) fault(answer.fault, ctx.messageId);
      else
        reply(
          200,
          responseEnvelope({
            action: `${op.soapAction}Response`,
            relatesTo: ctx.messageId,
            body: answer.xml,
          }),
        );
    };
  };

  async function call(
    op: SoapOperation,
    parsed: unknown,
    ctx: SoapCallContext,
  ): Promise<{ xml: string } | { fault: FaultParts }> {
    const { action } = op;
    const trace =
      opts.trace &&
      ((e: Omit<TraceEvent, "at" | "id">) =>
        opts.trace!(ctx.identity, { ...e, id: ctx.messageId ?? "", at: Date.now() }));
    const failure = (err: unknown) => {
      const f = faultFor(err);
      trace?.({
        dir: "out",
        kind: "error",
        action,
        payload: { code: f.subcode, description: f.reason, details: {} },
      });
      return { fault: f };
    };
    const checked = service.check(op.input, parsed);
    trace?.({ dir: "in", kind: "call", action, payload: checked.value });
    if (checked.problems.length > 0) {
      const message = `${action} from ${ctx.identity} breaks the WSDL schema: ${checked.problems.join("; ")}`;
      opts.onProblem?.(ctx.identity, message);
      return failure(new OcppError(problemCode(checked.problems[0]!), message));
    }
    let result: unknown;
    try {
      result = await opts.handler(action, checked.value, ctx);
    } catch (err) {
      return failure(err);
    }
    const out = service.serialize(op.output, result ?? {});
    if (out.problems.length > 0) {
      const message = `our answer to ${action} breaks the WSDL schema: ${out.problems.join("; ")}`;
      opts.onProblem?.(ctx.identity, message);
      return failure(new OcppError("InternalError", message));
    }
    trace?.({ dir: "out", kind: "result", action, payload: result ?? {} });
    return { xml: out.xml };
  }
}
