const PREFIX = /^\s*[a-z][a-z0-9+.-]*:[/\\]*/i;

/**
 * A URL as it may be shown: any userinfo (`user:password@`) becomes `***@`, whatever it holds.
 * This is the one function every message, report, log and recording uses to show a URL.
 *
 * In a URL that parses, the userinfo ends at the last "@" before the path, query or fragment, as
 * the WHATWG URL parser (and so ws and node:http) reads it. In one that does not parse (the very
 * URL a usage error shows) a password may hold any of those characters, so everything up to the
 * last "@" goes: showing too little beats leaking a secret.
 */
export function redactUrl(url: string): string {
  const prefix = PREFIX.exec(url)?.[0] ?? "";
  const rest = url.slice(prefix.length);
  const authority = URL.canParse(url) ? rest.search(/[/?#\\]|$/) : rest.length;
  const at = rest.lastIndexOf("@", authority - 1);
  return at < 0 ? url : `${prefix}***${rest.slice(at)}`;
}

/** A URL without its userinfo, for what is kept on disk (the password goes by --password instead). */
export function withoutUserinfo(url: string): string {
  if (!URL.canParse(url)) return url;
  const u = new URL(url);
  if (!u.username && !u.password) return url;
  u.username = "";
  u.password = "";
  return u.href;
}
