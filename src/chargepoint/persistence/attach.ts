import { Settings } from "luxon";
import { errorMessage } from "../../util/errors.ts";
import { ChargePoint, type ChargePointOptions } from "../charge-point.ts";
import { restoreChargePoint, snapshotChargePoint } from "./snapshot.ts";
import type { ChargePointState } from "./state.ts";
import { corrupt, type StateStore } from "./store.ts";

export interface Persistent {
  cp: ChargePoint;
  /** Connectors whose transaction came back from the state file. */
  resumed: Set<number>;
}

/**
 * Builds a charge point that lives in the store: restored from its saved state (if any), and
 * saved as it changes. The saved configuration wins over `opts.config`: like a real charge point,
 * it keeps what was set, by the central system or by the file it first started with.
 */
export function persistentChargePoint(
  store: StateStore,
  opts: ChargePointOptions,
  saved: ChargePointState | undefined,
): Persistent {
  let cp: ChargePoint | undefined;
  const persistence = store.track(opts.id, () => snapshotChargePoint(cp!));
  const events = opts.events;
  const withState: ChargePointOptions = {
    ...opts,
    persistence,
    // Every event is a change worth keeping (a status, a transaction, a configuration value…).
    events: (e) => {
      persistence.changed();
      events?.(e);
    },
  };
  try {
    if (!saved) {
      cp = new ChargePoint(withState);
      return { cp, resumed: new Set() };
    }
    cp = restored(withState, saved, store.fileOf(opts.id));
    try {
      return { cp, resumed: restoreChargePoint(cp, saved) };
    } catch (err) {
      throw corrupt(store.fileOf(opts.id), errorMessage(err));
    }
  } catch (err) {
    // Nothing is left for the store to write of a charge point that could not be made.
    store.untrack(opts.id);
    throw err;
  }
}

/** The charge point with the saved configuration over the options'. */
function restored(opts: ChargePointOptions, saved: ChargePointState, file: string): ChargePoint {
  try {
    return new ChargePoint({ ...opts, config: { ...opts.config, ...saved.config } });
  } catch (err) {
    // The options' own mistake is reported as theirs; otherwise the file is to blame.
    new ChargePoint({ ...opts, persistence: undefined, events: undefined });
    throw corrupt(file, errorMessage(err));
  }
}

/**
 * Where a restarted run's simulated clock starts: never before the latest time a state file was
 * written, so the timestamps of a transaction carried on do not go backwards (with --time-scale
 * the simulated clock runs ahead of real time).
 */
export function resumeClockAt(states: Iterable<ChargePointState | undefined>): number | undefined {
  let latest = Settings.now();
  let ahead = false;
  for (const s of states) {
    if (s && s.clock > latest) {
      latest = s.clock;
      ahead = true;
    }
  }
  return ahead ? latest : undefined;
}
