import type { EvseAddress, LocalTransaction } from "../ocpp/mapping.ts";
import type { ConnectorErrorCode, ConnectorStatus } from "../ocpp/neutral.ts";
import type { Availability } from "../ocpp/neutral-commands.ts";
import type { Scheduled } from "../util/scheduler.ts";
import { Meter } from "./meter.ts";

/** A transaction of a connector; its fields and who sets them: src/ocpp/mapping.ts. */
export type Transaction = LocalTransaction;

export class Connector {
  status: ConnectorStatus = "Available";
  errorCode: ConnectorErrorCode = "NoError";
  /** Whether an EV cable is plugged in. */
  plugged = false;
  transaction: Transaction | undefined;
  /** Set by ChangeAvailability; an Inoperative connector is Unavailable and refuses transactions. */
  availability: Availability = "Operative";
  /** A change asked for while a transaction ran, applied when it stops (Scheduled). */
  scheduledAvailability: Availability | undefined;
  readonly meter: Meter;
  /** What the EV draws when nothing limits it, in W; the meter gets less under a charging profile. */
  demandW = 0;
  /** What the EV drew when a fault cut the power, to restore when it clears. */
  powerBeforeFault: number | undefined;
  /** The periodic meter-values sampler while a transaction runs. */
  sampler: Scheduled | undefined;

  /** Where its events happen: the model's connector N is EVSE N with one connector (made once, not per event). */
  readonly at: EvseAddress;

  constructor(
    readonly id: number,
    meterStartWh: number,
    now: number,
  ) {
    this.meter = new Meter(meterStartWh, now);
    this.at = { evse: id, connector: 1 };
  }
}

/** The whole charge point as an address (1.6 connectorId 0). */
export const WHOLE_CHARGE_POINT: EvseAddress = Object.freeze({ evse: 0, connector: 0 });
