// Bad SOAP request bodies for an OCPP SOAP endpoint: text that is no XML, XML that is no SOAP,
// envelopes around random or half-right OCPP requests, and entity bombs. Each must get a SOAP
// Fault with HTTP 400 (or, should the fuzzer write a valid request, a 200 answer), never a 500.
import fc from "fast-check";
import type { SoapService } from "../../src/transport/soap/service.ts";

const SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
const SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,11}$/);
const chars = fc.string({ maxLength: 30 });
const escaped = chars.map((s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;"));

/** Random XML elements, some of them named like the service's fields. */
function xml(fields: readonly string[]): fc.Arbitrary<string> {
  const tag = fc.oneof(name, fc.constantFrom(...fields));
  const { tree } = fc.letrec<{ tree: string; node: string }>((rec) => ({
    tree: fc.array(rec("node"), { maxLength: 4 }).map((nodes) => nodes.join("")),
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      escaped,
      fc.tuple(tag, rec("tree")).map(([t, inner]) => `<${t}>${inner}</${t}>`),
      fc.tuple(tag, escaped).map(([t, v]) => `<${t} a="${v.replace(/"/g, "&quot;")}"/>`),
    ),
  }));
  return tree;
}

const envelope = (ns: string, header: string, body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${ns}"><s:Header>${header}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;

const BOMB =
  '<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY a "aaaaaaaaaa">' +
  Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY ${"b".repeat(i + 1)} "${`&${i === 0 ? "a" : "b".repeat(i)};`.repeat(10)}">`,
  ).join("") +
  "]>";

export function badSoapBody(service: SoapService): fc.Arbitrary<string> {
  const ops = [...service.byInput.keys()];
  const fields = [
    "chargeBoxIdentity",
    "connectorId",
    "idTag",
    "status",
    "type",
    "key",
    "value",
    "meterStart",
    "timestamp",
  ];
  const body = xml(fields);
  const request = fc
    .tuple(fc.constantFrom(...ops), body, fc.boolean())
    .map(([op, inner, ns]) => `<${op}${ns ? ` xmlns="${service.namespace}"` : ""}>${inner}</${op}>`);
  const header = fc.oneof(
    fc.constant(""),
    fc
      .tuple(chars, fc.oneof(chars, fc.constantFrom("http://[", "mailto:x@y", "http://127.0.0.1:1/x")))
      .map(
        ([id, from]) =>
          `<chargeBoxIdentity xmlns="${service.namespace}">${id.replace(/[&<]/g, "")}</chargeBoxIdentity><a:From xmlns:a="http://www.w3.org/2005/08/addressing"><a:Address>${from.replace(/[&<]/g, "")}</a:Address></a:From>`,
      ),
    body,
  );
  return fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ maxLength: 100, unit: "binary" }),
    body,
    fc.tuple(header, body).map(([h, b]) => envelope(SOAP12, h, b)),
    { weight: 4, arbitrary: fc.tuple(header, request).map(([h, r]) => envelope(SOAP12, h, r)) },
    // Requests with no fields (Heartbeat, ClearCache…) are valid: only the headers are bad.
    {
      weight: 2,
      arbitrary: fc
        .tuple(header, fc.constantFrom(...ops))
        .map(([h, op]) => envelope(SOAP12, h, `<${op} xmlns="${service.namespace}"/>`)),
    },
    fc.tuple(header, request).map(([h, r]) => envelope(SOAP11, h, r)),
    fc.tuple(header, request, fc.nat()).map(([h, r, n]) => {
      const whole = envelope(SOAP12, h, r);
      return whole.slice(0, n % whole.length);
    }),
    fc
      .constantFrom(...ops)
      .map(
        (op) => `${BOMB}${envelope(SOAP12, "", `<${op} xmlns="${service.namespace}">&bbbbbbbbb;</${op}>`)}`,
      ),
  );
}
