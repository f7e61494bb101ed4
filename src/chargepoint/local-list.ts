// The local authorization list (OCPP 1.6 §3.5.2): idTags the central system hands the charge point
// with SendLocalList (§5.15), versioned so it can tell whether a list is current (§5.10). Unlike
// the cache, only SendLocalList changes it; answers to Authorize and the like never do.
import { OcppError } from "../ocpp/errors.ts";
import type { IdTagInfo } from "../ocpp/neutral.ts";
import type { LocalListUpdate, LocalListUpdateResult } from "../ocpp/neutral-commands.ts";
import { asOf } from "./auth-cache.ts";

export interface ListLimits {
  /** LocalAuthListMaxLength: how many idTags the list may hold. */
  maxLength: number;
  /** SendLocalListMaxLength: how many entries one SendLocalList may carry. */
  maxPerUpdate: number;
}

export class LocalList {
  private listVersion = 0;
  private entries: Map<string, IdTagInfo> | undefined;

  /** 0 stands for an empty list (§5.10), whatever version the update that emptied it gave. */
  get version(): number {
    return this.size === 0 ? 0 : this.listVersion;
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  /** Every entry, for --state-dir; a Full update with them rebuilds the list. */
  all(): [string, IdTagInfo][] {
    return [...(this.entries ?? [])];
  }

  has(idTag: string): boolean {
    return this.entries?.has(idTag) ?? false;
  }

  /** The entry as it stands now: Accepted past its expiryDate reads as Expired, the list itself is not changed. */
  lookup(idTag: string, now: number): IdTagInfo | undefined {
    const info = this.entries?.get(idTag);
    return info && asOf(info, now);
  }

  /**
   * Applies a Full (replace) or Differential (add, update, or remove entries without info) update.
   * The list changes only when the answer is Accepted. Throws an OcppError for an update that is
   * malformed beyond what the schema checks.
   */
  apply(update: LocalListUpdate, limits: ListLimits): LocalListUpdateResult {
    const { updateType, listVersion, entries } = update;
    if (entries.length > limits.maxPerUpdate) {
      throw new OcppError(
        "OccurenceConstraintViolation",
        `localAuthorizationList holds ${entries.length} entries, more than SendLocalListMaxLength (${limits.maxPerUpdate})`,
      );
    }
    const seen = new Set<string>();
    for (const { idTag } of entries) {
      if (seen.has(idTag)) {
        throw new OcppError(
          "OccurenceConstraintViolation",
          `idTag ${idTag} occurs twice in localAuthorizationList`,
        );
      }
      seen.add(idTag);
    }
    // -1 means "no local list" and 0 "an empty list" (§5.10): neither can name a list with entries.
    if (listVersion < 0) {
      throw new OcppError(
        "PropertyConstraintViolation",
        `listVersion must not be negative (got ${listVersion})`,
      );
    }
    // A differential update must move the list forward; the central system then sends a Full one (§5.15).
    if (updateType === "Differential" && listVersion <= this.version) return "VersionMismatch";
    const next = updateType === "Full" ? new Map<string, IdTagInfo>() : new Map(this.entries);
    for (const { idTag, info } of entries) {
      // Without idTagInfo a Differential update deletes the idTag; in a Full one it is simply not in the list.
      if (info) next.set(idTag, { ...info });
      else next.delete(idTag);
    }
    if (next.size > limits.maxLength) return "Failed";
    if (next.size > 0 && listVersion === 0) {
      throw new OcppError(
        "PropertyConstraintViolation",
        "listVersion 0 stands for an empty list; a list with entries needs 1 or more",
      );
    }
    this.entries = next.size > 0 ? next : undefined;
    this.listVersion = listVersion;
    return "Accepted";
  }
}
