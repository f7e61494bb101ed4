// The authorization decision (OCPP 1.6 §3.5) on the model alone: which source decides for an
// idTag online and offline, and how the local list and the cache change. A fixed SimClock makes
// expiry exact.
import { describe, expect, it } from "vitest";
import { CACHE_CAPACITY } from "../../src/chargepoint/auth-cache.ts";
import { ChargePoint } from "../../src/chargepoint/charge-point.ts";
import type { LocalListUpdate } from "../../src/ocpp/neutral-commands.ts";
import { SimClock } from "../../src/util/clock.ts";
import { RecordingLink } from "./recording-link.ts";

const NOW = Date.parse("2030-01-01T12:00:00.000Z");
const PAST = "2030-01-01T11:59:59.000Z";
const FUTURE = "2030-01-02T00:00:00.000Z";

function setup(config: Record<string, string> = {}) {
  const link = new RecordingLink();
  // Scale 1e-9: the simulated clock stays at NOW for the whole test.
  const cp = new ChargePoint({
    id: "CP1",
    statusOnBoot: false,
    clock: new SimClock(1e-9, NOW),
    config: { MeterValueSampleInterval: "0", ...config },
  });
  cp.attach(link);
  return { cp, link };
}

const full = (listVersion: number, entries: LocalListUpdate["entries"]): LocalListUpdate => ({
  updateType: "Full",
  listVersion,
  entries,
});
const diff = (listVersion: number, entries: LocalListUpdate["entries"]): LocalListUpdate => ({
  updateType: "Differential",
  listVersion,
  entries,
});

describe("the authorization decision online", () => {
  it("asks the central system and caches the answer; LocalPreAuthorize then skips Authorize.req for it", async () => {
    const { cp, link } = setup();
    expect(await cp.authorizeIdTag("A")).toEqual({ info: { status: "Accepted" }, source: "CentralSystem" });
    // LocalPreAuthorize is false by default: the cache is there, but the central system is asked again.
    expect(await cp.authorizeIdTag("A")).toMatchObject({ source: "CentralSystem" });
    expect(link.count("Authorize")).toBe(2);
    cp.changeConfiguration("LocalPreAuthorize", "true");
    expect(await cp.authorizeIdTag("A")).toEqual({ info: { status: "Accepted" }, source: "Cache" });
    expect(link.count("Authorize")).toBe(2);
  });

  it("asks again for a cached idTag that is not valid, even with LocalPreAuthorize", async () => {
    const { cp, link } = setup({ LocalPreAuthorize: "true" });
    link.authorizeStatus = "Blocked";
    await cp.authorize("B");
    link.authorizeStatus = "Accepted";
    expect(await cp.authorizeIdTag("B")).toEqual({ info: { status: "Accepted" }, source: "CentralSystem" });
    expect(link.count("Authorize")).toBe(2);
  });

  it("pre-authorizes from the local list, which outranks the cache and is never cached (§3.5.3)", async () => {
    const { cp, link } = setup({ LocalPreAuthorize: "true" });
    link.authorizeStatus = "Blocked";
    await cp.authorize("L");
    expect(cp.localAuth.cache.size).toBe(1);
    expect(cp.commands.sendLocalList(full(1, [{ idTag: "L", info: { status: "Accepted" } }]))).toBe(
      "Accepted",
    );
    // The list takes the idTag over: its cache entry is gone.
    expect(cp.localAuth.cache.size).toBe(0);
    expect(await cp.authorizeIdTag("L")).toEqual({ info: { status: "Accepted" }, source: "LocalList" });
    cp.changeConfiguration("LocalPreAuthorize", "false");
    await cp.authorize("L");
    expect(cp.localAuth.cache.size).toBe(0);
  });

  it("treats an entry past its expiryDate as Expired and asks the central system", async () => {
    const { cp, link } = setup({ LocalPreAuthorize: "true" });
    cp.commands.sendLocalList(full(1, [{ idTag: "OLD", info: { status: "Accepted", expiryDate: PAST } }]));
    cp.commands.sendLocalList(diff(2, [{ idTag: "NEW", info: { status: "Accepted", expiryDate: FUTURE } }]));
    expect(await cp.authorizeIdTag("NEW")).toMatchObject({ source: "LocalList" });
    expect(await cp.authorizeIdTag("OLD")).toMatchObject({ source: "CentralSystem" });
    expect(link.calls.filter((c) => c.action === "Authorize").map((c) => c.req)).toEqual([{ idTag: "OLD" }]);
  });

  it("does not cache with AuthorizationCacheEnabled false", async () => {
    const { cp } = setup({ AuthorizationCacheEnabled: "false", LocalPreAuthorize: "true" });
    await cp.authorize("A");
    expect(cp.localAuth.cache.size).toBe(0);
    expect(await cp.authorizeIdTag("A")).toMatchObject({ source: "CentralSystem" });
  });

  it("caches the idTagInfo of StartTransaction and StopTransaction answers too", async () => {
    const { cp, link } = setup();
    link.authorizeStatus = "Expired";
    cp.changeConfiguration("StopTransactionOnInvalidId", "false");
    await cp.startTransaction(1, "S");
    expect(cp.localAuth.lookup("S")).toEqual({ info: { status: "Expired" }, source: "Cache" });
  });
});

describe("the authorization decision offline (§3.5.4)", () => {
  async function offline(config: Record<string, string>, prepare?: (cp: ChargePoint) => Promise<void>) {
    const { cp, link } = setup(config);
    await prepare?.(cp);
    cp.detach();
    return { cp, link };
  }

  it("authorizes a cached or listed valid idTag with LocalAuthorizeOffline, without a message", async () => {
    const { cp, link } = await offline({}, async (cp) => {
      await cp.authorize("C");
      cp.commands.sendLocalList(full(3, [{ idTag: "L", info: { status: "Accepted" } }]));
    });
    expect(await cp.authorizeIdTag("C")).toEqual({ info: { status: "Accepted" }, source: "Cache" });
    expect(await cp.authorizeIdTag("L")).toEqual({ info: { status: "Accepted" }, source: "LocalList" });
    expect(link.count("Authorize")).toBe(1);
  });

  it("refuses an unknown idTag unless AllowOfflineTxForUnknownId", async () => {
    expect(await (await offline({})).cp.authorizeIdTag("U")).toEqual({
      info: { status: "Invalid" },
      source: "Offline",
    });
    expect(await (await offline({ AllowOfflineTxForUnknownId: "true" })).cp.authorizeIdTag("U")).toEqual({
      info: { status: "Accepted" },
      source: "Offline",
    });
  });

  it("refuses a known idTag that is not valid, even with AllowOfflineTxForUnknownId", async () => {
    const { cp } = await offline({ AllowOfflineTxForUnknownId: "true" }, async (cp) => {
      cp.commands.sendLocalList(
        full(1, [
          { idTag: "BLOCKED", info: { status: "Blocked" } },
          { idTag: "LAPSED", info: { status: "Accepted", expiryDate: PAST } },
        ]),
      );
    });
    expect(await cp.authorizeIdTag("BLOCKED")).toEqual({ info: { status: "Blocked" }, source: "LocalList" });
    expect(await cp.authorizeIdTag("LAPSED")).toMatchObject({
      info: { status: "Expired" },
      source: "LocalList",
    });
  });

  it("does not use a valid local entry with LocalAuthorizeOffline false: it counts as unknown", async () => {
    const prepare = async (cp: ChargePoint) => void (await cp.authorize("C"));
    const strict = await offline({ LocalAuthorizeOffline: "false" }, prepare);
    expect(await strict.cp.authorizeIdTag("C")).toEqual({ info: { status: "Invalid" }, source: "Offline" });
    const lenient = await offline(
      { LocalAuthorizeOffline: "false", AllowOfflineTxForUnknownId: "true" },
      prepare,
    );
    expect(await lenient.cp.authorizeIdTag("C")).toEqual({ info: { status: "Accepted" }, source: "Offline" });
  });

  it("ignores a disabled local list", async () => {
    const { cp } = await offline({ LocalAuthListEnabled: "false" }, async (cp) => {
      cp.changeConfiguration("LocalAuthListEnabled", "true");
      cp.commands.sendLocalList(full(1, [{ idTag: "L", info: { status: "Accepted" } }]));
      cp.changeConfiguration("LocalAuthListEnabled", "false");
    });
    expect(await cp.authorizeIdTag("L")).toEqual({ info: { status: "Invalid" }, source: "Offline" });
  });
});

describe("the local list", () => {
  it("Full replaces, Differential adds, updates and removes; the version follows, 0 when empty", () => {
    const { cp } = setup();
    expect(cp.commands.getLocalListVersion()).toBe(0);
    const ok = { status: "Accepted" as const };
    expect(
      cp.commands.sendLocalList(
        full(2, [
          { idTag: "A", info: ok },
          { idTag: "B", info: ok },
        ]),
      ),
    ).toBe("Accepted");
    expect(cp.commands.getLocalListVersion()).toBe(2);
    expect(
      cp.commands.sendLocalList(
        diff(5, [{ idTag: "A" }, { idTag: "B", info: { status: "Blocked" } }, { idTag: "C", info: ok }]),
      ),
    ).toBe("Accepted");
    expect(cp.commands.getLocalListVersion()).toBe(5);
    expect(["A", "B", "C"].map((t) => cp.localAuth.list.lookup(t, NOW)?.status)).toEqual([
      undefined,
      "Blocked",
      "Accepted",
    ]);
    expect(cp.commands.sendLocalList(full(6, [{ idTag: "D", info: ok }]))).toBe("Accepted");
    expect(cp.localAuth.list.size).toBe(1);
    // An empty list has version 0 whatever version emptied it (§5.10).
    expect(cp.commands.sendLocalList(full(7, []))).toBe("Accepted");
    expect(cp.commands.getLocalListVersion()).toBe(0);
  });

  it("answers VersionMismatch to a Differential update that does not move the version forward", () => {
    const { cp } = setup();
    const ok = { status: "Accepted" as const };
    cp.commands.sendLocalList(full(5, [{ idTag: "A", info: ok }]));
    expect(cp.commands.sendLocalList(diff(5, [{ idTag: "B", info: ok }]))).toBe("VersionMismatch");
    expect(cp.commands.sendLocalList(diff(3, [{ idTag: "B", info: ok }]))).toBe("VersionMismatch");
    expect(cp.localAuth.list.has("B")).toBe(false);
    // A Full update may set any version.
    expect(cp.commands.sendLocalList(full(1, [{ idTag: "B", info: ok }]))).toBe("Accepted");
    expect(cp.commands.getLocalListVersion()).toBe(1);
  });

  it("answers Failed, changing nothing, when the list would exceed LocalAuthListMaxLength", () => {
    const { cp } = setup({ LocalAuthListMaxLength: "2" });
    const ok = { status: "Accepted" as const };
    cp.commands.sendLocalList(
      full(1, [
        { idTag: "A", info: ok },
        { idTag: "B", info: ok },
      ]),
    );
    expect(cp.commands.sendLocalList(diff(2, [{ idTag: "C", info: ok }]))).toBe("Failed");
    expect(cp.commands.getLocalListVersion()).toBe(1);
    expect(cp.localAuth.list.has("C")).toBe(false);
  });

  it("answers NotSupported, and -1 for the version, when LocalAuthListEnabled is false", () => {
    const { cp } = setup({ LocalAuthListEnabled: "false" });
    expect(cp.commands.getLocalListVersion()).toBe(-1);
    expect(cp.commands.sendLocalList(full(1, [{ idTag: "A", info: { status: "Accepted" } }]))).toBe(
      "NotSupported",
    );
  });

  it("throws the matching OCPP error for updates the schema lets through", () => {
    const { cp } = setup({ SendLocalListMaxLength: "2" });
    const ok = { status: "Accepted" as const };
    const three = [
      { idTag: "A", info: ok },
      { idTag: "B", info: ok },
      { idTag: "C", info: ok },
    ];
    expect(() => cp.commands.sendLocalList(full(1, three))).toThrow(
      expect.objectContaining({ code: "OccurenceConstraintViolation" }),
    );
    expect(() => cp.commands.sendLocalList(full(1, [{ idTag: "A", info: ok }, { idTag: "A" }]))).toThrow(
      expect.objectContaining({
        code: "OccurenceConstraintViolation",
        message: "idTag A occurs twice in localAuthorizationList",
      }),
    );
    expect(() => cp.commands.sendLocalList(full(-1, []))).toThrow(
      expect.objectContaining({ code: "PropertyConstraintViolation" }),
    );
    expect(() => cp.commands.sendLocalList(full(0, [{ idTag: "A", info: ok }]))).toThrow(
      expect.objectContaining({ code: "PropertyConstraintViolation" }),
    );
    expect(cp.commands.getLocalListVersion()).toBe(0);
  });
});

describe("the authorization cache", () => {
  it("ClearCache empties it, and is Rejected while the cache is disabled", async () => {
    const { cp } = setup();
    await cp.authorize("A");
    expect(cp.commands.clearCache()).toBe("Accepted");
    expect(cp.localAuth.cache.size).toBe(0);
    cp.changeConfiguration("AuthorizationCacheEnabled", "false");
    expect(cp.commands.clearCache()).toBe("Rejected");
  });

  it("when full, drops an entry that is not valid before the oldest valid one", () => {
    const { cp } = setup();
    const cache = cp.localAuth.cache;
    cache.update("FIRST", { status: "Accepted" }, NOW);
    cache.update("BAD", { status: "Blocked" }, NOW);
    for (let i = 2; i < CACHE_CAPACITY; i++) cache.update(`T${i}`, { status: "Accepted" }, NOW);
    cache.update("NEW-1", { status: "Accepted" }, NOW);
    expect([cache.lookup("BAD", NOW), cache.lookup("FIRST", NOW)?.status]).toEqual([undefined, "Accepted"]);
    cache.update("NEW-2", { status: "Accepted" }, NOW);
    expect(cache.lookup("FIRST", NOW)).toBeUndefined();
    expect(cache.size).toBe(CACHE_CAPACITY);
  });
});
