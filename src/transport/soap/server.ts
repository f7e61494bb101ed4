import type { Server as HttpServer, IncomingMessage } from "node:http";
import soap from "soap";
import { OcppError, type OcppErrorCode } from "../../ocpp/errors.ts";
import type { TraceEvent } from "../json/rpc.ts";
import { escapeXml, faultFor, WSA_NS } from "./envelope.ts";
import type { SoapService } from "./service.ts";
import { toWire } from "./xsd-check.ts";

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

// The `soap` package hands headers over as parsed objects: a plain text or { $value } with attributes.
function text(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && "$value" in v) return String((v as { $value: unknown }).$value);
  return undefined;
}

function identityFromPath(req: IncomingMessage): string {
  const last = new URL(req.url ?? "/", "http://x").pathname.split("/").filter(Boolean).pop() ?? "";
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
  if (/expected one of|characters, found/.test(problem)) return "PropertyConstraintViolation";
  return "TypeConstraintViolation";
}

/**
 * Serves one OCPP SOAP service (a WSDL parsed once per process) on an HTTP server at a path.
 * Every request is checked against the WSDL's schema before the handler sees it and every answer
 * before it leaves; failures become SOAP Faults with the OCPP error code as subcode.
 */
export function serveSoap(
  http: HttpServer,
  path: RegExp,
  service: SoapService,
  opts: SoapServeOptions,
): Promise<soap.Server> {
  const port: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const [action, op] of service.operations) {
    port[action] = async (args, _callback, headers, req) => {
      const h = (headers ?? {}) as Record<string, unknown>;
      const ctx: SoapCallContext = {
        identity: text(h.chargeBoxIdentity) ?? identityFromPath(req as IncomingMessage),
        from: text((h.From as Record<string, unknown> | undefined)?.Address),
        messageId: text(h.MessageID),
      };
      const id = ctx.messageId ?? "";
      const trace =
        opts.trace &&
        ((e: Omit<TraceEvent, "at" | "id">) => opts.trace!(ctx.identity, { ...e, id, at: Date.now() }));
      const checked = service.check(op.input, args);
      trace?.({ dir: "in", kind: "call", action, payload: checked.value });
      if (checked.problems.length > 0) {
        const message = `${action} from ${ctx.identity} breaks the WSDL schema: ${checked.problems.join("; ")}`;
        opts.onProblem?.(ctx.identity, message);
        throw failure(new OcppError(problemCode(checked.problems[0]!), message), action, trace);
      }
      let result: unknown;
      try {
        result = await opts.handler(action, checked.value, ctx);
      } catch (err) {
        throw failure(err, action, trace);
      }
      const out = toWire(result ?? {}, service.type(op.output), op.output);
      if (out.problems.length > 0) {
        const message = `our answer to ${action} breaks the WSDL schema: ${out.problems.join("; ")}`;
        opts.onProblem?.(ctx.identity, message);
        throw failure(new OcppError("InternalError", message), action, trace);
      }
      trace?.({ dir: "out", kind: "result", action, payload: result ?? {} });
      return out.value;
    };
  }
  const services = { [service.serviceName]: { [service.portName]: port } };
  return new Promise((resolve) => {
    const server = new soap.Server(http, path, services as soap.IServices, service.serverView(), {
      path,
      services: services as soap.IServices,
      // Faults carry our own sentence; a stack trace is never sent to a peer.
      suppressStack: true,
      callback: () => resolve(server),
    } as soap.IServerOptions);
    server.addSoapHeader(
      (methodName: string, _args: unknown, headers: Record<string, unknown> | undefined) => {
        const op = service.operations.get(methodName);
        const relatesTo = text(headers?.MessageID);
        return (
          `<wsa:Action xmlns:wsa="${WSA_NS}">${escapeXml(`${op?.soapAction ?? `/${methodName}`}Response`)}</wsa:Action>` +
          (relatesTo ? `<wsa:RelatesTo xmlns:wsa="${WSA_NS}">${escapeXml(relatesTo)}</wsa:RelatesTo>` : "")
        );
      },
    );
  });
}

function failure(
  err: unknown,
  action: string,
  trace: ((e: Omit<TraceEvent, "at" | "id">) => void) | undefined,
): { Fault: Record<string, unknown> } {
  const fault = faultFor(err);
  const code = (fault.Fault.Code as { Subcode: { Value: string } }).Subcode.Value;
  const description = (fault.Fault.Reason as { Text: string }).Text;
  trace?.({ dir: "out", kind: "error", action, payload: { code, description, details: {} } });
  return fault;
}
