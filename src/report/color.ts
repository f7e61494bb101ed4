import { Chalk, type ChalkInstance } from "chalk";

/** Colors only on a terminal, never with NO_COLOR (https://no-color.org), forced with FORCE_COLOR. */
export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  const enabled = !noColor && (forced || stream.isTTY === true);
  return new Chalk({ level: enabled ? 1 : 0 });
}
