// Bad OCPP-J frames and, for each, the answer OCPP-J 1.6 wants, worked out here independently of
// src/transport/json/frames.ts.
import fc from "fast-check";

/** The CallError codes OCPP-J 1.6 §4.2.3 defines. */
export const CODES_16 = new Set([
  "NotImplemented",
  "NotSupported",
  "InternalError",
  "ProtocolError",
  "SecurityError",
  "FormationViolation",
  "PropertyConstraintViolation",
  "OccurenceConstraintViolation",
  "TypeConstraintViolation",
  "GenericError",
]);

export type Expected =
  /** No answer: not an array, or an answer (3/4) to a call never made. */
  | { kind: "none" }
  /** A CALLERROR FormationViolation with this id: a frame that may be a CALL but is not a proper one. */
  | { kind: "formation"; id: string }
  /** A well-formed CALL: a CALLRESULT or a 1.6 CALLERROR (never InternalError) with its id. */
  | { kind: "answer"; id: string; known: boolean };

const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);

export function expectedAnswer(text: string, actions: ReadonlySet<string>): Expected {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: "none" };
  }
  if (!Array.isArray(data)) return { kind: "none" };
  const [type, id] = data;
  if (type === 3 || type === 4) return { kind: "none" };
  const replyId = typeof id === "string" ? id : "-1";
  if (type !== 2) return { kind: "formation", id: replyId };
  if (typeof id !== "string" || id.length < 1 || id.length > 36) return { kind: "formation", id: replyId };
  if (data.length !== 4 || typeof data[2] !== "string" || !isObject(data[3]))
    return { kind: "formation", id };
  return { kind: "answer", id, known: actions.has(data[2]) };
}

// Names JavaScript objects carry: a lookup on a plain object would find them.
const PROTO_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "prototype"];

const messageId = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 36 }) },
  { weight: 2, arbitrary: fc.string({ minLength: 37, maxLength: 80 }) },
  fc.constant(""),
  fc.integer(),
  fc.constantFrom(null, true, 2.5),
  fc.jsonValue({ maxDepth: 1 }),
);

const messageType = fc.oneof(
  { weight: 6, arbitrary: fc.constant(2) },
  fc.constantFrom(0, 1, 5, 6, -2, 2.0001, 1e9),
  fc.constantFrom("2", "CALL", null, [2], { t: 2 }),
  fc.integer(),
);

/** A frame that is a JSON array shaped more or less like an OCPP-J CALL. */
export function callLike(actions: readonly string[]): fc.Arbitrary<string> {
  const action = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...actions) },
    fc.constantFrom(...PROTO_NAMES),
    fc.string({ maxLength: 20 }),
    fc.integer(),
  );
  const payload = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    },
    fc.jsonValue({ maxDepth: 2 }),
  );
  const extra = fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 });
  return fc
    .tuple(messageType, messageId, action, payload, extra, fc.nat(5))
    .map(([type, id, act, body, more, cut]) =>
      JSON.stringify([type, id, act, body, ...more].slice(0, cut || 4 + more.length)),
    );
}

/** Any bad frame: call-like arrays, other JSON, text that is not JSON, and truncated frames. */
export function badFrame(actions: readonly string[]): fc.Arbitrary<string> {
  const call = callLike(actions);
  return fc.oneof(
    { weight: 6, arbitrary: call },
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 60 }),
    fc.tuple(call, fc.nat()).map(([t, n]) => t.slice(0, n % Math.max(t.length, 1))),
    fc
      .tuple(fc.constantFrom(3, 4), fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 2 }))
      .map((f) => JSON.stringify(f)),
  );
}
