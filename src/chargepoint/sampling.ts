import type { LocalTransaction } from "../ocpp/mapping.ts";
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

/** The readings of a whole transaction when it ends: its start register, then the end reading. */
export function transactionReadings(tx: LocalTransaction, end: MeterReading): MeterReading[] {
  return [
    {
      timestamp: tx.startedAt,
      values: [
        {
          measurand: "Energy.Active.Import.Register",
          value: tx.meterStartWh,
          unit: "Wh",
          context: "Transaction.Begin",
        },
      ],
    },
    end,
  ];
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
