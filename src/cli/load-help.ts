// The examples and reference under `cpsim load --help` (kept apart so --help loads nothing else).
export const LOAD_EXAMPLES = `
Examples:
  # 1,000 charge points charging for 5 minutes against the embedded central system
  $ cpsim load --count 1000 --duration 5m

  # 10,000 idle charge points against your central system, 500 new connections a second
  $ cpsim load --count 10000 --url ws://csms:9000/ocpp --workload idle --ramp 500/s --duration 10m

  # k6-like stages: up to 2,000 in a minute, hold 5 minutes, down in 30 s
  $ cpsim load --count 2000 --url ws://csms:9000/ocpp --stages "1m:2000,5m:2000,30s:0"

  # a CI gate: exit 1 when a budget is crossed, with a JUnit file for the pipeline
  $ cpsim load --count 500 --duration 2m --threshold "BootNotification.p95<500ms" \\
      --threshold "errors.rate<0.1%" --threshold "StartTransaction.count>=1000" \\
      --reporter junit --out load-junit.xml

  # 2,000 OCPP 2.0.1 stations charging, with a budget on their TransactionEvents
  $ cpsim load --ocpp 2.0.1 --count 2000 --url ws://csms:9000/ocpp --duration 10m \\
      --threshold "TransactionEvent.p95<500ms"

  # every charge point runs a scenario 3 times (\${cp.id} and \${cp.index} available)
  $ cpsim load --count 1000 --scenario session.yaml --iterations 3 --url ws://csms:9000/ocpp

  # 40,000 charge points in 4 worker processes over 8 loopback source addresses
  $ cpsim load --count 40000 --workers 4 --local-address 127.0.0.1-127.0.0.8 --url ws://127.0.0.1:9000/ocpp

  # one run split over 4 machines (shards 0..3), lined up on a shared start, then one merged report
  $ cpsim load --count 40000 --url ws://csms:9000/ocpp --seed 42 --duration 10m --ramp 500/s \\
      --shard 0/4 --start-at 2026-12-01T06:00:00Z --reporter json --out shard-0.json
  $ cpsim report merge shard-*.json --out total.json --html total.html

  # in a Kubernetes Indexed Job: the shard index from the pod's environment
  $ cpsim load --count 40000 --url ws://csms:9000/ocpp --seed 42 --shard-from-env JOB_COMPLETION_INDEX \\
      --shards 4 --start-at 2026-12-01T06:00:00Z --reporter json --out /reports/shard.json

  # a misbehaving fleet: 1% of messages cut mid-frame, 2% repeated under the same message id (drawn from --seed)
  $ cpsim load --count 1000 --url ws://csms:9000/ocpp --fault drop:1% --fault duplicate:2%

  # sessions draw their idTag (seeded) from cards the central system knows: a list, or a file of one a line
  $ cpsim load --count 100 --url ws://csms:9000/ocpp --id-tags CARD-1,CARD-2,CARD-3
  $ cpsim load --count 100 --url ws://csms:9000/ocpp --id-tags @cards.txt

  # the full metrics as JSON (repeatable with the seed it prints)
  $ cpsim load --count 200 --duration 1m --seed 42 --reporter json --out load.json

  # how many pods of which size a million charge points take, and why
  $ cpsim load --plan --count 1000000 --workload charging

  # the same run as a Kubernetes Indexed Job, one shard a pod (README: "Running on Kubernetes")
  $ cpsim load --count 100000 --url ws://csms:9000/ocpp --duration 30m --ramp 1000/s \\
      --image registry.example.com/cpsim:0.1.0 --print-k8s-job | kubectl apply -f -

Thresholds: <metric><op><value>, op one of < <= > >= == !=; metrics: <Action>.p50|p90|p95|p99|min|max|mean
(ms, s), <Action>.count, <Action>.errors, errors.rate (%), errors.total, errors.timeout|rejected|invalid|
connectionLost|callError, boots.accepted|pending|rejected, transactions.started|stopped|refused,
connections.failed, connections.peak, disconnects, messages.rate, booted.time.

Shards: --shard i/n runs charge points of the i-th of n contiguous ranges (10 over 4: 3,3,2,2); ramp rates,
stage targets and --max-connecting are split the same way, so the shards add up to the whole run. Give
every shard the same options and --seed. With --start-at every shard waits for that time; one that
starts late joins the schedule where it stands (its ramp catches up, it ends with the others) and says
so; a start more than the run's length ago is refused. See cpsim report merge --help.

Exit codes: 0 passed, 1 a threshold was crossed, no charge point booted or a worker died, 2 bad input (before any
connection), 130 interrupted (Ctrl-C or SIGTERM: open transactions are stopped, reports written; a second
Ctrl-C ends at once, still writing the report).`;
