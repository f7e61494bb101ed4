import { readFileSync } from "node:fs";
import { InvalidArgumentError } from "commander";
import type { Answer } from "../scenario/inbox.ts";
import { parseRespondArg } from "../scenario/respond.ts";
import type { TlsOptions } from "../transport/json/connect.ts";
import { parseDuration } from "../util/duration.ts";
import { fsReason, UserError } from "../util/errors.ts";

export function durationOption(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0)
    throw new InvalidArgumentError("expected a duration such as 30s, 2m or 1500ms.");
  return ms;
}

export function positiveNumberOption(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError("expected a positive number.");
  return n;
}

export function positiveIntegerOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of at least 1.");
  return n;
}

export function nonNegativeIntegerOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number of 0 or more.");
  return n;
}

export function portOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError("expected a port number from 0 to 65535.");
  return n;
}

export function collectVar(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf("=");
  if (eq < 1) throw new InvalidArgumentError("expected name=value.");
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/** `--respond Action=Answer`, repeatable; checked as a scenario's `respond:` is. */
export function collectRespond(value: string, previous: Record<string, Answer> = {}): Record<string, Answer> {
  try {
    const { action, answer } = parseRespondArg(value);
    return { ...previous, [action]: answer };
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

export interface SecurityFlags {
  password?: string;
  ca?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
}

/** OCPP security profiles: basic auth (1, 2), TLS with a custom CA (2), client certificates (3). */
export function securityOptions(
  flags: SecurityFlags,
  env: NodeJS.ProcessEnv,
): { password?: string; tls: TlsOptions } {
  const read = (file: string | undefined, what: string) => {
    if (!file) return undefined;
    try {
      return readFileSync(file);
    } catch (err) {
      throw new UserError(`Cannot read the ${what} file ${file}: ${fsReason(err)}.`);
    }
  };
  if (Boolean(flags.cert) !== Boolean(flags.key))
    throw new UserError("--cert and --key go together: give both for a client certificate.");
  return {
    password: flags.password ?? env.CPSIM_PASSWORD,
    tls: {
      rejectUnauthorized: !flags.insecure,
      ca: read(flags.ca, "CA certificate"),
      cert: read(flags.cert, "client certificate"),
      key: read(flags.key, "client key"),
    },
  };
}
