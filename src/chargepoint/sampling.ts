import type { MeterReading, ReadingContext, SampledValue } from "../ocpp/neutral.ts";
import type { Meter } from "./meter.ts";

/** One meter reading with the requested measurands, derived from the simulated meter. */
export function sampleReading(
  meter: Meter,
  now: number,
  context: ReadingContext,
  measurands: readonly string[],
  voltageV: number,
  phases: 1 | 3,
): MeterReading {
  const values: SampledValue[] = [];
  // The energy register is always sent, first: a reading without it is useless to a central system.
  const wanted = [
    "Energy.Active.Import.Register",
    ...measurands.filter((m) => m !== "Energy.Active.Import.Register"),
  ];
  for (const m of wanted) {
    switch (m) {
      case "Energy.Active.Import.Register":
        values.push({ measurand: m, value: Math.round(meter.energyWh(now)), unit: "Wh", context });
        break;
      case "Power.Active.Import":
        values.push({ measurand: m, value: meter.power, unit: "W", context });
        break;
      case "Current.Import":
        values.push({ measurand: m, value: round1(meter.power / (voltageV * phases)), unit: "A", context });
        break;
      case "Voltage":
        values.push({ measurand: m, value: voltageV, unit: "V", context });
        break;
    }
  }
  return { timestamp: now, values };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
