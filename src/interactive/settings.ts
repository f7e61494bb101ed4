import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { OcppVersion } from "../ocpp/versions.ts";
import { withoutUserinfo } from "../util/redact-url.ts";

/** What `cpsim interactive` remembers between runs; never a password. */
export interface InteractiveSettings {
  /** Central system base URL; empty means the embedded one. */
  url: string;
  ocpp: OcppVersion;
  /** Only needed for the embedded central system: a given URL's scheme says it. */
  transport?: "json" | "soap";
  id: string;
  connectors: number;
}

export function settingsPath(env: NodeJS.ProcessEnv): string {
  const dir = env.CPSIM_CONFIG_DIR ?? join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "cpsim");
  return join(dir, "interactive.json");
}

export function loadSettings(env: NodeJS.ProcessEnv): Partial<InteractiveSettings> {
  try {
    const data = JSON.parse(readFileSync(settingsPath(env), "utf8")) as Partial<InteractiveSettings>;
    return typeof data === "object" && data !== null ? data : {};
  } catch {
    // No file yet, or one we cannot read: start from scratch rather than fail.
    return {};
  }
}

/** Returns an error sentence when the settings could not be written (the session goes on). */
export function saveSettings(env: NodeJS.ProcessEnv, settings: InteractiveSettings): string | undefined {
  const file = settingsPath(env);
  try {
    mkdirSync(join(file, ".."), { recursive: true });
    const kept = { ...settings, url: withoutUserinfo(settings.url) };
    writeFileSync(file, `${JSON.stringify(kept, null, 2)}\n`);
    return undefined;
  } catch (err) {
    return `could not remember these settings in ${file}: ${(err as Error).message}`;
  }
}
