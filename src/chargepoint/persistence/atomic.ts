// A state file is replaced, never rewritten in place: the new content goes to a temporary file
// that is flushed to disk, then renamed over the old one. A crash at any point leaves either the
// old file or the new one, whole; never a mix, and never an empty file.
import { open, rename } from "node:fs/promises";

/** The temporary file next to `file`; the store ignores such files when it reads. */
export const TEMP_SUFFIX = ".tmp";

export interface AtomicHooks {
  /** Runs once the new content is on disk and before it replaces the old (tests crash here). */
  beforeRename?(): void;
}

export async function writeFileAtomic(file: string, text: string, hooks?: AtomicHooks): Promise<void> {
  const temp = file + TEMP_SUFFIX;
  const handle = await open(temp, "w");
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  hooks?.beforeRename?.();
  await rename(temp, file);
}

/**
 * Flushes a folder's entries, so that a rename survives a power cut, not just the file's data.
 * Once per batch of writes, not per file.
 */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
