// The XML Schema subset the OCPP 1.5/1.6 WSDLs use, compiled once from the schema the `soap`
// package parsed: sequences of elements with min/maxOccurs, string restrictions (enumeration,
// maxLength) and simple content with attributes (1.5 meter values). The `soap` package neither
// validates nor orders elements, so both happen here, driven by the official schema.

export type SimpleBase = "string" | "int" | "decimal" | "boolean" | "dateTime" | "anyURI";

export interface SimpleType {
  kind: "simple";
  name: string;
  base: SimpleBase;
  enumeration?: readonly string[];
  maxLength?: number;
  fractionDigits?: number;
}

export interface Field {
  name: string;
  type: XsdType;
  min: number;
  max: number;
}

export interface ComplexType {
  kind: "complex";
  name: string;
  fields: Field[];
  /** Simple content with attributes: the text is under `$value`, attributes under `attributes`. */
  text?: SimpleType;
  attributes?: Field[];
}

export type XsdType = SimpleType | ComplexType;

/** The parts of the `soap` package's parsed schema nodes this compiler reads. */
export interface SchemaNode {
  name: string;
  children?: SchemaNode[];
  $name?: string;
  $type?: string;
  $base?: string;
  $value?: string;
  $minOccurs?: string;
  $maxOccurs?: string;
  $use?: string;
}

export interface ParsedSchema {
  complexTypes: Record<string, SchemaNode>;
  types: Record<string, SchemaNode>;
  elements: Record<string, SchemaNode>;
}

const BASES = new Set<string>(["string", "int", "decimal", "boolean", "dateTime", "anyURI"]);
const FACETS = new Set(["enumeration", "maxLength", "fractionDigits", "annotation"]);

const local = (qname: string): string => qname.slice(qname.indexOf(":") + 1);
const child = (n: SchemaNode, name: string): SchemaNode | undefined =>
  n.children?.find((c) => c.name === name);

/** Compiles every top-level element of a schema (the WSDL's request and response elements). */
export function compileElements(schema: ParsedSchema): Map<string, XsdType> {
  const cache = new Map<string, XsdType>();

  const named = (qname: string): XsdType => {
    const name = local(qname);
    const hit = cache.get(name);
    if (hit) return hit;
    if (BASES.has(name)) {
      const t: SimpleType = { kind: "simple", name, base: name as SimpleBase };
      cache.set(name, t);
      return t;
    }
    const simple = schema.types[name];
    if (simple) {
      const t = simpleType(name, simple);
      cache.set(name, t);
      return t;
    }
    const complex = schema.complexTypes[name];
    if (!complex) throw new Error(`the schema has no type ${qname}`);
    // Registered before its fields are compiled, so a recursive type would terminate.
    const t: ComplexType = { kind: "complex", name, fields: [] };
    cache.set(name, t);
    fillComplex(t, complex);
    return t;
  };

  const simpleType = (name: string, node: SchemaNode): SimpleType => {
    const r = child(node, "restriction");
    if (!r?.$base) throw new Error(`the simple type ${name} is not a restriction`);
    const base = named(r.$base);
    if (base.kind !== "simple") throw new Error(`the simple type ${name} restricts a complex type`);
    // A facet this compiler does not check would be silently ignored: refuse it instead.
    const unknown = r.children?.find((c) => !FACETS.has(c.name));
    if (unknown)
      throw new Error(`the simple type ${name} uses the facet ${unknown.name}, which is not checked`);
    const enumeration = r.children?.filter((c) => c.name === "enumeration").map((c) => c.$value ?? "");
    const maxLength = child(r, "maxLength")?.$value;
    const fractionDigits = child(r, "fractionDigits")?.$value;
    return {
      kind: "simple",
      name,
      base: base.base,
      ...(enumeration?.length ? { enumeration } : {}),
      ...(maxLength ? { maxLength: Number(maxLength) } : {}),
      ...(fractionDigits ? { fractionDigits: Number(fractionDigits) } : {}),
    };
  };

  const field = (e: SchemaNode, owner: string): Field => {
    const name = e.$name ?? "";
    let type: XsdType;
    if (e.$type) type = named(e.$type);
    else {
      const anonymous = child(e, "complexType");
      if (!anonymous) throw new Error(`the element ${owner}.${name} has no type`);
      type = { kind: "complex", name: `${owner}.${name}`, fields: [] };
      fillComplex(type, anonymous);
    }
    const max = e.$maxOccurs === "unbounded" ? Number.POSITIVE_INFINITY : Number(e.$maxOccurs ?? 1);
    return { name, type, min: Number(e.$minOccurs ?? 1), max };
  };

  const fillComplex = (t: ComplexType, node: SchemaNode): void => {
    const seq = child(node, "sequence");
    for (const e of seq?.children ?? []) if (e.name === "element") t.fields.push(field(e, t.name));
    const ext = child(child(node, "simpleContent") ?? { name: "" }, "extension");
    if (ext?.$base) {
      const text = named(ext.$base);
      if (text.kind !== "simple") throw new Error(`${t.name} extends a complex type`);
      t.text = text;
      t.attributes = (ext.children ?? [])
        .filter((a) => a.name === "attribute")
        .map((a) => ({
          name: a.$name ?? "",
          type: named(a.$type ?? "s:string"),
          min: a.$use === "required" ? 1 : 0,
          max: 1,
        }));
    }
  };

  const out = new Map<string, XsdType>();
  for (const [name, e] of Object.entries(schema.elements)) {
    if (e.$type) out.set(name, named(e.$type));
  }
  return out;
}
