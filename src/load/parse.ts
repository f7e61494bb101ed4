// Option values of `cpsim load` that are not plain numbers: duration ranges and source addresses.
import { isIP, isIPv4 } from "node:net";
import { parseDuration } from "../util/duration.ts";
import { UserError } from "../util/errors.ts";

/** "30s-60s" (or one duration, "45s") as [min, max] ms. */
export function parseRange(text: string, option: string): [number, number] {
  const [a, b, extra] = text.split("-").map((s) => s.trim());
  const min = a ? parseDuration(a) : undefined;
  const max = b === undefined ? min : parseDuration(b);
  if (extra !== undefined || min === undefined || max === undefined || !Number.isFinite(max) || max < min)
    throw new UserError(`${option} ${text}: expected a duration or a range such as 30s-60s.`);
  return [min, max];
}

/** "127.0.0.1-127.0.0.8" (IPv4, last part varies) or "10.0.0.1,10.0.0.2" as a list of addresses. */
export function parseLocalAddresses(text: string): string[] {
  const bad = () =>
    new UserError(
      `--local-address ${text}: expected an address, a list a,b or an IPv4 range such as 127.0.0.1-127.0.0.8.`,
    );
  const out: string[] = [];
  for (const part of text.split(",").map((s) => s.trim())) {
    const range = /^(\d+\.\d+\.\d+\.)(\d+)-(?:(\d+\.\d+\.\d+\.)?(\d+))$/.exec(part);
    if (range) {
      const [, prefix, from, prefix2, to] = range;
      if ((prefix2 && prefix2 !== prefix) || !isIPv4(`${prefix}${from}`) || !isIPv4(`${prefix}${to}`))
        throw bad();
      if (Number(to) < Number(from)) throw bad();
      for (let i = Number(from); i <= Number(to); i++) out.push(`${prefix}${i}`);
    } else if (isIP(part)) out.push(part);
    else throw bad();
  }
  return out;
}
