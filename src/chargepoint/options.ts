import type { Dialer } from "../ocpp/dial.ts";
import type { Identity } from "../ocpp/neutral.ts";
import type { SimClock } from "../util/clock.ts";
import type { Scheduler } from "../util/scheduler.ts";
import type { DiagnosticsBehaviour } from "./diagnostics.ts";
import type { EventSink } from "./events.ts";
import type { FirmwareBehaviour } from "./firmware.ts";
import type { PersistenceHooks } from "./persistence/hooks.ts";

export interface ChargePointOptions {
  id: string;
  identity?: Partial<Identity>;
  connectors?: number;
  /** Configuration key values to start with (read-only keys included). */
  config?: Record<string, string>;
  meterStartWh?: number;
  /** Power drawn while charging when no other is given, in W. */
  defaultPowerW?: number;
  voltageV?: number;
  phases?: 1 | 3;
  /** Send a StatusNotification for every connector once the boot is accepted, as real charge points do. */
  statusOnBoot?: boolean;
  clock?: SimClock;
  scheduler?: Scheduler;
  events?: EventSink;
  /**
   * Reconnect on its own after an unexpected drop, with the back-off of the RetryBackOff*
   * configuration keys (default true). disconnect() and shutdown() never trigger it.
   */
  reconnect?: boolean;
  /** Source of the back-off's random part (default Math.random); tests and seeded fleets pass their own. */
  random?: () => number;
  /** How to reach the central system (transport and OCPP version are chosen there). */
  dial?: Dialer;
  /** How simulated firmware updates and diagnostics uploads go (delays, failures). */
  firmware?: FirmwareBehaviour;
  diagnostics?: DiagnosticsBehaviour;
  /** --state-dir: where changes worth keeping across a restart of cpsim are reported. */
  persistence?: PersistenceHooks;
}

export const DEFAULT_IDENTITY: Identity = {
  vendor: "cpsim",
  model: "Virtual AC 22",
  firmwareVersion: "cpsim-0.1",
};
