import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../util/errors.ts";

/** Files as given, folders as the .yaml/.yml scenarios inside them (recursively, in name order). */
export function scenarioFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // A missing file is reported by the loader, with the same wording as for any unreadable one.
    }
    if (!isDir) {
      files.push(path);
      continue;
    }
    const found = (readdirSync(path, { recursive: true }) as string[])
      .filter((f) => /\.ya?ml$/i.test(f))
      .sort()
      .map((f) => join(path, f));
    if (found.length === 0) throw new UserError(`${path} holds no .yaml scenario files.`);
    files.push(...found);
  }
  return files;
}
