// `cpsim load --shard I/N`: one process (a pod of a Kubernetes Indexed Job, say) runs shard I of
// a fleet split into N contiguous index ranges. Ids, idTags and random draws depend only on
// (seed, index), so a shard is exactly its part of the unsharded run. Pace targets are split with
// the same rule as the fleet itself, so the shards' targets add up to the fleet's at every moment.
import { UserError } from "../util/errors.ts";
import { fingerprint, runSettings } from "./fingerprint.ts";
import { idTemplate } from "./id-template.ts";
import type { LoadPlan } from "./plan.ts";
import type { ShardReport } from "./report-types.ts";

export interface Shard {
  /** 0-based. */
  index: number;
  count: number;
}

/** One level of splitting the fleet: part `index` of `parts`. */
export interface Split {
  index: number;
  parts: number;
}

/** A fleet-wide figure (a pace target, --max-connecting) split down to one part; the parts add up. */
export function splitOf(total: number, splits: Split[]): number {
  let n = total;
  for (const s of splits) n = apportion(n, s.parts, s.index);
  return n;
}

/** The parts of a part (a shard's workers): contiguous ranges of nearly equal size. */
export function subParts(
  parent: { first: number; count: number; splits: Split[] },
  parts: number,
): { first: number; count: number; splits: Split[] }[] {
  return Array.from({ length: parts }, (_, index) => ({
    first: parent.first + firstOf(parent.count, parts, index),
    count: apportion(parent.count, parts, index),
    splits: [...parent.splits, { index, parts }],
  }));
}

/** The part of the fleet this process runs: a shard, or all of it. */
export function shardPart(count: number, shard: Shard | undefined) {
  const whole = { first: 0, count, splits: [] as Split[] };
  return shard ? subParts(whole, shard.count)[shard.index]! : whole;
}

/** Part `index` of `total` split into `parts`: the first total % parts parts get one more. */
export function apportion(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}

/** The first index of part `index` when `total` is split into `parts`. */
export function firstOf(total: number, parts: number, index: number): number {
  return index * Math.floor(total / parts) + Math.min(index, total % parts);
}

/** --shard I/N. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UserError(`--shard ${text}: expected <index>/<shards> with the index from 0, e.g. 0/4.`);
  return checkShard(Number(m[1]), Number(m[2]), `--shard ${text}`);
}

/** --shard-from-env VAR --shards N: the index from the environment (a Kubernetes Indexed Job's). */
export function shardFromEnv(name: string, shards: number | undefined, env: NodeJS.ProcessEnv): Shard {
  if (shards === undefined)
    throw new UserError(`--shard-from-env ${name} needs --shards <n>: how many shards the run has.`);
  const value = Object.hasOwn(env, name) ? env[name] : undefined;
  if (value === undefined || value.trim() === "")
    throw new UserError(`--shard-from-env ${name}: the environment variable ${name} is not set.`);
  if (!/^\s*\d+\s*$/.test(value))
    throw new UserError(
      `--shard-from-env ${name}: ${name}="${value}" is not a shard index (0 to ${shards - 1}).`,
    );
  return checkShard(Number(value), shards, `--shard-from-env ${name} (${name}=${value.trim()})`);
}

function checkShard(index: number, count: number, where: string): Shard {
  if (!Number.isSafeInteger(count) || count < 1)
    throw new UserError(`${where}: the number of shards must be at least 1.`);
  if (!Number.isSafeInteger(index) || index >= count)
    throw new UserError(`${where}: the shard index must be from 0 to ${count - 1} (indexes start at 0).`);
  return { index, count };
}

/** The shard options of `cpsim load`, checked: undefined for an unsharded run. */
export function shardOf(
  flags: { shard?: string; shardFromEnv?: string; shards?: number; count: number; workers?: string },
  env: NodeJS.ProcessEnv,
): Shard | undefined {
  if (flags.shard !== undefined && flags.shardFromEnv !== undefined)
    throw new UserError("--shard and --shard-from-env both name the shard; give one of them.");
  if (flags.shards !== undefined && flags.shardFromEnv === undefined && flags.shard === undefined)
    throw new UserError("--shards goes with --shard-from-env <VAR>, which gives the shard index.");
  const shard =
    flags.shard !== undefined
      ? parseShard(flags.shard)
      : flags.shardFromEnv !== undefined
        ? shardFromEnv(flags.shardFromEnv, flags.shards, env)
        : undefined;
  if (!shard) return undefined;
  if (flags.shards !== undefined && flags.shards !== shard.count)
    throw new UserError(
      `--shard ${flags.shard} says ${shard.count} shards but --shards says ${flags.shards}.`,
    );
  if (shard.count > flags.count)
    throw new UserError(
      `${shard.count} shards is more than the ${flags.count} charge points; each shard needs at least one.`,
    );
  return shard;
}

/** A run's shared start time (--start-at), checked against now and the run's length. */
export function parseStartAt(text: string, now: number, runMs: number | undefined): number {
  // An ISO time with its zone: a time without one would mean different instants on different machines.
  const ok = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i.test(text.trim());
  const at = ok ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(at))
    throw new UserError(
      `--start-at ${text}: expected an ISO 8601 time with its zone, e.g. 2026-12-01T06:00:00Z.`,
    );
  if (at - now > 24 * 3600_000)
    throw new UserError(`--start-at ${text} is more than a day ahead; check the date.`);
  if (runMs !== undefined && now - at >= runMs)
    throw new UserError(
      `--start-at ${text} is ${Math.round((now - at) / 1000)} s ago: the run (${Math.round(runMs / 1000)} s) is already over.`,
    );
  return at;
}

/** What a shard's report says about it, for `cpsim report merge`. */
export function shardReport(
  plan: LoadPlan,
  part: { first: number; count: number },
  lateMs: number,
): ShardReport {
  const id = idTemplate(plan.idTemplate);
  const settings = runSettings(plan);
  return {
    index: plan.shard?.index ?? 0,
    count: plan.shard?.count ?? 1,
    chargePoints: `${id(part.first)}..${id(part.first + part.count - 1)}`,
    startAt: plan.startAt === undefined ? undefined : new Date(plan.startAt).toISOString(),
    lateMs: Math.round(lateMs),
    fingerprint: fingerprint(settings),
    settings,
  };
}
