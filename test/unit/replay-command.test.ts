import { describe, expect, it } from "vitest";
import { expectPayload, expectStatus } from "../../src/interactive/recorder.ts";
import { replayCommand } from "../../src/interactive/replay.ts";

describe("the replay command of a recording", () => {
  const base = { url: "", ocpp: "1.6", transport: "json", passwordGiven: false } as const;

  it("sends the replay where the session went, over the same protocol", () => {
    expect(replayCommand("rec.yaml", base).command).toBe("cpsim run rec.yaml");
    expect(replayCommand("rec.yaml", { ...base, transport: "soap" }).command).toBe(
      "cpsim run rec.yaml --transport soap",
    );
    expect(replayCommand("rec.yaml", { ...base, ocpp: "1.5", transport: "soap" }).command).toBe(
      "cpsim run rec.yaml --ocpp 1.5",
    );
    expect(
      replayCommand("my rec.yaml", {
        ...base,
        url: "https://csms.example.com/ocpp1.5",
        ocpp: "1.5",
        transport: "soap",
        ca: "ca.pem",
        listen: { host: "0.0.0.0", port: 8090 },
        endpointUrl: "http://203.0.113.7:8090",
      }).command,
    ).toBe(
      "cpsim run 'my rec.yaml' --url https://csms.example.com/ocpp1.5 --ocpp 1.5 --ca ca.pem --listen 0.0.0.0:8090 --endpoint-url http://203.0.113.7:8090",
    );
  });

  it("never carries a password, and says one is needed", () => {
    expect(replayCommand("r.yaml", { ...base, url: "ws://h/ocpp", passwordGiven: true })).toEqual({
      command: "cpsim run r.yaml --url ws://h/ocpp",
      needsPassword: true,
    });
    const fromUrl = replayCommand("r.yaml", { ...base, url: "wss://CP-1:p@ss:w0rd@h:443/ocpp" });
    expect(fromUrl).toEqual({ command: "cpsim run r.yaml --url wss://CP-1@h:443/ocpp", needsPassword: true });
    expect(replayCommand("r.yaml", { ...base, url: "ws://CP-1@h/ocpp" }).needsPassword).toBe(false);
  });
});

describe("the expectations of a recorded answer", () => {
  it("expects the neutral status the central system answered, but the default one of the step", () => {
    expect(expectStatus("UnknownVendorId")).toEqual({ expect: { status: "UnknownVendorId" } });
    expect(expectStatus("Accepted")).toEqual({ expect: { status: "Accepted" } });
    expect(expectStatus("Accepted", "Accepted")).toEqual({});
    expect(expectStatus("Blocked", "Accepted")).toEqual({ expect: { status: "Blocked" } });
    // Queued offline: no answer, nothing to expect.
    expect(expectStatus(undefined)).toEqual({});
  });

  it("expects a sent action's statuses where its own payload carries them, on any version", () => {
    expect(expectPayload({ status: "Rejected" })).toEqual({ expect: { status: "Rejected" } });
    expect(expectPayload({ idTagInfo: { status: "Blocked" } })).toEqual({
      expect: { "idTagInfo.status": "Blocked" },
    });
    expect(expectPayload({ idTokenInfo: { status: "Invalid" } })).toEqual({
      expect: { "idTokenInfo.status": "Invalid" },
    });
    expect(expectPayload({ currentTime: "2026-01-01T00:00:00Z" })).toEqual({});
  });
});
