// The neutral smart charging commands as the 2.0.1 row sends them (src/ocpp/v201/central-commands.ts),
// to cpsim's station, from the embedded central system and from ocpp-rpc strict (ocpp2.0.1), which
// validates each call and answer against its own schemas; their answers read back as neutral fields.
import { describe, expect, it } from "vitest";
import {
  type CentralCommandArgs,
  type CentralCommandName,
  versionCommand,
} from "../../src/ocpp/central-commands.ts";
import { versionRow } from "../../src/ocpp/versions.ts";
import { iso, PEERS_201, type Peer201, stationHarness, T0 } from "./v201-smart-peers.ts";

const ROW = versionRow("2.0.1");

/** Sends a neutral command as the 2.0.1 row translates it; resolves with its neutral answer. */
function sender(peer: Peer201) {
  return async <C extends CentralCommandName>(name: C, args: CentralCommandArgs[C]) => {
    const command = versionCommand(ROW.centralSystemCommands, name, args)!;
    return command.answer(await peer.call(command.call.action, command.call.payload));
  };
}

for (const [name, startPeer] of PEERS_201) {
  describe(`neutral smart charging commands over 2.0.1 with ${name}`, () => {
    const h = stationHarness(startPeer);

    it("set, composite, remote start with a profile, and clear", async () => {
      const { peer, t } = await h.setup();
      const send = sender(peer);
      const stationMax = {
        id: 9,
        stackLevel: 0,
        purpose: "ChargingStationMaxProfile" as const,
        kind: "Absolute" as const,
        startSchedule: iso(T0),
        unit: "A" as const,
        periods: [{ startPeriod: 0, limit: 16 }],
      };
      expect(await send("setChargingProfile", { profile: stationMax })).toEqual({ status: "Accepted" });
      expect(await send("getCompositeSchedule", { duration: 600 })).toEqual({
        status: "Accepted",
        scheduleStart: iso(T0),
        duration: 600,
        unit: "A",
        periods: [{ startPeriod: 0, limit: 16 }],
      });

      const charging = peer.log.waitForCount(
        "TransactionEvent",
        1,
        (c) => c.params.triggerReason === "ChargingStateChanged",
      );
      const txProfile = {
        id: 1,
        stackLevel: 0,
        purpose: "TxProfile" as const,
        kind: "Relative" as const,
        unit: "W" as const,
        periods: [
          { startPeriod: 0, limit: 3680 },
          { startPeriod: 1800, limit: 7360 },
        ],
      };
      expect(await send("remoteStart", { connector: 1, idTag: "TAG-SC", profile: txProfile })).toEqual({
        status: "Accepted",
      });
      await charging;
      expect(t.cp.connector(1).meter.power).toBe(3680);
      expect(await send("getCompositeSchedule", { connector: 1, duration: 3600, unit: "W" })).toMatchObject({
        periods: [
          { startPeriod: 0, limit: 3680 },
          { startPeriod: 1800, limit: 7360 },
        ],
      });

      expect(await send("clearChargingProfile", { connector: 1, purpose: "TxProfile" })).toEqual({
        status: "Accepted",
      });
      // Without its TxProfile the station's 16 A (11,040 W) leave the EV all of its 11 kW.
      expect(t.cp.connector(1).meter.power).toBe(11_000);
      expect(await send("clearChargingProfile", { profileId: 9 })).toEqual({ status: "Accepted" });
      expect(await send("clearChargingProfile", {})).toEqual({ status: "Unknown" });
      expect(peer.problems()).toEqual([]);
    });
  });
}
