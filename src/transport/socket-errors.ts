// Socket and TLS failures in one plain sentence each, shared by the OCPP-J and SOAP transports.

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

/** The code of a failure to verify the central system's TLS certificate; undefined for any other. */
export function serverCertificateCode(err: Error & { code?: string }): string | undefined {
  return err.code !== undefined && SERVER_CERTIFICATE_CODES.has(err.code) ? err.code : undefined;
}

export function describeSocketError(err: Error & { code?: string }, plain: "ws" | "http" = "ws"): string {
  if (serverCertificateCode(err))
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
  if (/SSL|TLS|certificate|EPROTO/i.test(err.message) || err.code?.startsWith("ERR_SSL")) {
    // OpenSSL's text is "…:SSL routines:<function>:<reason>:<source file>…"; only the reason helps.
    const reason = /SSL routines:[^:]*:([^:]+)/.exec(err.message)?.[1] ?? err.message.split("\n")[0];
    if (/certificate required/i.test(reason!))
      return "the central system requires a client certificate; pass --cert and --key";
    if (/bad certificate|unknown ca|certificate unknown|decrypt error/i.test(reason!)) {
      return `the central system did not accept the client certificate (${reason})`;
    }
    if (/wrong version number|packet length too long/i.test(reason!))
      return `the server does not speak TLS there; use ${plain}:// instead of ${plain}s://`;
    return `the TLS handshake failed (${reason})`;
  }
  return err.message || String(err.code);
}
