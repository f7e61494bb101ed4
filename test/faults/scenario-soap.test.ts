// The fault steps SOAP can do, against the `soap` package's server from the official WSDL; the
// ones it cannot are refused before anything connects, with the step's file:line.
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/scenario/load.ts";
import { runScenario } from "../../src/scenario/runner.ts";
import { startSoapPeer } from "../integration/soap-peer.ts";

const SCENARIO = `version: 1
name: SOAP faults
chargePoint: { id: CP-SOAP-FAULTS }
timeScale: 1000
steps:
  - boot
  - duplicateMessage: { action: Heartbeat }
  - duplicateMessage: { action: Authorize, payload: { idTag: DUP }, newId: true, expect: { repeat.result.idTagInfo.status: Accepted } }
  - skewClock: { by: +2h }
  - status: { connector: 1, status: Unavailable }
  - delayMessage: { action: Heartbeat, by: 200s }
  - heartbeat
  - dropMidMessage: { action: DataTransfer, payload: { vendorId: cpsim } }
  - heartbeat
`;

describe("fault steps over SOAP", () => {
  it("duplicates, skews, delays and cuts off a request mid-body", async () => {
    const peer = await startSoapPeer("1.6");
    try {
      const report = await runScenario(parseScenario(SCENARIO, "soap-faults.yaml"), {
        url: peer.url,
        version: "1.6",
      });
      const failed = report.steps.filter((s) => s.status !== "passed");
      expect(failed, JSON.stringify(failed)).toEqual([]);
      // Same MessageID twice for the plain repeat, a new one for newId.
      const ids = peer.headers.map((h) => JSON.stringify(h.MessageID));
      const heartbeats = peer.log.calls.flatMap((c, i) => (c.action === "Heartbeat" ? [ids[i]] : []));
      expect(heartbeats[0]).toBe(heartbeats[1]);
      const authorizes = peer.log.calls.flatMap((c, i) => (c.action === "Authorize" ? [ids[i]] : []));
      expect(authorizes).toHaveLength(2);
      expect(authorizes[0]).not.toBe(authorizes[1]);
      const status = peer.log.of("StatusNotification").at(-1)!.params;
      const ahead = Date.parse(String(status.timestamp)) - Date.now();
      expect(ahead).toBeGreaterThan(2 * 3_600_000 - 60_000);
      const delayed = report.steps.find((s) => s.index === 6)!;
      expect(delayed.durationMs).toBeGreaterThanOrEqual(195);
      // The cut-off DataTransfer never reached the service; the next call went out on a fresh connection.
      expect(peer.log.actions).not.toContain("DataTransfer");
      expect(peer.log.actions.at(-1)).toBe("Heartbeat");
    } finally {
      await peer.close();
    }
  }, 30_000);

  it("refuses the faults SOAP cannot do before connecting, with file:line", async () => {
    const scenario = parseScenario(
      "version: 1\nsteps:\n  - boot\n  - stopReading: { for: 5s }\n",
      "slow.yaml",
    );
    await expect(runScenario(scenario, { url: "http://127.0.0.1:9/ocpp", version: "1.6" })).rejects.toThrow(
      /^slow\.yaml:4:5: steps\[1\]\.stopReading cannot run over SOAP: .*no.*OCPP-J/,
    );
  });
});
