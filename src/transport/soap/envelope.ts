import { ERROR_DESCRIPTIONS, OcppError, type OcppErrorCode } from "../../ocpp/errors.ts";

export const SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope";
export const WSA_NS = "http://www.w3.org/2005/08/addressing";
const ANONYMOUS = `${WSA_NS}/anonymous`;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) =>
    c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "&" ? "&amp;" : c === '"' ? "&quot;" : "&apos;",
  );
}

export interface EnvelopeParts {
  identity: string;
  /** Namespace of the service being called: chargeBoxIdentity is declared there. */
  namespace: string;
  action: string;
  messageId: string;
  to: string;
  from?: string;
  body: string;
}

/**
 * A SOAP 1.2 request envelope with the OCPP header and the WS-Addressing headers central systems
 * read. wsa:From carries our endpoint so the peer can call back (OCPP 1.5/1.6 SOAP); wsa:ReplyTo
 * stays anonymous, because a WS-Addressing stack would send the answer to a ReplyTo address
 * asynchronously instead of in the HTTP response.
 */
export function envelope(p: EnvelopeParts): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<soap:Envelope xmlns:soap="${SOAP12_NS}" xmlns:wsa="${WSA_NS}">` +
    `<soap:Header>` +
    `<chargeBoxIdentity xmlns="${p.namespace}">${escapeXml(p.identity)}</chargeBoxIdentity>` +
    `<wsa:Action soap:mustUnderstand="true">${escapeXml(p.action)}</wsa:Action>` +
    `<wsa:MessageID>${escapeXml(p.messageId)}</wsa:MessageID>` +
    (p.from ? `<wsa:From><wsa:Address>${escapeXml(p.from)}</wsa:Address></wsa:From>` : "") +
    `<wsa:ReplyTo><wsa:Address>${ANONYMOUS}</wsa:Address></wsa:ReplyTo>` +
    `<wsa:To soap:mustUnderstand="true">${escapeXml(p.to)}</wsa:To>` +
    `</soap:Header>` +
    `<soap:Body>${p.body}</soap:Body>` +
    `</soap:Envelope>`
  );
}

/** A SOAP Fault the peer answered with; the OCPP error code comes from its Subcode when it names one. */
export class SoapFaultError extends OcppError {
  constructor(
    readonly faultCode: string,
    readonly subcode: string | undefined,
    readonly reason: string,
  ) {
    const name = subcode?.slice(subcode.indexOf(":") + 1);
    const code = (name && Object.hasOwn(ERROR_DESCRIPTIONS, name) ? name : "GenericError") as OcppErrorCode;
    super(code, `SOAP Fault ${faultCode}${subcode ? `/${subcode}` : ""}: ${reason}`, {}, true);
    this.name = "SoapFaultError";
  }
}

const text = (v: unknown): string => {
  if (typeof v === "string") return v;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return text(o.$value ?? o.Value ?? o.Text ?? Object.values(o)[0]);
  }
  return v === undefined || v === null ? "" : String(v);
};

/** The `soap` package throws on a Fault while parsing; this recovers it as a SoapFaultError. */
export function faultOf(err: unknown): SoapFaultError | undefined {
  const root = (err as { root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } } })?.root;
  const fault = root?.Envelope?.Body?.Fault;
  if (!fault) return undefined;
  // SOAP 1.2: Code/Value, Code/Subcode/Value, Reason/Text; SOAP 1.1: faultcode, faultstring.
  const code = fault.Code as Record<string, unknown> | undefined;
  const faultCode = text(code?.Value ?? fault.faultcode) || "Fault";
  const sub = code?.Subcode as Record<string, unknown> | undefined;
  const subcode = sub ? text(sub.Value) : undefined;
  const reason = text(fault.Reason ?? fault.faultstring) || "no reason given";
  return new SoapFaultError(faultCode, subcode, reason);
}

/** A call for a charge point this endpoint does not serve (OCPP SOAP's IdentityMismatch fault). */
export class UnknownIdentityError extends Error {
  constructor(identity: string) {
    super(`no charge point ${JSON.stringify(identity)} is served at this endpoint`);
    this.name = "UnknownIdentityError";
  }
}

export interface FaultParts {
  code: "soap:Sender" | "soap:Receiver";
  subcode: string;
  reason: string;
  httpStatus: number;
}

/** The SOAP 1.2 Fault for anything a handler throws; the OCPP error code becomes the subcode. */
export function faultFor(err: unknown): FaultParts {
  if (err instanceof UnknownIdentityError) {
    return { code: "soap:Sender", subcode: "IdentityMismatch", reason: err.message, httpStatus: 400 };
  }
  const ocpp = err instanceof OcppError ? err : undefined;
  const code = ocpp?.code ?? "InternalError";
  // The sender is at fault for everything but our own failures (OCPP 1.6 SOAP uses the OCPP-J codes as subcodes).
  const sender = code !== "InternalError" && code !== "GenericError";
  return {
    code: sender ? "soap:Sender" : "soap:Receiver",
    subcode: code,
    reason: ocpp?.message ?? ERROR_DESCRIPTIONS.InternalError,
    // SOAP 1.2 HTTP binding: 400 for the sender's faults, 500 for ours.
    httpStatus: sender ? 400 : 500,
  };
}

const FAULT_ACTION = `${WSA_NS}/soap/fault`;

/** A response envelope: the body, or a Fault, with wsa:Action and wsa:RelatesTo. */
export function responseEnvelope(p: {
  action: string;
  relatesTo?: string;
  body?: string;
  fault?: FaultParts;
}): string {
  const body = p.fault
    ? `<soap:Fault><soap:Code><soap:Value>${p.fault.code}</soap:Value><soap:Subcode><soap:Value>${escapeXml(p.fault.subcode)}</soap:Value></soap:Subcode></soap:Code>` +
      `<soap:Reason><soap:Text xml:lang="en">${escapeXml(p.fault.reason)}</soap:Text></soap:Reason></soap:Fault>`
    : (p.body ?? "");
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<soap:Envelope xmlns:soap="${SOAP12_NS}" xmlns:wsa="${WSA_NS}">` +
    `<soap:Header><wsa:Action>${escapeXml(p.fault ? FAULT_ACTION : p.action)}</wsa:Action>` +
    (p.relatesTo ? `<wsa:RelatesTo>${escapeXml(p.relatesTo)}</wsa:RelatesTo>` : "") +
    `</soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}
