/** A request that makes no sense in the charge point's current state (stop with no transaction…). */
export class ChargePointStateError extends Error {
  override name = "ChargePointStateError";
}
