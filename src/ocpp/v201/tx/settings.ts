// What the transaction state machine reads of the device model (TxCtrlr, SampledDataCtrlr), as
// one plain object: the machine stays pure, and a test can hand it any combination.
import type { TxPoint } from "../device-model/definitions.ts";
import type { DeviceModel } from "../device-model/model.ts";
import type { MeasurandEnumType } from "../types.ts";

export interface TxSettings {
  startPoints: readonly TxPoint[];
  stopPoints: readonly TxPoint[];
  /** SampledDataCtrlr.TxStartedMeasurands: in the Started event (context Transaction.Begin). */
  startedMeasurands: readonly MeasurandEnumType[];
  /** SampledDataCtrlr.TxUpdatedMeasurands: in periodic and triggered Updated events. */
  updatedMeasurands: readonly MeasurandEnumType[];
  /** SampledDataCtrlr.TxEndedMeasurands: collected during the transaction, sent in Ended. */
  endedMeasurands: readonly MeasurandEnumType[];
  /** SampledDataCtrlr.TxEndedInterval, seconds; 0 keeps only the begin and end readings. */
  endedIntervalSec: number;
}

const TX = "TxCtrlr";
const SAMPLED = "SampledDataCtrlr";
// Constant references, so the device model resolves each once (DeviceModel.slot).
const REF = {
  startPoints: { component: TX, variable: "TxStartPoint" },
  stopPoints: { component: TX, variable: "TxStopPoint" },
  started: { component: SAMPLED, variable: "TxStartedMeasurands" },
  updated: { component: SAMPLED, variable: "TxUpdatedMeasurands" },
  ended: { component: SAMPLED, variable: "TxEndedMeasurands" },
  endedInterval: { component: SAMPLED, variable: "TxEndedInterval" },
} as const;

/** The settings as the device model holds them now. */
export function txSettingsOf(dm: DeviceModel): TxSettings {
  return {
    startPoints: dm.list(REF.startPoints) as TxPoint[],
    stopPoints: dm.list(REF.stopPoints) as TxPoint[],
    startedMeasurands: dm.list(REF.started) as MeasurandEnumType[],
    updatedMeasurands: dm.list(REF.updated) as MeasurandEnumType[],
    endedMeasurands: dm.list(REF.ended) as MeasurandEnumType[],
    endedIntervalSec: dm.int(REF.endedInterval),
  };
}
