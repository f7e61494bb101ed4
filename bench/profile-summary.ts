// Summarises a .cpuprofile written by `node --cpu-prof` (or bench:core --profile): self time by
// area and function, and total time of the top functions, over a window of the run.
//   npx tsx bench/profile-summary.ts FILE.cpuprofile [--from 20] [--to 80] [--top 30]
// --from/--to are seconds after the first sample: e.g. a load run's hold without its boot.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { summarize } from "./profile.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    from: { type: "string", default: "0" },
    to: { type: "string", default: "1e9" },
    top: { type: "string", default: "30" },
  },
});
for (const file of positionals) {
  console.log(file);
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const window = { fromMs: Number(values.from) * 1000, toMs: Number(values.to) * 1000 };
  for (const line of summarize(profile, Number(values.top), window)) console.log(line);
}
