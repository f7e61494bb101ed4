import { isoTimestamp } from "../util/clock.ts";

/**
 * A copy of an outgoing payload with every `timestamp` field moved by `ms`: StatusNotification,
 * Start/StopTransaction, and each meterValue and transactionData entry of MeterValues and
 * StopTransaction. The charge point's own clock, and so its meter, stay true: only what it
 * tells the central system is off, as with a charge point whose real-time clock drifted.
 */
export function skewTimestamps(payload: unknown, ms: number): unknown {
  if (Array.isArray(payload)) return payload.map((v) => skewTimestamps(v, ms));
  if (payload === null || typeof payload !== "object") return payload;
  // fromEntries defines own properties, so a "__proto__" key in a payload stays a plain key.
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => {
      const at = key === "timestamp" && typeof value === "string" ? Date.parse(value) : Number.NaN;
      return [key, Number.isFinite(at) ? isoTimestamp(at + ms) : skewTimestamps(value, ms)];
    }),
  );
}
