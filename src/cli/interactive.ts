import { confirm, input, number, select } from "@inquirer/prompts";
import { StateStore } from "../chargepoint/persistence/store.ts";
import { CentralSystem } from "../csms/server.ts";
import { Recorder } from "../interactive/recorder.ts";
import { Screen } from "../interactive/screen.ts";
import { InteractiveSession } from "../interactive/session.ts";
import { type InteractiveSettings, loadSettings, saveSettings } from "../interactive/settings.ts";
import {
  DEFAULT_VERSION,
  defaultTransport,
  type OcppVersion,
  transportOfUrl,
  versionRow,
  versionRows,
} from "../ocpp/versions.ts";
import { colorsFor } from "../report/color.ts";
import type { Answer } from "../scenario/inbox.ts";
import { errorMessage, UserError } from "../util/errors.ts";
import { redactUrl } from "../util/redact-url.ts";
import type { Io } from "./io.ts";
import { type SecurityFlags, securityOptions } from "./options.ts";
import { checkRespondFlag, urlVersionNote } from "./run-checks.ts";

export interface InteractiveFlags extends SecurityFlags {
  url?: string;
  id?: string;
  ocpp?: OcppVersion;
  connectors?: number;
  record?: string;
  listen?: { host: string; port: number };
  endpointUrl?: string;
  respond?: Record<string, Answer>;
  stateDir?: string;
}

const URL_RULE = (v: string): true | string =>
  v.trim() === "" ||
  /^(wss?|https?):\/\/[^\s/]+/i.test(v.trim()) ||
  "enter a ws(s):// URL (OCPP-J) or an http(s):// URL (SOAP), or leave it empty for the embedded central system";

/** OCPP-J or SOAP: a URL's scheme decides; for the embedded central system, the choice made. */
function isSoap(s: InteractiveSettings): boolean {
  return s.url === ""
    ? (s.transport ?? defaultTransport(s.ocpp)) === "soap"
    : transportOfUrl(s.url) === "soap";
}

/** `cpsim interactive`: be a charge point by hand. */
export async function interactiveCommand(
  flags: InteractiveFlags,
  io: Io,
  stdinIsTTY = process.stdin.isTTY,
): Promise<number> {
  if (!stdinIsTTY)
    throw new UserError(
      "cpsim interactive needs a terminal; for scripts and CI use cpsim run with a scenario.",
    );
  const c = colorsFor(io.stdout, io.env);
  const security = securityOptions(flags, io.env);
  const screen = new Screen(io);
  let store: StateStore | undefined;
  try {
    // --respond is checked against the version's payloads: before the questions when --ocpp says it.
    if (flags.ocpp) checkRespondFlag(flags.respond, flags.ocpp);
    let settings = await askSettings(flags, io.env);
    checkRespondFlag(flags.respond, settings.ocpp);
    if (flags.stateDir) {
      store = StateStore.open(flags.stateDir, {
        onProblem: (message) => screen.log(c.yellow(`  ! ${message}`)),
      });
      // A broken state file is found before anything connects.
      store.load(settings.id);
    }
    for (;;) {
      const csms = settings.url === "" ? await CentralSystem.start({}) : undefined;
      const soap = isSoap(settings);
      const url = csms ? (soap ? csms.soapUrl(settings.ocpp) : csms.url) : settings.url;
      const recorder = flags.record
        ? new Recorder(flags.record, { id: settings.id, connectors: settings.connectors }, flags.respond, {
            url: settings.url,
            ocpp: settings.ocpp,
            transport: soap ? "soap" : "json",
            passwordGiven: security.password !== undefined,
            ca: flags.ca,
            cert: flags.cert,
            key: flags.key,
            insecure: flags.insecure,
            listen: flags.listen,
            endpointUrl: flags.endpointUrl,
          })
        : undefined;
      const session = new InteractiveSession({
        url,
        version: settings.ocpp,
        id: settings.id,
        connectors: settings.connectors,
        password: security.password,
        tls: security.tls,
        screen,
        colors: c,
        recorder,
        csms,
        interrupted: io.interrupted,
        respond: flags.respond,
        state: store,
        callback: { host: flags.listen?.host, port: flags.listen?.port, endpointUrl: flags.endpointUrl },
      });
      const note = urlVersionNote(settings.url, settings.ocpp);
      if (note) screen.log(c.yellow(`  ! ${note}`));
      screen.log(
        c.dim(
          `connecting ${settings.id} to ${csms ? `the embedded central system at ${url}` : redactUrl(url)} (OCPP ${settings.ocpp}-${soap ? "S" : "J"})…`,
        ),
      );
      try {
        await session.cp.connect();
      } catch (err) {
        await csms?.close();
        screen.log(c.red(`✘ ${errorMessage(err)}`));
        // A refused connection is not the end: ask again, with what was typed as the default.
        settings = {
          ...settings,
          url: await screen.ask(() =>
            input({
              message: "Central system URL (empty: embedded)",
              default: settings.url,
              validate: URL_RULE,
            }),
          ),
        };
        continue;
      }
      const warning = saveSettings(io.env, settings);
      if (warning) screen.log(c.yellow(`  ! ${warning}`));
      screen.log(c.green(`connected. Log of every message below; choose what the charge point does next.`));
      const ended = await session.run();
      await csms?.close();
      if (recorder) {
        recorder.save();
        const { command, needsPassword } = recorder.replay;
        screen.log(
          `recorded ${recorder.count} steps to ${recorder.file}; replay with: ${needsPassword ? "CPSIM_PASSWORD=… " : ""}${command}`,
        );
      }
      // Ctrl-C is exit 130 here as everywhere, even when the session was closed cleanly.
      return ended === "interrupted" ? 130 : 0;
    }
  } catch (err) {
    // Ctrl-C during the first questions: nothing was started, so just leave.
    if ((err as Error).name === "ExitPromptError") return 130;
    throw err;
  } finally {
    await store?.close();
  }
}

async function askSettings(flags: InteractiveFlags, env: NodeJS.ProcessEnv): Promise<InteractiveSettings> {
  const saved = loadSettings(env);
  const complete = (s: Partial<InteractiveSettings>): s is InteractiveSettings =>
    typeof s.url === "string" && typeof s.id === "string" && typeof s.connectors === "number";
  const given = { url: flags.url, id: flags.id, connectors: flags.connectors };
  const merged: Partial<InteractiveSettings> = {
    ocpp: DEFAULT_VERSION,
    ...saved,
    ...(flags.ocpp && flags.ocpp !== saved.ocpp ? { ocpp: flags.ocpp, transport: undefined } : {}),
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
  };
  const allGiven = flags.url !== undefined && flags.id !== undefined;
  // One keypress to start again as last time.
  if (!allGiven && complete(merged)) {
    const where = merged.url === "" ? "the embedded central system" : redactUrl(merged.url);
    if (
      await confirm({
        message: `Connect ${merged.id} (${merged.connectors} connector${merged.connectors > 1 ? "s" : ""}) to ${where} with OCPP ${merged.ocpp}${merged.url === "" ? (isSoap(merged) ? " SOAP" : " JSON") : ""}?`,
        default: true,
      })
    ) {
      return merged;
    }
  }
  if (allGiven)
    return {
      url: flags.url!,
      id: flags.id!,
      connectors: flags.connectors ?? saved.connectors ?? 1,
      ocpp: flags.ocpp ?? DEFAULT_VERSION,
    };
  const url = await input({
    message: "Central system URL (empty: embedded)",
    default: merged.url ?? "",
    validate: URL_RULE,
  });
  const fromUrl = transportOfUrl(url.trim());
  const soapUrl = fromUrl === "soap";
  const wsUrl = fromUrl === "json";
  // A URL's scheme already says JSON or SOAP; only the choices it allows are offered.
  // Newest version first, each with its transports (the default first).
  const choices = [...versionRows()].reverse().flatMap((row) =>
    row.transports.map((transport) => ({
      value: { ocpp: row.id as OcppVersion, transport },
      name: `${row.id} ${transport === "json" ? "JSON" : "SOAP"}`,
      disabled: transport === "json" ? soapUrl && "(the URL is SOAP)" : wsUrl && "(the URL is OCPP-J)",
    })),
  );
  // The cursor starts on the version asked for (or the default), not on the newest one.
  const wanted = merged.ocpp ?? DEFAULT_VERSION;
  const preselected = choices.find((c) => c.value.ocpp === wanted && !c.disabled)?.value;
  const protocol = await select<{ ocpp: OcppVersion; transport: "json" | "soap" }>({
    message: "OCPP version",
    choices,
    ...(preselected && { default: preselected }),
  });
  const id = await input({
    message: "Charge point id",
    default: merged.id ?? "CPSIM-001",
    validate: (v) => /^[\x21-\x7e]{1,48}$/.test(v) || "1 to 48 printable characters, no spaces",
  });
  // 2.0.1 asks for EVSEs: each connector of the model is one EVSE with one connector.
  const connectors = await number({
    message: `Number of ${versionRow(protocol.ocpp).terms.placeKind}s`,
    default: merged.connectors ?? 1,
    min: 1,
    max: 100,
    required: true,
  });
  return { url: url.trim(), ...protocol, id, connectors: connectors! };
}
