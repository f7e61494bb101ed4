import type { Scheduler } from "../util/scheduler.ts";
import type { ChargePoint } from "./charge-point.ts";

/** What a feature of the charge point (reservations, firmware, diagnostics) needs of it. */
export interface FeatureContext {
  cp: ChargePoint;
  /** The shared timer heap; delays are converted to real time with cp.clock.toReal. */
  scheduler: Scheduler;
  /** Reports something that went wrong outside any command's answer (a status that could not be sent…). */
  problem(message: string): void;
}
