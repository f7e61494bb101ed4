// A strict reader for the subset of XML the JUnit reporter writes: a declaration, elements, quoted attributes,
// text and the five entities plus numeric references. No XML parser is a declared dependency, and this one
// refuses rather than guesses: comments, CDATA, DOCTYPE and a raw ">" in an attribute are all errors here.

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const NAME = "[A-Za-z_][\\w.-]*";
const OPEN = new RegExp(`^<(${NAME})((?:\\s+${NAME}="[^"]*")*)\\s*(/?)>$`);
const CLOSE = new RegExp(`^</(${NAME})\\s*>$`);
const ATTR = new RegExp(`(${NAME})="([^"]*)"`, "g");
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/u;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (raw.includes("<")) throw new Error(`raw < in ${where}`);
  if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/.test(raw)) throw new Error(`bare & in ${where}`);
  return raw.replace(/&(#x[\da-fA-F]+|#\d+|\w+);/g, (_, e: string) =>
    e.startsWith("#x")
      ? String.fromCodePoint(Number.parseInt(e.slice(2), 16))
      : e.startsWith("#")
        ? String.fromCodePoint(Number(e.slice(1)))
        : NAMED[e]!,
  );
}

/** Parses `xml` into a tree, throwing on anything that is not well-formed (within the subset). */
export function parseXml(xml: string): XmlNode {
  const decl = '<?xml version="1.0" encoding="UTF-8"?>';
  if (!xml.startsWith(decl)) throw new Error("missing XML declaration");
  if (NOT_XML.test(xml)) throw new Error("character not allowed in XML 1.0");
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let i = decl.length;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const raw = xml.slice(i, lt === -1 ? xml.length : lt);
    const top = stack.at(-1);
    if (raw.includes("]]>")) throw new Error("]]> in text");
    if (top) top.text += decode(raw, `<${top.name}> text`);
    else if (raw.trim()) throw new Error("text outside the root element");
    if (lt === -1) break;
    const gt = xml.indexOf(">", lt);
    if (gt === -1) throw new Error("unterminated tag");
    const tag = xml.slice(lt, gt + 1);
    i = gt + 1;
    const close = CLOSE.exec(tag);
    if (close) {
      const open = stack.pop();
      if (open?.name !== close[1]) throw new Error(`</${close[1]}> closes <${open?.name}>`);
      continue;
    }
    const m = OPEN.exec(tag);
    if (!m) throw new Error(`malformed tag ${tag}`);
    if (!top && root) throw new Error("a second root element");
    const node: XmlNode = { name: m[1]!, attrs: {}, children: [], text: "" };
    for (const [, k, v] of m[2]!.matchAll(ATTR)) {
      if (k! in node.attrs) throw new Error(`duplicate attribute ${k}`);
      node.attrs[k!] = decode(v!, `${node.name}@${k}`);
    }
    if (top) top.children.push(node);
    else root = node;
    if (!m[3]) stack.push(node);
  }
  if (stack.length) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new Error("no root element");
  return root;
}

const DECIMAL = /^\d+(\.\d+)?$/;
const INT = /^\d+$/;

function need(n: XmlNode, name: string, pattern?: RegExp): string {
  const v = n.attrs[name];
  if (v === undefined || v === "") throw new Error(`<${n.name}> lacks ${name}`);
  if (pattern && !pattern.test(v)) throw new Error(`<${n.name} ${name}="${v}"> does not match ${pattern}`);
  return v;
}

/**
 * Checks what the Ant JUnit schema (and Jenkins' junit-10.xsd) require: attributes, child order
 * (properties, testcase*, system-out, system-err) and counts that agree with the testcases.
 */
export function checkJUnitShape(root: XmlNode): void {
  if (root.name !== "testsuites") throw new Error(`root is <${root.name}>`);
  const total = { tests: 0, failures: 0, skipped: 0 };
  for (const s of root.children) {
    if (s.name !== "testsuite") throw new Error(`<${s.name}> inside <testsuites>`);
    need(s, "name");
    need(s, "hostname");
    need(s, "id", INT);
    need(s, "time", DECIMAL);
    need(s, "timestamp", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const order = s.children.map((c) => c.name).join(",");
    if (!/^properties(,testcase)*,system-out,system-err$/.test(order))
      throw new Error(`suite children ${order}`);
    for (const p of s.children[0]!.children) {
      if (p.name !== "property" || !p.attrs.name || p.attrs.value === undefined)
        throw new Error("bad property");
    }
    const cases = s.children.filter((c) => c.name === "testcase");
    const counts = { tests: cases.length, failures: 0, skipped: 0 };
    for (const c of cases) {
      need(c, "name");
      need(c, "classname");
      need(c, "time", DECIMAL);
      if (c.children.length > 1) throw new Error(`testcase ${c.attrs.name} has several outcomes`);
      const outcome = c.children[0];
      if (outcome?.name === "failure") {
        need(outcome, "type");
        counts.failures++;
      } else if (outcome?.name === "skipped") counts.skipped++;
      else if (outcome) throw new Error(`<${outcome.name}> in a testcase`);
    }
    for (const k of ["tests", "failures", "skipped"] as const) {
      if (need(s, k, INT) !== String(counts[k]))
        throw new Error(`suite ${k}=${s.attrs[k]}, counted ${counts[k]}`);
      total[k] += counts[k];
    }
    if (need(s, "errors", INT) !== "0") throw new Error("errors must be 0");
  }
  for (const k of ["tests", "failures", "skipped"] as const) {
    if (need(root, k, INT) !== String(total[k]))
      throw new Error(`root ${k}=${root.attrs[k]}, counted ${total[k]}`);
  }
  need(root, "time", DECIMAL);
  need(root, "name");
  if (need(root, "errors", INT) !== "0") throw new Error("errors must be 0");
}

/** Every element called `name` below `n`, in document order. */
export function find(n: XmlNode, name: string): XmlNode[] {
  return n.children.flatMap((c) => [...(c.name === name ? [c] : []), ...find(c, name)]);
}
