// Summarises a V8 .heapsnapshot (from `node --heapsnapshot-signal=SIGUSR2`, or DevTools): self size
// and count by constructor or kind, largest first, optionally per charge point.
//   npx tsx bench/heap-summary.ts FILE.heapsnapshot [--per 10000] [--top 30]
// --per N divides by N (the charge points of the run): what each one holds, roughly.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { per: { type: "string", default: "1" }, top: { type: "string", default: "30" } },
});
const per = Number(values.per);
for (const file of positionals) {
  const snap = JSON.parse(readFileSync(file, "utf8"));
  const fields: string[] = snap.snapshot.meta.node_fields;
  const types: string[] = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const by = new Map<string, { size: number; count: number }>();
  let total = 0;
  const nodes: number[] = snap.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + iType!]!]!;
    const name: string = snap.strings[nodes[i + iName!]!];
    // Objects by constructor; strings, arrays, code and the like by kind.
    const key = type === "object" || type === "closure" ? `${type} ${name}` : `(${type})`;
    const size = nodes[i + iSize!]!;
    total += size;
    const e = by.get(key) ?? { size: 0, count: 0 };
    e.size += size;
    e.count++;
    by.set(key, e);
  }
  console.log(
    `${file}: ${(total / 1e6).toFixed(1)} MB in the heap${per > 1 ? `, ${(total / per).toFixed(0)} B per charge point` : ""}`,
  );
  for (const [k, e] of [...by].sort((a, b) => b[1].size - a[1].size).slice(0, Number(values.top))) {
    const pc =
      per > 1
        ? `  ${(e.size / per).toFixed(0).padStart(6)} B  ${(e.count / per).toFixed(2).padStart(6)} /cp`
        : "";
    console.log(`  ${(e.size / 1e6).toFixed(2).padStart(8)} MB ${String(e.count).padStart(9)}${pc}  ${k}`);
  }
}
