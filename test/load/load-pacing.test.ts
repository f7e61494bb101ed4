import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { RPCServer } from "ocpp-rpc";
import { describe, expect, it } from "vitest";
import { cpsimInProcess, tempFile } from "../cli/helpers.ts";
import { readReport } from "./helpers.ts";

describe("cpsim load --max-connecting", () => {
  // A slot is for connecting and booting: a charge point that waits for the answers to its
  // statuses must not keep the next one from connecting (it would cost the fleet two round trips
  // per charge point at boot).
  it("frees a slot once the boot is accepted, not once the statuses after it are answered", async () => {
    const server = new RPCServer({ protocols: ["ocpp1.6"], strictMode: true, pingIntervalMs: 0 });
    const http = await server.listen(0, "127.0.0.1");
    let boots = 0;
    const held: (() => void)[] = [];
    const releaseAll = () => {
      for (const r of held.splice(0)) r();
    };
    // StatusNotification answers wait until every charge point has booted (or 4 s have passed).
    const fallback = setTimeout(releaseAll, 4000);
    server.on("client", (client) => {
      client.handle("BootNotification", () => {
        if (++boots === 3) releaseAll();
        return { status: "Accepted", currentTime: new Date().toISOString(), interval: 60 };
      });
      client.handle("StatusNotification", () => {
        if (boots >= 3) return {};
        return new Promise((r) => held.push(() => r({})));
      });
    });
    try {
      const out = join(tempFile("x", ""), "..", "pacing.json");
      const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
      const args = ["load", "--url", url, "--count", "3", "--max-connecting", "1", "--workload", "idle"];
      const r = await cpsimInProcess([...args, "--duration", "2s", "--reporter", "json", "--out", out]);
      expect(r.stderr).toBe("");
      // All three booted within the 2 s, while the first statuses were still unanswered.
      expect(readReport(out).fleet.boots.Accepted).toBe(3);
    } finally {
      clearTimeout(fallback);
      releaseAll();
      await server.close({ force: true });
    }
  }, 30_000);
});
