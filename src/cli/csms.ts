import { CentralSystem } from "../csms/server.ts";
import { colorsFor } from "../report/color.ts";
import { summarize } from "../report/summarize.ts";
import { fsReason } from "../util/errors.ts";
import type { Io } from "./io.ts";

export interface CsmsFlags {
  host: string;
  port: number;
  heartbeatInterval: number;
  json?: boolean;
  quiet?: boolean;
}

/** `cpsim csms`: the embedded central system on its own, until Ctrl-C. */
export async function csmsCommand(flags: CsmsFlags, io: Io): Promise<number> {
  const c = colorsFor(io.stdout, io.env);
  const log = (s: string) => io.stdout.write(`${s}\n`);
  let cs: CentralSystem;
  try {
    cs = await CentralSystem.start({
      host: flags.host,
      port: flags.port,
      heartbeatIntervalSec: flags.heartbeatInterval,
      trace: flags.quiet
        ? undefined
        : (m) => {
            if (flags.json) {
              log(JSON.stringify({ ...m, at: new Date(m.at).toISOString() }));
              return;
            }
            // From the central system's side, "in" is what the charge point sent.
            const arrow = m.dir === "in" ? c.blue("→") : c.magenta("←");
            const latency = m.latencyMs === undefined ? "" : c.dim(`  ${Math.round(m.latencyMs)} ms`);
            log(
              `${c.dim(new Date(m.at).toISOString().slice(11, 23))} ${m.cp} ${arrow} ${m.action} ${summarize(m.action, m.kind, m.payload)}${latency}`,
            );
          },
      onProblem: (cp, message) => io.stderr.write(`${c.yellow("!")} ${cp}: ${message}\n`),
      onConnection:
        flags.json || flags.quiet
          ? undefined
          : (cp, up) => log(c.dim(`${cp} ${up ? "connected" : "disconnected"}`)),
    });
  } catch (err) {
    const why = fsReason(err, "listen");
    io.stderr.write(`cpsim: cannot listen on ${flags.host}:${flags.port}: ${why}.\n`);
    return 2;
  }
  if (!flags.json)
    log(
      `${c.bold("cpsim central system")} listening: OCPP ${cs.jsonVersions.join("-J, ")}-J at ${cs.url}/<id>, SOAP at ${Object.values(cs.soapUrls).reverse().join(" and ")}. Ctrl-C stops it.`,
    );
  else log(JSON.stringify({ listening: cs.url, soap: cs.soapUrls }));
  await new Promise<void>((resolve) => {
    if (io.interrupted?.aborted) resolve();
    io.interrupted?.addEventListener("abort", () => resolve(), { once: true });
  });
  await cs.close();
  return 0;
}
