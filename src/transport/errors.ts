// Failures of a call that are not an OCPP CALLERROR from the peer. Each message is one plain
// sentence fit for a user: the CLI prints it as is.

// `sentAs` on the two failures below: the message id of a request that was written out and may
// have reached the peer, so a repeat can go under the same id. Absent when nothing left.

export class CallTimeoutError extends Error {
  constructor(
    readonly action: string,
    readonly timeoutMs: number,
    readonly sentAs?: string,
  ) {
    super(`${action} got no answer within ${timeoutMs / 1000}s`);
    this.name = "CallTimeoutError";
  }
}

export class ConnectionClosedError extends Error {
  constructor(
    readonly action: string,
    detail = "",
    readonly sentAs?: string,
  ) {
    super(`the connection closed before ${action} was answered${detail ? ` (${detail})` : ""}`);
    this.name = "ConnectionClosedError";
  }
}

/**
 * The charge point cut its own request on purpose (a dropMidMessage fault over SOAP): the central
 * system is not gone, so this is no drop to reconnect from.
 */
export class RequestCutError extends ConnectionClosedError {}

/** The peer answered, but its answer breaks the official schema or the framing rules. */
export class InvalidResponseError extends Error {
  constructor(
    readonly action: string,
    readonly problem: string,
  ) {
    super(`the answer to ${action} is invalid: ${problem}`);
    this.name = "InvalidResponseError";
  }
}

/** We were asked to send something the official schema forbids; nothing was sent. */
export class InvalidRequestError extends Error {
  constructor(
    readonly action: string,
    readonly problem: string,
  ) {
    super(`${action} was not sent because its payload is invalid: ${problem}`);
    this.name = "InvalidRequestError";
  }
}

/**
 * A connection refused on security grounds, as facts a version may record (OCPP 2.0.1 reports
 * them as security events): the central system's certificate failed verification (OpenSSL's
 * code), or it speaks no TLS version we accept (OpenSSL's reason), or it refused the credentials
 * (the HTTP status of the WebSocket upgrade). Never a secret.
 */
export type ConnectRefusal =
  | { readonly kind: "serverCertificate"; readonly code: string }
  | { readonly kind: "tlsVersion"; readonly reason: string }
  | { readonly kind: "credentials"; readonly status: number };

/** Connecting failed: refused, unreachable, TLS, HTTP status, subprotocol. */
export class ConnectError extends Error {
  constructor(
    message: string,
    readonly refusal?: ConnectRefusal,
  ) {
    super(message);
    this.name = "ConnectError";
  }
}

/**
 * Why an HTTP 401 or 403 came: without a password, most likely that one is wanted, and the way
 * to give one is worth saying; with one, that it was refused.
 */
export function credentialsHint(passwordGiven: boolean, status: number): string {
  return !passwordGiven && status === 401
    ? "it wants a password: give --password or set CPSIM_PASSWORD"
    : "the central system refused the credentials";
}
