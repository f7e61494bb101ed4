// Bad HTTP requests as raw bytes, each with the status a listener must answer. Where the answer
// is Node's own (a request line or headers its parser refuses) the status is what RFC 9110/9112
// and Node promise; where it is cpsim's, it is what cpsim promises. "4xx" means any client-error
// status: the request is wrong, and a listener must say so without a 5xx, a hang or a crash.
import fc from "fast-check";
import { HOST } from "../integration/helpers.ts";

export interface BadRequest {
  bytes: Buffer;
  /** The exact status, or "4xx". */
  status: number | "4xx";
  what: string;
}

const text = (s: string) => Buffer.from(s, "latin1");
const printable = (maxLength: number) => fc.string({ maxLength });
const noSpace = (maxLength: number) =>
  fc.string({ maxLength, unit: fc.constantFrom(..."abcXYZ019-._~%[]:@!$&'()*+,;=/?#") });

/** A request line whose method cannot be one: it starts with a character no method has. */
const badMethod: fc.Arbitrary<BadRequest> = fc
  .tuple(fc.constantFrom(...'()<>@,;"[]{}\\?=\x01\x7f'), printable(20), noSpace(30))
  .map(([c, rest, target]) => ({
    bytes: text(`${c}${rest} /${target} HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`),
    status: 400,
    what: "a request line with no valid method",
  }));

/** Bytes that are no HTTP at all: a TLS ClientHello start, or random bytes after one. */
const notHttp: fc.Arbitrary<BadRequest> = fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({
  bytes: Buffer.concat([Buffer.from([0x16, 0x03, 0x01]), Buffer.from(bytes), text("\r\n\r\n")]),
  status: 400,
  what: "bytes that are not HTTP",
}));

/** A request target the HTTP parser lets through but that is no URL (`http://[` killed cpsim). */
export const notAUrl: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom("http://[", "https://[", "ws://[", "http://[::1", "http://%zz", "http://a:99999"),
    noSpace(20),
  )
  .map(([start, rest]) => `${start}${rest}`)
  .filter((t) => !URL.canParse(t, "http://x"));

const badTarget = (upgrade: boolean): fc.Arbitrary<BadRequest> =>
  fc.tuple(notAUrl, fc.constantFrom("GET", "POST", "PUT", "OPTIONS")).map(([target, method]) => ({
    bytes: text(
      upgrade
        ? upgradeHead(target, "Sec-WebSocket-Protocol: ocpp1.6\r\n")
        : `${method} ${target} HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 0\r\n\r\n`,
    ),
    status: 400,
    what: `the target ${target}${upgrade ? " in a WebSocket upgrade" : ""}`,
  }));

/** Headers beyond Node's 16 KiB limit: 431 Request Header Fields Too Large. */
const hugeHeaders: fc.Arbitrary<BadRequest> = fc
  .tuple(fc.integer({ min: 17, max: 48 }), fc.boolean())
  .map(([kib, many]) => ({
    bytes: text(
      `GET /ocpp1.6/CP HTTP/1.1\r\nHost: ${HOST}\r\n${
        many
          ? Array.from({ length: kib * 8 }, (_, i) => `X-H${i}: ${"v".repeat(120)}\r\n`).join("")
          : `X-Big: ${"v".repeat(kib * 1024)}\r\n`
      }\r\n`,
    ),
    status: 431,
    what: `${kib} KiB of headers`,
  }));

export function upgradeHead(target: string, extra: string): string {
  return (
    `GET ${target} HTTP/1.1\r\nHost: ${HOST}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`
  );
}

/** WebSocket upgrades that must be refused: bad key, version, subprotocol, method or identity. */
const badUpgrade: fc.Arbitrary<BadRequest> = fc
  .tuple(
    fc.constantFrom(
      ["key", "GET", "/ocpp/CP-1", "Sec-WebSocket-Key: short\r\nSec-WebSocket-Protocol: ocpp1.6\r\n"],
      ["version", "GET", "/ocpp/CP-1", "Sec-WebSocket-Version: 99\r\nSec-WebSocket-Protocol: ocpp1.6\r\n"],
      ["no subprotocol", "GET", "/ocpp/CP-1", ""],
      ["another subprotocol", "GET", "/ocpp/CP-1", "Sec-WebSocket-Protocol: ocpp2.1, mqtt\r\n"],
      ["bad subprotocol syntax", "GET", "/ocpp/CP-1", "Sec-WebSocket-Protocol: ocpp1.6,,\r\n"],
      ["method", "POST", "/ocpp/CP-1", "Sec-WebSocket-Protocol: ocpp1.6\r\nContent-Length: 0\r\n"],
      ["identity", "GET", "/ocpp/%E0%A4%A", "Sec-WebSocket-Protocol: ocpp1.6\r\n"],
      ["no identity", "GET", "/", "Sec-WebSocket-Protocol: ocpp1.6\r\n"],
    ),
    printable(16),
  )
  .map(([[why, method, target, extra], junk]) => ({
    // A header added after the valid ones overrides them only where it repeats them (key, version).
    bytes: text(upgradeHead(target!, `${extra}X-Junk: ${junk}\r\n`).replace(/^GET/, method!)),
    status: "4xx" as const,
    what: `a WebSocket upgrade with a bad ${why}`,
  }));

/** Anything else: a real method, a random target, random headers and body. */
const anything: fc.Arbitrary<BadRequest> = fc
  .tuple(
    fc.constantFrom("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"),
    fc.constantFrom("/", "/ocpp1.6", "/ocpp1.5/CP-1", "/ocpp1.6/CP-FUZZ-SOAP", "/x/y", "*"),
    noSpace(20),
    fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,12}$/), printable(40)), { maxLength: 6 }),
    fc.uint8Array({ maxLength: 300 }),
  )
  .map(([method, path, more, headers, body]) => ({
    bytes: Buffer.concat([
      text(
        `${method} ${path === "*" ? "*" : `${path}${more}`} HTTP/1.1\r\nHost: ${HOST}\r\n${headers
          .filter(([name]) => !/^(content-length|transfer-encoding|connection|upgrade|expect)$/i.test(name))
          .map(([n, v]) => `${n}: ${v}\r\n`)
          .join("")}Content-Length: ${body.length}\r\n\r\n`,
      ),
      Buffer.from(body),
    ]),
    status: "4xx" as const,
    what: `${method} ${path}${more} with random headers and body`,
  }));

/** Every class of bad request; `upgrades` adds WebSocket upgrades (for listeners that take them). */
export function badRequest(upgrades: boolean): fc.Arbitrary<BadRequest> {
  const common = [badMethod, notHttp, badTarget(false), hugeHeaders, anything];
  return fc.oneof(...common, ...(upgrades ? [badTarget(true), badUpgrade, badUpgrade] : [badTarget(true)]));
}
