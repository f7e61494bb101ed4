import { readFileSync } from "node:fs";
import { type Command, InvalidArgumentError, Option } from "commander";
import { defaultTransport, type OcppVersion, transportOfUrl, versionRow } from "../ocpp/versions.ts";
import type { Answer } from "../scenario/inbox.ts";
import { parseRespondArg } from "../scenario/respond.ts";
import type { TlsOptions } from "../transport/json/connect.ts";
import type { CallbackListen } from "../transport/soap/callback-host.ts";
import { isWaitable, MAX_DURATION_TEXT, MAX_TIME_SCALE, parseDuration } from "../util/duration.ts";
import { fsReason, UserError } from "../util/errors.ts";
import { redactUrl } from "../util/redact-url.ts";
import { checkTlsFiles } from "./tls-files.ts";

export function durationOption(value: string): number {
  const ms = parseDuration(value);
  if (!isWaitable(ms) || ms <= 0)
    throw new InvalidArgumentError(
      `expected a duration such as 30s, 2m or 1500ms, up to ${MAX_DURATION_TEXT}.`,
    );
  return ms;
}

export function positiveNumberOption(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError("expected a positive number.");
  return n;
}

/** A time scale: past a million, simulated dates leave the years a timestamp can write within hours. */
export function timeScaleOption(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !(n <= MAX_TIME_SCALE))
    throw new InvalidArgumentError(`expected a positive number up to ${MAX_TIME_SCALE}.`);
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

/** `--respond Action=Answer`, repeatable; its answers are checked once --ocpp is known (checkRespondFlag). */
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
  const ca = read(flags.ca, "CA certificate");
  const cert = read(flags.cert, "client certificate");
  const key = read(flags.key, "client key");
  checkTlsFiles({
    ca: ca && { pem: ca, file: flags.ca! },
    cert: cert && { pem: cert, file: flags.cert! },
    key: key && { pem: key, file: flags.key! },
  });
  return {
    password: flags.password ?? env.CPSIM_PASSWORD,
    tls: { rejectUnauthorized: !flags.insecure, ca, cert, key },
  };
}

export function listenOption(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value);
  const port = Number(m?.[3]);
  if (!m || port > 65535) throw new InvalidArgumentError("expected host:port, e.g. 0.0.0.0:8090.");
  return { host: m[1] ?? (m[2] || "0.0.0.0"), port };
}

/** The options of OCPP over SOAP, the same for every command that connects. */
export function withTransport(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--transport <kind>",
        "json (OCPP-J, WebSocket) or soap (HTTP); default: the URL's scheme, else json for 1.6 and soap for 1.5",
      ).choices(["json", "soap"]),
    )
    .option(
      "--listen <host:port>",
      "SOAP: where the charge points listen for central system calls (default 127.0.0.1 on a free port)",
      listenOption,
    )
    .option(
      "--endpoint-url <url>",
      "SOAP: the base address the central system calls back (default http://<listen address>)",
    );
}

export interface TransportFlags {
  url?: string;
  ocpp: OcppVersion;
  transport?: "json" | "soap";
  listen?: { host: string; port: number };
  endpointUrl?: string;
}

/** Which transport a run uses, from the URL, --transport and the version; conflicts are usage errors. */
export function resolveTransport(flags: TransportFlags): {
  transport: "json" | "soap";
  callback: CallbackListen;
} {
  const fromUrl = flags.url ? transportOfUrl(flags.url) : undefined;
  const transport = fromUrl ?? flags.transport ?? defaultTransport(flags.ocpp);
  if (fromUrl && flags.transport && flags.transport !== fromUrl) {
    throw new UserError(
      `--transport ${flags.transport} does not go with ${redactUrl(flags.url!)}: SOAP uses http(s):// URLs, OCPP-J ws(s):// URLs.`,
    );
  }
  if (transport === "json" && (flags.listen || flags.endpointUrl !== undefined)) {
    throw new UserError(
      "--listen and --endpoint-url are for SOAP, where the central system calls the charge point back; OCPP-J needs neither.",
    );
  }
  if (!versionRow(flags.ocpp).transports.includes(transport)) {
    throw new UserError(
      transport === "json"
        ? `OCPP ${flags.ocpp} has no JSON binding; use --transport soap or an http:// URL.`
        : `OCPP ${flags.ocpp} has no SOAP binding; use --transport json or a ws:// URL.`,
    );
  }
  if (flags.endpointUrl !== undefined && !/^https?:\/\/[^/]/i.test(flags.endpointUrl)) {
    throw new UserError(`--endpoint-url ${redactUrl(flags.endpointUrl)} is not an http:// or https:// URL.`);
  }
  return {
    transport,
    callback: { host: flags.listen?.host, port: flags.listen?.port, endpointUrl: flags.endpointUrl },
  };
}
