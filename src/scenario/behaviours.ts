import type { ChargePointOptions } from "../chargepoint/charge-point.ts";
import { parseDuration } from "../util/duration.ts";
import type { ChargePointSpec } from "./model.ts";

const ms = (d: string | number | undefined) => (d === undefined ? undefined : parseDuration(d));

/** The scenario's chargePoint.firmware and .diagnostics as charge point options (durations in ms). */
export function simulatedBehaviours(
  spec: ChargePointSpec,
): Pick<ChargePointOptions, "firmware" | "diagnostics"> {
  const { firmware: f, diagnostics: d } = spec;
  return {
    firmware: f && {
      outcome: f.outcome,
      downloadFailures: f.downloadFailures,
      downloadTimeMs: ms(f.downloadTime),
      installTimeMs: ms(f.installTime),
      version: f.version,
    },
    diagnostics: d && {
      outcome: d.outcome,
      uploadFailures: d.uploadFailures,
      uploadTimeMs: ms(d.uploadTime),
    },
  };
}
