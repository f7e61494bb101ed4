// Meter readings inside TransactionEvent: the measurands a setting lists, taken from one
// snapshot of the simulated meter, with the units 2.0.1 expects (Part 2 §2.12, UnitOfMeasure).
import type {
  MeasurandEnumType,
  MeterValueType,
  ReadingContextEnumType,
  SampledValueType,
} from "../types.ts";

/** What the simulated meter reads now, by measurand; a measurand it does not have is absent. */
export type MeterSnapshot = Readonly<Partial<Record<MeasurandEnumType, number>>>;

const UNITS: Readonly<Partial<Record<MeasurandEnumType, string>>> = {
  "Energy.Active.Import.Register": "Wh",
  "Power.Active.Import": "W",
  "Current.Import": "A",
  Voltage: "V",
  SoC: "Percent",
};

/** One MeterValue of the listed measurands, or undefined when the meter has none of them. */
export function meterValue(
  at: string,
  meter: MeterSnapshot,
  measurands: readonly MeasurandEnumType[],
  context: ReadingContextEnumType,
): MeterValueType | undefined {
  const sampledValue: SampledValueType[] = [];
  for (const measurand of measurands) {
    const value = meter[measurand];
    if (value === undefined) continue;
    const unit = UNITS[measurand];
    sampledValue.push({ value, context, measurand, ...(unit && { unitOfMeasure: { unit } }) });
  }
  return sampledValue.length > 0 ? { timestamp: at, sampledValue } : undefined;
}
