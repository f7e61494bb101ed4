// Socket and TLS failures in one plain sentence each, shared by the OCPP-J and SOAP transports.
import type { ConnectRefusal } from "./errors.ts";

// OpenSSL's verdicts on the central system's certificate (not on the handshake, nor on ours).
const SERVER_CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_SIGNATURE_FAILURE",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "INVALID_PURPOSE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

// No TLS version both sides accept: the server alerts that ours are not its, or it offers only
// ones below our minimum (TLS 1.2 by Node's default). Node reports both as EPROTO, so by OpenSSL's reason.
const TLS_VERSION_REASONS = /tlsv1 alert protocol version|unsupported protocol/i;

const isTlsFailure = (err: Error & { code?: string }) =>
  /SSL|TLS|certificate|EPROTO/i.test(err.message) || err.code?.startsWith("ERR_SSL") === true;

// OpenSSL's text is "…:SSL routines:<function>:<reason>:<source file>…"; only the reason helps.
const opensslReason = (err: Error) =>
  /SSL routines:[^:]*:([^:]+)/.exec(err.message)?.[1] ?? err.message.split("\n")[0] ?? "";

/** The failure as a refusal on security grounds (a certificate, a TLS version), if it is one. */
export function tlsRefusal(err: Error & { code?: string }): ConnectRefusal | undefined {
  if (err.code !== undefined && SERVER_CERTIFICATE_CODES.has(err.code))
    return { kind: "serverCertificate", code: err.code };
  if (!isTlsFailure(err)) return undefined;
  const reason = opensslReason(err);
  return TLS_VERSION_REASONS.test(reason) ? { kind: "tlsVersion", reason } : undefined;
}

export function describeSocketError(err: Error & { code?: string }, plain: "ws" | "http" = "ws"): string {
  if (SERVER_CERTIFICATE_CODES.has(err.code ?? ""))
    return `the TLS certificate of the central system was not accepted (${err.code}); pass --ca with its CA certificate`;
  switch (err.code) {
    case "ECONNREFUSED":
      return "connection refused, nothing is listening there";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the host name could not be resolved";
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "the host is unreachable";
    case "ECONNRESET":
      return "the connection was reset by the server";
  }
  if (isTlsFailure(err)) {
    const reason = opensslReason(err);
    if (/certificate required/i.test(reason))
      return "the central system requires a client certificate; pass --cert and --key";
    if (/bad certificate|unknown ca|certificate unknown|decrypt error/i.test(reason)) {
      return `the central system did not accept the client certificate (${reason})`;
    }
    if (TLS_VERSION_REASONS.test(reason))
      return `the central system speaks no TLS version of 1.2 or later (${reason})`;
    if (/wrong version number|packet length too long/i.test(reason))
      return `the server does not speak TLS there; use ${plain}:// instead of ${plain}s://`;
    return `the TLS handshake failed (${reason})`;
  }
  return err.message || String(err.code);
}
