// The idTags a charging fleet presents: one per charge point from `--id-tag TAG-{index:05}`, or
// drawn per session from a list (`--id-tags A,B,C` or `--id-tags @cards.txt`), so a run can use
// the cards the central system under test knows. Both are checked before anything connects.
import { readFileSync } from "node:fs";
import type { OcppVersion } from "../ocpp/versions.ts";
import { fsReason, UserError } from "../util/errors.ts";
import { idTemplate } from "./id-template.ts";
import type { FleetRandom } from "./random.ts";

/** IdToken is a CiString20Type in OCPP 1.5 and 1.6 alike: a longer one fails schema validation. */
export const ID_TAG_MAX = 20;

/** `A,B,C` or `@file` (one idTag a line, blank lines skipped) as the list of idTags. */
export function parseIdTags(value: string): string[] {
  let tags: string[];
  if (value.trim() === "")
    throw new UserError("--id-tags is empty; expected idTags such as A1,B2, or @file.");
  if (value.startsWith("@")) {
    const file = value.slice(1);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      throw new UserError(`--id-tags ${value}: cannot read ${file}: ${fsReason(err)}.`);
    }
    tags = text
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter((s) => s !== "");
    if (tags.length === 0) throw new UserError(`--id-tags ${value}: ${file} has no idTags (one a line).`);
  } else {
    tags = value.split(",").map((s) => s.trim());
    if (tags.some((t) => t === ""))
      throw new UserError(`--id-tags ${value}: expected idTags separated by commas, e.g. A1,B2, or @file.`);
  }
  const long = tags.find((t) => t.length > ID_TAG_MAX);
  if (long !== undefined)
    throw new UserError(
      `--id-tags: idTag ${long} has ${long.length} characters; OCPP allows at most ${ID_TAG_MAX}.`,
    );
  return tags;
}

/** A template whose longest idTag (the last charge point's) fits the OCPP limit. */
export function checkIdTagTemplate(template: string, count: number, ocpp: OcppVersion): void {
  const longest = idTemplate(template, "--id-tag")(count - 1);
  if (longest.length > ID_TAG_MAX)
    throw new UserError(
      `--id-tag ${template} makes idTags such as ${longest} (${longest.length} characters); OCPP ${ocpp} allows at most ${ID_TAG_MAX}.`,
    );
}

/**
 * The idTag of charge point `index`'s next session. With a list, each session draws one from the
 * charge point's own seeded stream, so the same seed gives every charge point the same cards.
 */
export function idTagChooser(
  template: string,
  list: readonly string[] | undefined,
  random: FleetRandom,
): (index: number) => string {
  if (!list) return idTemplate(template, "--id-tag");
  return (index) => list[Math.floor(random.next(index) * list.length)]!;
}
