import { Command, CommanderError, Option } from "commander";
import { DEFAULT_VERSION, OCPP_VERSIONS } from "../ocpp/versions.ts";
import { EXIT, UserError } from "../util/errors.ts";
import { VERSION } from "../version.ts";
import { wordsOf } from "./given-options.ts";
import { type Io, processIo } from "./io.ts";
import { LOAD_EXAMPLES } from "./load-help.ts";
import { refuseK8sOnly, withK8sOptions } from "./load-k8s-options.ts";
import { MERGE_EXAMPLES } from "./merge-help.ts";
import {
  collectRespond,
  collectVar,
  durationOption,
  listenOption,
  nonNegativeIntegerOption,
  portOption,
  positiveIntegerOption,
  timeScaleOption,
  withTransport,
} from "./options.ts";

const MAIN_EXAMPLES = `
Examples:
  $ cpsim run scenarios/basic-charging-session.yaml      # a session against the embedded central system
  $ cpsim run my.yaml --url ws://localhost:9000/ocpp     # against your central system
  $ cpsim run my.yaml --ocpp 1.5                         # OCPP 1.5 over SOAP
  $ cpsim csms --port 9000                               # the embedded central system on its own
  $ cpsim report merge shard-*.json --out total.json     # one report from a sharded cpsim load run

Run "cpsim <command> --help" for a command's options.`;

const RUN_EXAMPLES = `
Examples:
  # a full charging session against the embedded central system
  $ cpsim run scenarios/basic-charging-session.yaml

  # against your own central system, with a chosen charge point id
  $ cpsim run scenarios/basic-charging-session.yaml --url ws://localhost:9000/ocpp --id CP-042

  # the same session over OCPP 2.0.1 (TransactionEvent), against the embedded central system or yours
  $ cpsim run scenarios/basic-charging-session.yaml --ocpp 2.0.1
  $ cpsim run scenarios/basic-charging-session.yaml --ocpp 2.0.1 --url ws://localhost:9000/ocpp

  # the same session over SOAP: 1.5, or 1.6 SOAP, against the embedded central system
  $ cpsim run scenarios/basic-charging-session.yaml --ocpp 1.5
  $ cpsim run scenarios/basic-charging-session.yaml --transport soap

  # a SOAP central system on another host, which calls the charge point back on 203.0.113.7:8090
  $ cpsim run my.yaml --ocpp 1.5 --url http://csms.example.com/ocpp --listen 0.0.0.0:8090 --endpoint-url http://203.0.113.7:8090

  # every scenario of a folder, with a JUnit report for CI
  $ cpsim run scenarios/ --out cpsim-junit.xml            # .xml: JUnit, .json: JSON

  # machine-readable report on stdout
  $ cpsim run scenarios/basic-charging-session.yaml --reporter json

  # how does the central system cope when the charge point refuses remote starts?
  # (each answer is checked before connecting, against the payloads of the version --ocpp picks)
  $ cpsim run scenarios/remote-start-stop.yaml --respond RemoteStartTransaction=Rejected
  $ cpsim run my.yaml --respond 'GetConfiguration={"configurationKey":[]}'

  # fail the run if the central system drops a connection the scenario does not expectDisconnect
  $ cpsim run scenarios/ --url ws://csms.example.com/ocpp --on-disconnect fail

  # OCPP security profile 2: TLS with your CA and basic auth (password from the environment)
  $ CPSIM_PASSWORD=secret cpsim run s.yaml --url wss://csms.example.com/ocpp --ca ca.pem

  # keep queue, transactions and configuration on disk: killed and started again, it carries on
  $ cpsim run my.yaml --url ws://localhost:9000/ocpp --state-dir ./cp-state

Exit codes: 0 every step passed, 1 a step failed, 2 bad input (scenario, options), 130 interrupted.`;

const VALIDATE_EXAMPLES = `
Examples:
  $ cpsim validate scenarios/
  $ cpsim validate my-test.yaml --var idTag=ABC
  $ cpsim validate faults.yaml --transport soap
  $ cpsim validate scenarios/ --ocpp 1.5                # steps 1.5 lacks (TriggerMessage, Smart Charging)
  $ cpsim validate my-201.yaml --ocpp 2.0.1             # 2.0.1's own actions, checked against its schemas

Exit codes: 0 every file is valid, 2 a file has a mistake (file:line:column: what and where).`;

const INTERACTIVE_EXAMPLES = `
Examples:
  $ cpsim interactive                                     # asks what it needs, remembers it for next time
  $ cpsim interactive --url ws://localhost:9000/ocpp --id CP-042
  $ cpsim interactive --url http://localhost:8080/ocpp --ocpp 1.5   # a SOAP central system
  $ cpsim interactive --ocpp 2.0.1                        # menus in 2.0.1 terms: EVSE, idToken types
  $ cpsim interactive --record session.yaml               # its first line is the command that replays it
  $ cpsim interactive --respond Reset=Rejected            # refuse every Reset
  $ cpsim interactive --id CP-042 --state-dir ./cp-state  # transactions and queue survive a restart

Last answers are kept in $XDG_CONFIG_HOME/cpsim/interactive.json (passwords never are).
Ctrl-C asks before stopping running transactions, then exits 130; a second Ctrl-C leaves at once.`;

const CSMS_EXAMPLES = `
Examples:
  $ cpsim csms --port 9000
  $ cpsim csms --port 9000 --heartbeat-interval 60 --json > messages.ndjson

OCPP-J charge points connect to ws://<host>:<port>/<chargePointId> with subprotocol ocpp1.6;
SOAP charge points send to http://<host>:<port>/ocpp1.6 or /ocpp1.5.`;

/** The OCPP security profile options, the same for every command that connects. */
function withSecurity(command: Command): Command {
  return command
    .option(
      "--password <password>",
      "HTTP basic auth password (security profiles 1 and 2); or set CPSIM_PASSWORD",
    )
    .option("--ca <file>", "CA certificate(s) to verify a wss:// or https:// central system (PEM)")
    .option("--cert <file>", "client certificate for security profile 3 (PEM)")
    .option("--key <file>", "client private key for security profile 3 (PEM)")
    .option("--insecure", "do not verify the central system's TLS certificate (test set-ups only)");
}

/** Builds the command tree; actions report their exit code through setExit. */
export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command("cpsim")
    .description("OCPP charge point simulator: run scenarios against any central system, or against its own.")
    .version(VERSION, "-v, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .addHelpText("after", MAIN_EXAMPLES);

  withTransport(withSecurity(program.command("run")))
    .description("Run a scenario: a virtual charge point goes through the steps of a YAML file.")
    .argument("<scenarios...>", "scenario files (YAML) or folders of them")
    .option(
      "-u, --url <url>",
      "central system URL: ws(s):// for OCPP-J (the charge point connects to <url>/<id>), http(s):// for SOAP; default: start the embedded central system",
    )
    .option("-i, --id <id>", "charge point identity (default: the scenario's, else CPSIM-001)")
    .addOption(new Option("--ocpp <version>", "OCPP version").choices(OCPP_VERSIONS).default(DEFAULT_VERSION))
    .addOption(
      new Option(
        "-r, --reporter <name>",
        "report format (default: pretty; with --out, the file's extension says: .json or .xml)",
      ).choices(["pretty", "json", "junit"]),
    )
    .addOption(
      new Option("--junit-cases <per>", "JUnit test cases: one per step or one per scenario")
        .choices(["step", "scenario"])
        .default("step"),
    )
    .option(
      "-o, --out <file>",
      "write the report to this file, JSON for .json and JUnit for .xml (progress still prints)",
    )
    .option("--var <name=value>", "set a scenario variable, used as ${vars.name} (repeatable)", collectVar)
    .option(
      "--respond <action=answer>",
      "answer a central-system call with this status or JSON payload instead of the charge point (repeatable; wins over the scenario's respond)",
      collectRespond,
    )
    .option(
      "--time-scale <n>",
      "run simulated time n times faster than real time (wins over the scenario's timeScale)",
      timeScaleOption,
    )
    .addOption(
      new Option("--call-timeout <duration>", "how long to wait for each answer")
        .argParser(durationOption)
        .default(30_000, "30s"),
    )
    .addOption(
      new Option(
        "--on-disconnect <what>",
        "an unexpected drop: the charge point reconnects on its own and the run goes on, or the running step fails too (overrides the scenario's onDisconnect)",
      ).choices(["reconnect", "fail"]),
    )
    .option(
      "--state-dir <dir>",
      "keep the charge points' queue, transactions, meters, configuration and local list in this folder, one file each; a restarted cpsim carries on from there",
    )
    .addHelpText("after", RUN_EXAMPLES)
    .action(async (files: string[], flags) => {
      const { runCommand } = await import("./run.ts");
      setExit(await runCommand(files, flags, io));
    });

  program
    .command("validate")
    .description("Check scenarios against the format and the charge point they describe, without connecting.")
    .argument("<scenarios...>", "scenario files (YAML) or folders of them")
    .option("--var <name=value>", "set a scenario variable (repeatable)", collectVar)
    .addOption(
      new Option(
        "--transport <kind>",
        "also check the steps against a transport: soap refuses the OCPP-J-only faults",
      ).choices(["json", "soap"]),
    )
    .addOption(
      new Option(
        "--ocpp <version>",
        "also check the steps against a version: refuses one its ocpp: leaves out, and calls it lacks",
      ).choices(OCPP_VERSIONS),
    )
    .addHelpText("after", VALIDATE_EXAMPLES)
    .action(async (files: string[], flags) => {
      const { validateCommand } = await import("./validate.ts");
      setExit(validateCommand(files, flags, io));
    });

  program
    .command("list")
    .description("List scenarios with their descriptions (default: the ones shipped with cpsim).")
    .argument("[folder]", "folder of scenarios")
    .addHelpText("after", "\nExamples:\n  $ cpsim list\n  $ cpsim list tests/ocpp-scenarios\n")
    .action(async (folder: string | undefined) => {
      const { listCommand } = await import("./list.ts");
      setExit(listCommand(folder, io));
    });

  withSecurity(program.command("interactive"))
    .description("Be a charge point by hand: a menu of what it can do now, with a live log of every message.")
    .option(
      "-u, --url <url>",
      "central system URL, ws(s):// for OCPP-J or http(s):// for SOAP (asked when missing; empty: the embedded one)",
    )
    .option("-i, --id <id>", "charge point identity (asked when missing)")
    .addOption(new Option("--ocpp <version>", "OCPP version").choices(OCPP_VERSIONS).default(DEFAULT_VERSION))
    .option("--connectors <n>", "number of connectors", positiveIntegerOption)
    .option(
      "--listen <host:port>",
      "SOAP: where the charge point listens for central system calls (default 127.0.0.1 on a free port)",
      listenOption,
    )
    .option("--endpoint-url <url>", "SOAP: the base address the central system calls back")
    .option("--record <file>", "write what you do as a scenario that cpsim run replays")
    .option(
      "--respond <action=answer>",
      "answer a central-system call with this status or JSON payload (repeatable)",
      collectRespond,
    )
    .option(
      "--state-dir <dir>",
      "keep the charge points' queue, transactions, meters, configuration and local list in this folder, one file each; a restarted cpsim carries on from there",
    )
    .addHelpText("after", INTERACTIVE_EXAMPLES)
    .action(async (flags) => {
      const { interactiveCommand } = await import("./interactive.ts");
      setExit(await interactiveCommand(flags, io));
    });

  withTransport(withSecurity(program.command("load")))
    .description(
      "Put a fleet of charge points on a central system under a workload, with live figures, reports and thresholds that fail the build.",
    )
    .requiredOption("-n, --count <n>", "number of charge points", positiveIntegerOption)
    .option(
      "-u, --url <url>",
      "central system URL: ws(s):// for OCPP-J, http(s):// for SOAP; default: the embedded central system in a process of its own",
    )
    .addOption(new Option("--ocpp <version>", "OCPP version").choices(OCPP_VERSIONS).default(DEFAULT_VERSION))
    .addOption(
      new Option("-w, --workload <name>", "what each charge point does once booted")
        .choices(["idle", "charging"])
        .default("charging"),
    )
    .option(
      "-s, --scenario <file>",
      "every charge point runs this scenario (as cpsim run's; ${cp.id} and ${cp.index} available)",
    )
    .option(
      "--iterations <n>",
      "with --scenario: runs of it per charge point (default: until the end)",
      positiveIntegerOption,
    )
    .option("--var <name=value>", "set a scenario variable, used as ${vars.name} (repeatable)", collectVar)
    .option(
      "-d, --duration <duration>",
      "how long the run lasts (default 1m; with --stages, their total; with --iterations, until done)",
      durationOption,
    )
    .option("--ramp <rate>", "new charge points per second (500/s) or minute (100/m); default: all at once")
    .option("--stages <list>", 'ramp to counts over times, like k6: "1m:2000,5m:2000,30s:0"')
    .option(
      "--max-connecting <n>",
      "connections in progress at most (connect + boot)",
      positiveIntegerOption,
      250,
    )
    .option(
      "--seed <n>",
      "seed of every random draw (printed in the report; default: a fresh one)",
      nonNegativeIntegerOption,
    )
    .option(
      "--id-template <template>",
      "charge point ids; {index} from 0, {index:05} padded",
      "CP-{index:05}",
    )
    .option("--id-tag <template>", "idTag of each charge point's sessions", "TAG-{index:05}")
    .option(
      "--id-tags <list>",
      "charging: each session draws its idTag (seeded) from A,B,C or @file (one a line), instead of --id-tag",
    )
    .option("--session <range>", "charging: length of a session (simulated time)", "30s-60s")
    .option("--pause <range>", "charging: pause between sessions (simulated time)", "10s-30s")
    .addOption(
      new Option("--meter-interval <duration>", "MeterValueSampleInterval of every charge point")
        .argParser(durationOption)
        .default(10_000, "10s"),
    )
    .option(
      "--heartbeat-interval <seconds>",
      "embedded central system: heartbeat interval it gives at boot",
      nonNegativeIntegerOption,
      60,
    )
    .option(
      "-t, --threshold <expr>",
      'fail (exit 1) unless it holds, e.g. "BootNotification.p95<500ms" (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      "--fault <spec>",
      "inject faults at random (drawn from --seed) into every charge point's messages: drop:<p>, duplicate:<p>, delay:<p>:<duration>, e.g. drop:1% (repeatable)",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .addOption(
      new Option("-r, --reporter <name>", "report format")
        .choices(["pretty", "json", "jsonl", "junit"])
        .default("pretty"),
    )
    .option("-o, --out <file>", "write the JSON or JUnit report to this file (the live view still prints)")
    .option("--html <file>", "write a self-contained HTML report with charts")
    .option(
      "--workers <n>",
      "worker processes holding the charge points: auto or a number (default: this process)",
    )
    .option(
      "--shard <i/n>",
      "run shard i of n (i from 0) of the fleet: its ids, idTags and draws as in the whole run, 1/n of the pace",
    )
    .option(
      "--shard-from-env <var>",
      "take the shard index from this environment variable (e.g. JOB_COMPLETION_INDEX), with --shards",
    )
    .option("--shards <n>", "how many shards the run has (with --shard-from-env)", positiveIntegerOption)
    .option(
      "--start-at <time>",
      "shared start of every shard, ISO 8601 with zone (e.g. 2026-12-01T06:00:00Z): wait until then",
    )
    .option(
      "--local-address <addresses>",
      "spread connections over source addresses: 127.0.0.1-127.0.0.8 or a,b",
    )
    .option("--time-scale <n>", "run simulated time n times faster than real time", timeScaleOption)
    .addOption(
      new Option("--call-timeout <duration>", "how long to wait for each answer")
        .argParser(durationOption)
        .default(30_000, "30s"),
    )
    .addHelpText("after", LOAD_EXAMPLES)
    .action(async (flags, cmd: Command) => {
      if (flags.plan || flags.printK8sJob) {
        const { k8sCommand } = await import("./load-k8s.ts");
        return setExit(k8sCommand(flags, io, wordsOf(cmd), cmd));
      }
      refuseK8sOnly(cmd);
      const { loadCommand } = await import("./load.ts");
      setExit(await loadCommand(flags, io));
    });

  // Last under `cpsim load --help`: the options of --plan and --print-k8s-job.
  withK8sOptions(program.commands.find((c) => c.name() === "load")!);

  program
    .command("report")
    .description("Work with cpsim load reports: merge the shards of one run.")
    .command("merge")
    .description(
      "Merge the JSON reports of a sharded cpsim load run into the report one process would have written, judged on the merged figures.",
    )
    .argument("<files...>", "the shards' JSON reports (cpsim load --shard i/n --reporter json --out …)")
    .addOption(
      new Option("-r, --reporter <name>", "what to print: the summary (pretty or text), json or junit")
        .choices(["pretty", "text", "json", "junit"])
        .default("pretty"),
    )
    .option(
      "-o, --out <file>",
      "write the merged JSON (or, with --reporter junit, JUnit) report to this file",
    )
    .option("--html <file>", "write a self-contained HTML report of the merged run")
    .option("--allow-partial", "merge even when shards are missing (they are listed in the report)")
    .addHelpText("after", MERGE_EXAMPLES)
    .action(async (files: string[], flags) => {
      const { reportMergeCommand } = await import("./report.ts");
      setExit(await reportMergeCommand(files, flags, io));
    });

  program
    .command("csms")
    .description(
      "Start the embedded central system (OCPP 2.0.1-J, 1.6-J, 1.6 and 1.5 SOAP) on its own and log every message.",
    )
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("-p, --port <port>", "port to listen on (0 picks a free one)", portOption, 9000)
    .option(
      "--heartbeat-interval <seconds>",
      "interval given to charge points at boot",
      nonNegativeIntegerOption,
      300,
    )
    .option("--json", "log one JSON object per message (NDJSON)")
    .option("-q, --quiet", "log nothing but problems")
    .addHelpText("after", CSMS_EXAMPLES)
    .action(async (flags) => {
      const { csmsCommand } = await import("./csms.ts");
      setExit(await csmsCommand(flags, io));
    });

  return program;
}

/** Runs the CLI and returns the exit code; never calls process.exit. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is a usage mistake.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof UserError) {
      // A scenario error lists every mistake, one a line.
      for (const line of err.message.split("\n")) io.stderr.write(`cpsim: ${line}\n`);
      return err.exitCode;
    }
    io.stderr.write(
      `cpsim: internal error: ${(err as Error)?.message ?? err}\nThis is a bug in cpsim; please report it with the command you ran.${
        io.env.CPSIM_DEBUG ? `\n${(err as Error)?.stack}` : " (CPSIM_DEBUG=1 shows the stack trace.)"
      }\n`,
    );
    return EXIT.internal;
  }
}
