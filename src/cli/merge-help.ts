// The examples under `cpsim report merge --help` (kept apart so --help loads nothing else).
export const MERGE_EXAMPLES = `
Examples:
  # the shards of one run (cpsim load --shard i/n --seed S --reporter json --out shard-i.json)
  $ cpsim report merge shard-*.json --out total.json --html total.html

  # a JUnit file for the pipeline, one test case per threshold judged on the merged figures
  $ cpsim report merge shard-*.json --reporter junit --out total.xml

  # a shard's pod was lost: merge the others anyway (the report lists the missing shards)
  $ cpsim report merge shard-0.json shard-1.json shard-3.json --allow-partial --out partial.json

Counts add up, percentiles come from the added HDR histograms (never averaged), timelines are
added bucket by bucket on the shared start, and the thresholds the shards ran with are judged
again on the merged figures. Every shard 0..n-1 is needed exactly once, unless --allow-partial.

Exit codes: 0 passed, 1 a threshold was crossed, no charge point booted or a worker died (as
cpsim load), 2 a file is not a cpsim load shard report, the shards are of different runs (cpsim
version, seed or settings), a shard is missing or given twice.`;
