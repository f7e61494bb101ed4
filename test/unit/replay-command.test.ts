import { describe, expect, it } from "vitest";
import { expectAnswer } from "../../src/interactive/recorder.ts";
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
  it("expects every status the central system answered, but the default one of the step", () => {
    expect(expectAnswer({ status: "UnknownVendorId" })).toEqual({ expect: { status: "UnknownVendorId" } });
    expect(expectAnswer({ idTagInfo: { status: "Accepted" } })).toEqual({
      expect: { "idTagInfo.status": "Accepted" },
    });
    const accepted = { "idTagInfo.status": "Accepted" };
    expect(expectAnswer({ idTagInfo: { status: "Accepted" } }, accepted)).toEqual({});
    expect(expectAnswer({ idTagInfo: { status: "Blocked" } }, accepted)).toEqual({
      expect: { "idTagInfo.status": "Blocked" },
    });
    expect(expectAnswer({ queued: true })).toEqual({});
  });
});
