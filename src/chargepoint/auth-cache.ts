// The authorization cache (OCPP 1.6 §3.5.1): what the central system last said about each idTag
// it was asked about, so a known card can be authorized without asking (LocalPreAuthorize) or
// while the connection is down (LocalAuthorizeOffline).
import type { IdTagInfo } from "../ocpp/neutral.ts";

/** 1.6 has no key for the cache's size; a few hundred to a few thousand entries is usual. */
export const CACHE_CAPACITY = 1000;

/** Whether an idTagInfo's expiryDate has passed at `now` (epoch ms of the charge point's clock). */
export function hasExpired(info: IdTagInfo, now: number): boolean {
  if (info.expiryDate === undefined) return false;
  const at = Date.parse(info.expiryDate);
  return Number.isFinite(at) && at <= now;
}

/** An idTagInfo as it stands at `now`: Accepted past its expiryDate reads as Expired. */
export function asOf(info: IdTagInfo, now: number): IdTagInfo {
  return info.status === "Accepted" && hasExpired(info, now) ? { ...info, status: "Expired" } : info;
}

export class AuthCache {
  // A Map iterates in insertion order and update() re-inserts, so the first entry is the oldest.
  // Allocated on first use: most simulated charge points in a load run never authorize.
  private entries: Map<string, IdTagInfo> | undefined;

  get size(): number {
    return this.entries?.size ?? 0;
  }

  /**
   * Keeps the latest idTagInfo the central system gave, valid or not. A full cache first drops an
   * entry that is not valid, then the oldest valid one (§3.5.1).
   */
  update(idTag: string, info: IdTagInfo, now: number): void {
    this.entries ??= new Map();
    this.entries.delete(idTag);
    if (this.entries.size >= CACHE_CAPACITY) this.evict(now);
    this.entries.set(idTag, { ...info });
  }

  /** The cached idTagInfo; an entry whose validity has passed is changed to Expired (§3.5.1). */
  lookup(idTag: string, now: number): IdTagInfo | undefined {
    const info = this.entries?.get(idTag);
    if (!info) return undefined;
    const current = asOf(info, now);
    // set() on an existing key keeps its place, so expiring an entry does not make it younger.
    if (current !== info) this.entries!.set(idTag, current);
    return current;
  }

  /** Every entry, oldest first, for --state-dir; update() in this order rebuilds the cache. */
  all(): [string, IdTagInfo][] {
    return [...(this.entries ?? [])];
  }

  forget(idTag: string): void {
    this.entries?.delete(idTag);
  }

  clear(): void {
    this.entries = undefined;
  }

  private evict(now: number): void {
    const entries = this.entries!;
    for (const [idTag, info] of entries) {
      if (asOf(info, now).status !== "Accepted") {
        entries.delete(idTag);
        return;
      }
    }
    const oldest = entries.keys().next();
    if (!oldest.done) entries.delete(oldest.value);
  }
}
