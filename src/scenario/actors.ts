import { ChargePoint } from "../chargepoint/charge-point.ts";
import type { ChargePointEvent } from "../chargepoint/events.ts";
import type { ChargePointOptions } from "../chargepoint/options.ts";
import { persistentChargePoint } from "../chargepoint/persistence/attach.ts";
import type { ChargePointState } from "../chargepoint/persistence/state.ts";
import type { StateStore } from "../chargepoint/persistence/store.ts";
import { FaultInjector } from "../faults/injector.ts";
import type { Dialer } from "../ocpp/dial.ts";
import type { SimClock } from "../util/clock.ts";
import { errorMessage, UserError } from "../util/errors.ts";
import { defaultScheduler } from "../util/scheduler.ts";
import { simulatedBehaviours } from "./behaviours.ts";
import { isSeveral, specPath } from "./charge-points.ts";
import { DropWatch } from "./drop-watch.ts";
import { type Answer, Inbox } from "./inbox.ts";
import { MessageWatch } from "./message-watch.ts";
import type { OnDisconnect, Scenario } from "./model.ts";
import { parsePower } from "./power-profile.ts";
import { StatusWatch } from "./status-watch.ts";

/** A charge point of a scenario with what its steps need: its own calls inbox and status watch. */
export interface Actor {
  /** Its name in the scenario, which steps choose it by. */
  name: string;
  /** Its identity on the wire. */
  id: string;
  cp: ChargePoint;
  inbox: Inbox;
  statuses: StatusWatch;
  /** What this charge point sent, for waitForMessage. */
  sent: MessageWatch;
  /** Its fault injector; it drives the charge point's connection only when a fault step arms it. */
  faults: FaultInjector;
  /** Drops of its connection, for expectDisconnect. */
  drops: DropWatch;
  /** What an unexpected drop does: its own onDisconnect, else the scenario's, else reconnect. */
  onDisconnect: OnDisconnect;
  /** Connectors whose transaction came back from --state-dir and no step has taken up yet. */
  resumed: Set<number>;
}

export interface ActorOptions {
  /** --id: the identity of a scenario's only charge point. */
  id?: string;
  /** Answers that override the charge points' own, by action (the scenario's and the CLI's). */
  respond: Record<string, Answer>;
  clock: SimClock;
  dial: Dialer;
  onEvent(event: ChargePointEvent): void;
  /** --state-dir: the store, and each identity's saved state (loaded beforehand). */
  state?: { store: StateStore; saved: Map<string, ChargePointState | undefined> };
}

/** --id names one charge point; with several, which one it meant is anyone's guess. */
export function checkIdOption(scenario: Scenario, id: string | undefined): void {
  if (id === undefined || !isSeveral(scenario)) return;
  const names = scenario.chargePoints.map((c) => c.name).join(", ");
  throw new UserError(
    `--id sets the identity of a single charge point, but ${scenario.file} has ${scenario.chargePoints.length} (${names}); set their ids in the file.`,
  );
}

/** The identities the scenario's charge points go by on the wire. */
export function identitiesOf(scenario: Scenario, id: string | undefined): string[] {
  return scenario.chargePoints.map((c) => id ?? c.id);
}

/**
 * Builds every charge point of the scenario before anything connects, so a mistake in one cannot
 * leave a server running or another charge point connected.
 */
export function buildActors(scenario: Scenario, opts: ActorOptions): Actor[] {
  checkIdOption(scenario, opts.id);
  return scenario.chargePoints.map(({ name, id, spec }) => {
    const statuses = new StatusWatch(defaultScheduler);
    const drops = new DropWatch(defaultScheduler);
    let cp: ChargePoint;
    let resumed = new Set<number>();
    try {
      const options: ChargePointOptions = {
        id: opts.id ?? id,
        identity: {
          ...(spec.vendor && { vendor: spec.vendor }),
          ...(spec.model && { model: spec.model }),
          ...(spec.serialNumber && { chargePointSerialNumber: spec.serialNumber }),
          ...(spec.firmwareVersion && { firmwareVersion: spec.firmwareVersion }),
        },
        connectors: spec.connectors,
        config: Object.fromEntries(Object.entries(spec.config ?? {}).map(([k, v]) => [k, String(v)])),
        meterStartWh: spec.meterStart,
        defaultPowerW: spec.power === undefined ? undefined : parsePower(spec.power),
        ...simulatedBehaviours(spec),
        clock: opts.clock,
        dial: opts.dial,
        events: (event) => {
          statuses.push(event);
          drops.push(event);
          opts.onEvent(event);
        },
      };
      if (opts.state) {
        const { store, saved } = opts.state;
        ({ cp, resumed } = persistentChargePoint(store, options, saved.get(options.id)));
      } else cp = new ChargePoint(options);
    } catch (err) {
      // A state file's problem names the file, not the scenario.
      if (err instanceof UserError) throw err;
      throw new UserError(`${scenario.file}: ${specPath(scenario, name).join(".")}: ${errorMessage(err)}.`);
    }
    const sent = new MessageWatch(defaultScheduler);
    const faults = new FaultInjector({ scheduler: defaultScheduler });
    const onDisconnect = spec.onDisconnect ?? scenario.onDisconnect ?? "reconnect";
    const inbox = new Inbox(opts.respond, defaultScheduler);
    return { name, id: cp.id, cp, inbox, statuses, sent, faults, drops, onDisconnect, resumed };
  });
}
