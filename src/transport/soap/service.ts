import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import soap from "soap";
import { compileElements, type ParsedSchema, type XsdType } from "./xsd.ts";
import { fromWire, toWire } from "./xsd-check.ts";

export interface SoapOperation {
  /** The WSDL operation name, which is the OCPP action (BootNotification). */
  action: string;
  /** The WS-Addressing action (/BootNotification). */
  soapAction: string;
  input: string;
  output: string;
}

// Every simple value is kept as its text so the schema check sees what was on the wire
// (`soap` would turn "12abc" into 12 and "yesterday" into an Invalid Date).
const keepText = (text: string): string => text;

/** The options every user of a parsed WSDL shares: clients of one WSDL must agree on them. */
export const WSDL_OPTIONS = {
  forceSoap12Headers: true,
  attributesKey: "attributes",
  valueKey: "$value",
  xmlKey: "$xml",
  envelopeKey: "soap",
  customDeserializer: {
    int: keepText,
    integer: keepText,
    decimal: keepText,
    boolean: keepText,
    dateTime: keepText,
  },
};

/**
 * One OCPP SOAP service (CentralSystemService or ChargePointService of one version), parsed and
 * compiled once per process: every charge point and the embedded central system share it.
 */
export class SoapService {
  readonly namespace: string;
  readonly serviceName: string;
  readonly portName: string;
  readonly operations = new Map<string, SoapOperation>();
  /** The operation of each request element, to route an incoming request. */
  readonly byInput = new Map<string, SoapOperation>();
  private readonly types: Map<string, XsdType>;

  constructor(
    readonly wsdl: soap.WSDL,
    readonly path: string,
  ) {
    // biome-ignore lint/suspicious/noExplicitAny: the `soap` package does not type its parsed definitions.
    const defs = wsdl.definitions as any;
    this.namespace = defs.$targetNamespace;
    this.types = compileElements(defs.schemas[this.namespace] as ParsedSchema);
    this.serviceName = Object.keys(defs.services)[0]!;
    const ports = defs.services[this.serviceName].ports;
    this.portName = Object.keys(ports)[0]!;
    const methods = ports[this.portName].binding.methods;
    for (const [action, m] of Object.entries<{
      soapAction: string;
      input: { $name: string };
      output: { $name: string };
    }>(methods)) {
      const op = { action, soapAction: m.soapAction, input: m.input.$name, output: m.output.$name };
      this.operations.set(action, op);
      this.byInput.set(op.input, op);
    }
  }

  type(element: string): XsdType {
    const t = this.types.get(element);
    if (!t) throw new Error(`${this.path} declares no element ${element}`);
    return t;
  }

  /** The XML of an element from a JSON-shaped payload, or the schema problems that forbid it. */
  serialize(element: string, payload: unknown): { xml: string; problems: string[] } {
    const { value, problems } = toWire(payload, this.type(element), element);
    if (problems.length > 0) return { xml: "", problems };
    // "tns" is the WSDL's own prefix for its namespace, so the element gets a plain xmlns.
    const xml = this.wsdl.objectToDocumentXML(element, value, "tns", this.namespace, undefined);
    return { xml, problems };
  }

  /** Typed JSON from the parse of an element, with what breaks the schema. */
  check(element: string, parsed: unknown): { value: unknown; problems: string[] } {
    return fromWire(parsed, this.type(element), element);
  }

  /** The `soap` package's parse of a whole envelope; throws on XML that does not parse. */
  parse(xml: string): Record<string, unknown> {
    return this.wsdl.xmlToObject(xml) as Record<string, unknown>;
  }
}

const loaded = new Map<string, Promise<SoapService>>();

/** Parses a WSDL once per process; later callers get the same service. */
export function loadService(path: string): Promise<SoapService> {
  let p = loaded.get(path);
  if (!p) {
    p = (async () => {
      const text = await readFile(path, "utf8");
      // biome-ignore lint/suspicious/noExplicitAny: WSDL_OPTIONS holds options the typings omit (customDeserializer keys).
      const wsdl = new soap.WSDL(text, pathToFileURL(path).href, WSDL_OPTIONS as any);
      // The WSDL leaves attributesKey to its Client or Server to set; without it attributes are lost both ways.
      (wsdl.options as { attributesKey?: string }).attributesKey = WSDL_OPTIONS.attributesKey;
      await new Promise<void>((resolve, reject) =>
        wsdl.onReady((err?: Error) => (err ? reject(err) : resolve())),
      );
      return new SoapService(wsdl, path);
    })();
    loaded.set(path, p);
  }
  return p;
}
