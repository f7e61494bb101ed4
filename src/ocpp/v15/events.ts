// A 1.5 charge point's messages as neutral events: 1.6's reading (its messages carry the same
// fields), except that a 1.5 StopTransaction has no reason at all, so none is reported (1.6 reads
// a missing one as Local).
import type { EventReader } from "../charge-point-events.ts";
import { readEvent16 } from "../v16/events.ts";

export const readEvent15: EventReader = (action, payload) => {
  const read = readEvent16(action, payload);
  if (read?.event !== "transactionEnded") return read;
  const { reason: _none, ...fields } = read.fields;
  return { event: read.event, fields };
};
