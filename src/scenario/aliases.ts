import { type Document, isAlias, isCollection, isNode, isPair, type Node } from "yaml";

/** Values a file may hold once its aliases are expanded: far above any real scenario, far below a "billion laughs". */
export const MAX_EXPANDED_VALUES = 100_000;
/** Nesting a scenario never needs; deeper input would only exhaust the stack further on. */
export const MAX_DEPTH = 64;

/**
 * Checks a document's anchors and aliases before anything expands them, so that an alias with no
 * anchor, an alias inside its own anchor (which would expand forever) or aliases that multiply a
 * file into millions of values are scenario mistakes with a line, not crashes. The `yaml` package's
 * own guard (`maxAliasCount`, 100 by default) counts uses rather than size and refuses ordinary
 * files that reuse one step many times, so the size counted here replaces it.
 * Returns a problem at the offset of the node to blame, or undefined.
 */
export function checkAliases(doc: Document): { offset: number; detail: string } | undefined {
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  class Stop {
    constructor(
      readonly node: Node,
      readonly detail: string,
    ) {}
  }
  // The expanded size of a node: one per value, an alias counting as the whole value it names.
  const size = (node: unknown, depth: number): number => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) throw new Stop(node, `the alias *${node.source} has no anchor &${node.source} before it`);
      if (open.has(target))
        throw new Stop(
          node,
          `the alias *${node.source} is inside the value &${node.source} names; it would never end`,
        );
      return sizes.get(target)!;
    }
    if (!isNode(node)) return 0;
    if (depth > MAX_DEPTH) throw new Stop(node, `values are nested more than ${MAX_DEPTH} levels deep`);
    if (node.anchor) anchors.set(node.anchor, node);
    let n = 1;
    if (isCollection(node)) {
      open.add(node);
      for (const item of node.items) {
        const parts = isPair(item) ? [item.key, item.value] : [item];
        for (const part of parts) {
          n += size(part, depth + 1);
          if (n > MAX_EXPANDED_VALUES) {
            throw new Stop(
              (isNode(part) ? part : node) as Node,
              `aliases expand the file to more than ${MAX_EXPANDED_VALUES.toLocaleString("en")} values; reuse fewer or write them out`,
            );
          }
        }
      }
      open.delete(node);
    }
    sizes.set(node, n);
    return n;
  };
  try {
    size(doc.contents, 0);
    return undefined;
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    return { offset: err.node.range?.[0] ?? 0, detail: err.detail };
  }
}
