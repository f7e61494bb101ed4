import { DEFAULT_VERSION, defaultTransport, type OcppVersion } from "../ocpp/versions.ts";

/** What a session connected with, as far as a replay needs it (never the password itself). */
export interface SessionTarget {
  /** Empty for the embedded central system. */
  url: string;
  ocpp: OcppVersion;
  transport: "json" | "soap";
  passwordGiven: boolean;
  ca?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  listen?: { host: string; port: number };
  endpointUrl?: string;
}

// Shell-safe as it stands, or single-quoted: the line is meant to be copied into a shell.
const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

/** A URL's password goes; its user stays, since the user is the charge point's identity. */
export function withoutPassword(url: string): { url: string; hadPassword: boolean } {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i.exec(url);
  const user = m?.[2]?.split(":")[0];
  if (!m || user === m[2]) return { url, hadPassword: false };
  return { url: `${m[1]}${user}@${url.slice(m[0].length)}`, hadPassword: true };
}

/**
 * `cpsim run <file>` with the options that send the replay where the session went, over the same
 * protocol. A password is never part of it: the replay takes it from CPSIM_PASSWORD.
 */
export function replayCommand(file: string, t: SessionTarget): { command: string; needsPassword: boolean } {
  const { url, hadPassword } = withoutPassword(t.url);
  const args = ["cpsim", "run", file];
  if (url !== "") args.push("--url", url);
  if (t.ocpp !== DEFAULT_VERSION) args.push("--ocpp", t.ocpp);
  // Only the embedded central system needs to be told SOAP: a URL's scheme says it otherwise.
  const usual = defaultTransport(t.ocpp);
  if (url === "" && t.transport !== usual) args.push("--transport", t.transport);
  if (t.ca) args.push("--ca", t.ca);
  if (t.cert) args.push("--cert", t.cert);
  if (t.key) args.push("--key", t.key);
  if (t.insecure) args.push("--insecure");
  if (t.listen)
    args.push(
      "--listen",
      `${t.listen.host.includes(":") ? `[${t.listen.host}]` : t.listen.host}:${t.listen.port}`,
    );
  if (t.endpointUrl) args.push("--endpoint-url", t.endpointUrl);
  return { command: args.map(quote).join(" "), needsPassword: t.passwordGiven || hadPassword };
}
