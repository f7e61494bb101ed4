// How the charge point decides whether an idTag may charge (OCPP 1.6 §3.5): by asking the central
// system, or from the local authorization list and the authorization cache when
// LocalPreAuthorize (online) or LocalAuthorizeOffline and AllowOfflineTxForUnknownId (offline) say so.
// Every path that authorizes (the authorize step, a remote start, the interactive menu) comes here.
import type { IdTagInfo } from "../ocpp/neutral.ts";
import type { ClearCacheResult, LocalListUpdate, LocalListUpdateResult } from "../ocpp/neutral-commands.ts";
import type { SimClock } from "../util/clock.ts";
import { AuthCache } from "./auth-cache.ts";
import type { ConfigKeys } from "./config-keys.ts";
import { LocalList } from "./local-list.ts";
import { Setting } from "./settings.ts";

/** Who decided: the central system, the local list, the cache, or the offline rules for unknown idTags. */
export type AuthSource = "CentralSystem" | "LocalList" | "Cache" | "Offline";

export interface AuthDecision {
  info: IdTagInfo;
  source: AuthSource;
}

export class LocalAuthorization {
  readonly cache = new AuthCache();
  readonly list = new LocalList();

  constructor(
    private readonly config: ConfigKeys,
    private readonly clock: SimClock,
  ) {}

  /**
   * `ask` sends Authorize.req; it is undefined while the charge point is offline. Online, a valid
   * local entry skips the request with LocalPreAuthorize; any other idTag is asked about.
   */
  async decide(
    idTag: string,
    ask: ((idTag: string) => Promise<IdTagInfo>) | undefined,
  ): Promise<AuthDecision> {
    const local = this.lookup(idTag);
    if (ask) {
      if (local?.info.status === "Accepted" && this.config.bool(Setting.localPreAuthorize)) return local;
      const info = await ask(idTag);
      this.remember(idTag, info);
      return { info, source: "CentralSystem" };
    }
    // Offline (§3.5.4): an idTag known not to be valid (Blocked, Invalid, Expired, or past its
    // expiryDate) is refused whatever the other keys say.
    if (local && local.info.status !== "Accepted") return local;
    if (local && this.config.bool(Setting.localAuthorizeOffline)) return local;
    if (this.config.bool(Setting.allowOfflineTxForUnknownId))
      return { info: { status: "Accepted" }, source: "Offline" };
    // Invalid is 1.6's word for an idTag not known to be allowed.
    return { info: { status: "Invalid" }, source: "Offline" };
  }

  /** The local list's entry takes precedence over the cache's (§3.5.3); disabled stores are not consulted. */
  lookup(idTag: string): AuthDecision | undefined {
    const now = this.clock.now();
    if (this.config.bool(Setting.localAuthListEnabled)) {
      const info = this.list.lookup(idTag, now);
      if (info) return { info, source: "LocalList" };
    }
    if (this.config.bool(Setting.authorizationCacheEnabled)) {
      const info = this.cache.lookup(idTag, now);
      if (info) return { info, source: "Cache" };
    }
    return undefined;
  }

  /**
   * Every idTagInfo from the central system (Authorize, StartTransaction, StopTransaction answers)
   * updates the cache, except for idTags in the local list, which are never cached (§3.5.3).
   */
  remember(idTag: string, info: IdTagInfo | undefined): void {
    if (!info || !this.config.bool(Setting.authorizationCacheEnabled)) return;
    if (this.config.bool(Setting.localAuthListEnabled) && this.list.has(idTag)) return;
    this.cache.update(idTag, info, this.clock.now());
  }

  /**
   * 1.6 (§5.3) leaves open what a charge point with its cache disabled answers; 2.0.1 settles it
   * as Rejected (C11.FR.04), which also tells the central system the cache is not in use.
   */
  clearCache(): ClearCacheResult {
    if (!this.config.bool(Setting.authorizationCacheEnabled)) return "Rejected";
    this.cache.clear();
    return "Accepted";
  }

  /** -1 tells the central system the list is not in use (§5.10), as the 1.6 test tool expects with LocalAuthListEnabled false. */
  listVersion(): number {
    return this.config.bool(Setting.localAuthListEnabled) ? this.list.version : -1;
  }

  sendLocalList(update: LocalListUpdate): LocalListUpdateResult {
    if (!this.config.bool(Setting.localAuthListEnabled)) return "NotSupported";
    const result = this.list.apply(update, {
      maxLength: this.config.int(Setting.localAuthListMaxLength),
      maxPerUpdate: this.config.int(Setting.sendLocalListMaxLength),
    });
    if (result === "Accepted") {
      // An idTag now in the list is no longer cached: the list decides for it from here on (§3.5.3).
      for (const { idTag } of update.entries) if (this.list.has(idTag)) this.cache.forget(idTag);
    }
    return result;
  }
}
