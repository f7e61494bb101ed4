import type { Availability, ConnectorErrorCode, ConnectorStatus, TransactionId } from "../ocpp/neutral.ts";
import type { Scheduled } from "../util/scheduler.ts";
import { Meter } from "./meter.ts";

export interface Transaction {
  /** Undefined until the central system has answered StartTransaction. */
  id: TransactionId | undefined;
  idTag: string;
  meterStartWh: number;
  startedAt: number;
}

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

  constructor(
    readonly id: number,
    meterStartWh: number,
    now: number,
  ) {
    this.meter = new Meter(meterStartWh, now);
  }
}
