// The options of a command as the user typed them, in order, with their text as typed: what a
// command that prints another command line (`cpsim load --print-k8s-job`) passes on. Commander
// has parsed and checked them already; this only pairs each one with its Option.
import type { Command, Option } from "commander";
import { UserError } from "../util/errors.ts";

export interface GivenOption {
  /** The option's attribute name, e.g. `meterInterval`. */
  key: string;
  /** The flag to repeat it with, e.g. `--meter-interval`. */
  flag: string;
  /** Absent for a flag without a value. */
  value?: string;
}

/** The words after the subcommand's name on the command line. */
export function wordsOf(cmd: Command): string[] {
  // Commander keeps the words it parsed on the program (rawArgs), though its typings omit it.
  const raw = (cmd.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs ?? [];
  const at = raw.indexOf(cmd.name());
  return at < 0 ? [] : raw.slice(at + 1);
}

export function givenOptions(words: string[], options: readonly Option[]): GivenOption[] {
  const given: GivenOption[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const eq = word.startsWith("--") ? word.indexOf("=") : -1;
    const name = eq > 0 ? word.slice(0, eq) : word.startsWith("--") ? word : word.slice(0, 2);
    const option = options.find((o) => o.long === name || o.short === name);
    if (!option) throw new UserError(`${word}: not an option that can be passed on (an argument?).`);
    const flag = option.long ?? option.short!;
    const key = option.attributeName();
    if (!option.required && !option.optional) {
      if (name !== word) throw new UserError(`${word}: give the flags one by one.`);
      given.push({ key, flag });
    } else if (eq > 0) given.push({ key, flag, value: word.slice(eq + 1) });
    else if (name !== word)
      given.push({ key, flag, value: word.slice(2) }); // -n100
    else given.push({ key, flag, value: words[++i] });
  }
  return given;
}
