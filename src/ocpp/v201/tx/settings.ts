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
  stopTxOnInvalidId: boolean;
  /** TxCtrlr.MaxEnergyOnInvalidId, Wh; 0 is no limit. */
  maxEnergyOnInvalidIdWh: number;
}

const TX = "TxCtrlr";
const SAMPLED = "SampledDataCtrlr";

/** The settings as the device model holds them now. */
export function txSettingsOf(dm: DeviceModel): TxSettings {
  return {
    startPoints: dm.list({ component: TX, variable: "TxStartPoint" }) as TxPoint[],
    stopPoints: dm.list({ component: TX, variable: "TxStopPoint" }) as TxPoint[],
    startedMeasurands: dm.list({
      component: SAMPLED,
      variable: "TxStartedMeasurands",
    }) as MeasurandEnumType[],
    updatedMeasurands: dm.list({
      component: SAMPLED,
      variable: "TxUpdatedMeasurands",
    }) as MeasurandEnumType[],
    endedMeasurands: dm.list({ component: SAMPLED, variable: "TxEndedMeasurands" }) as MeasurandEnumType[],
    endedIntervalSec: dm.int({ component: SAMPLED, variable: "TxEndedInterval" }),
    stopTxOnInvalidId: dm.bool({ component: TX, variable: "StopTxOnInvalidId" }),
    maxEnergyOnInvalidIdWh: dm.int({ component: TX, variable: "MaxEnergyOnInvalidId" }),
  };
}
