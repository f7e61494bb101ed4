// OCPP-J error codes with the spec's own descriptions (OCPP-J 1.6 §4.2.3, 2.0.1 Part 4 §4.3).
// One function (toCallError) turns anything thrown into a code and description, so a handler
// can throw an OcppError, a schema failure or a plain bug and the peer always gets a valid CALLERROR.

export const ERROR_DESCRIPTIONS = {
  NotImplemented: "Requested Action is not known by receiver",
  NotSupported: "Requested Action is recognized but not supported by the receiver",
  InternalError:
    "An internal error occurred and the receiver was not able to process the requested Action successfully",
  ProtocolError: "Payload for Action is incomplete",
  SecurityError:
    "During the processing of Action a security issue occurred preventing receiver from completing the Action successfully",
  FormationViolation:
    "Payload for Action is syntactically incorrect or not conform the PDU structure for Action",
  FormatViolation: "Payload for Action is syntactically incorrect",
  PropertyConstraintViolation:
    "Payload is syntactically correct but at least one field contains an invalid value",
  OccurenceConstraintViolation:
    "Payload for Action is syntactically correct but at least one of the fields violates occurence constraints",
  OccurrenceConstraintViolation:
    "Payload for Action is syntactically correct but at least one of the fields violates occurrence constraints",
  TypeConstraintViolation:
    'Payload for Action is syntactically correct but at least one of the fields violates data type constraints (e.g. "somestring": 12)',
  MessageTypeNotSupported:
    "A message with an Message Type Number received that is not supported by this implementation",
  RpcFrameworkError:
    "Content of the call is not a valid RPC Request, for example: MessageId could not be read",
  GenericError: "Any other error not covered by the previous ones",
} as const;

export type OcppErrorCode = keyof typeof ERROR_DESCRIPTIONS;

/**
 * What is wrong with a frame, as OCPP-J 2.0.1 tells the cases apart (Part 4 §4.3): a message type
 * number it does not have, a frame that is no RPC message at all (not JSON, not an array, no
 * readable id or action), or a CALL whose payload is no object. 1.6 has one code for all three.
 */
export type FrameFault = "messageType" | "rpc" | "payload";

/**
 * An OCPP-level error: thrown by a handler to answer with a CALLERROR, or raised to a caller
 * when the peer answered its CALL with one (remote = true).
 */
export class OcppError extends Error {
  constructor(
    readonly code: OcppErrorCode,
    description?: string,
    readonly details: Record<string, unknown> = {},
    readonly remote = false,
  ) {
    super(description || ERROR_DESCRIPTIONS[code]);
    this.name = "OcppError";
  }
}

/**
 * Note the spec's two meanings, which are easy to swap: NotImplemented is "action not known"
 * and NotSupported is "known but not supported". OCPP-J 1.6 defines them this way round.
 */
export function notKnown(action: string): OcppError {
  return new OcppError("NotImplemented", `Requested Action ${action} is not known by receiver`);
}

export function notSupported(action: string): OcppError {
  return new OcppError(
    "NotSupported",
    `Requested Action ${action} is recognized but not supported by this charge point`,
  );
}

export function toCallError(err: unknown): {
  code: OcppErrorCode;
  description: string;
  details: Record<string, unknown>;
} {
  if (err instanceof OcppError) return { code: err.code, description: err.message, details: err.details };
  return { code: "InternalError", description: ERROR_DESCRIPTIONS.InternalError, details: {} };
}
