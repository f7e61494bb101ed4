// The 2.0.1 local authorization list (D01–D02): SendLocalList Full and Differential with
// idTokenInfo, GetLocalListVersion, and the station deciding from the list without asking,
// checked by ocpp-rpc in strict mode (ocpp2.0.1).
import { afterEach, expect, it } from "vitest";
import type { TestChargePoint } from "./helpers.ts";
import { type OcppRpcCsms201, stationOnOcppRpc201 } from "./ocpp-rpc-201.ts";

let t: TestChargePoint | undefined;
let rpc: OcppRpcCsms201 | undefined;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = t = rpc = undefined;
});

const card = (idToken: string) => ({ idToken, type: "ISO14443" });

it("fills, updates and reads the local list, and authorizes from it without an Authorize", async () => {
  const station = await stationOnOcppRpc201({
    config: { LocalAuthListEnabled: "true", LocalPreAuthorize: "true" },
  });
  ({ t, rpc, close } = station);
  const server = station.server;
  expect(
    await server.call("SendLocalList", {
      versionNumber: 5,
      updateType: "Full",
      localAuthorizationList: [
        { idToken: card("LOCAL-OK"), idTokenInfo: { status: "Accepted" } },
        { idToken: card("LOCAL-BLOCKED"), idTokenInfo: { status: "Blocked" } },
      ],
    }),
  ).toEqual({ status: "Accepted" });
  expect(await server.call("GetLocalListVersion", {})).toEqual({ versionNumber: 5 });

  const ok = await t!.cp.authorizeIdTag("LOCAL-OK");
  expect(ok).toMatchObject({ source: "LocalList", info: { status: "Accepted" } });
  expect(rpc!.log.of("Authorize")).toEqual([]);
  // A token the list holds as not valid is not decided locally online: the CSMS is asked.
  const askedBlocked = rpc!.log.waitForCount("Authorize", 1);
  await t!.cp.authorizeIdTag("LOCAL-BLOCKED");
  await askedBlocked;
  expect(rpc!.log.of("Authorize")[0]!.params).toMatchObject({ idToken: card("LOCAL-BLOCKED") });

  // A differential update removes an entry (no idTokenInfo) and raises the version.
  expect(
    await server.call("SendLocalList", {
      versionNumber: 6,
      updateType: "Differential",
      localAuthorizationList: [{ idToken: card("LOCAL-OK") }],
    }),
  ).toEqual({ status: "Accepted" });
  expect(await server.call("GetLocalListVersion", {})).toEqual({ versionNumber: 6 });
  // No longer on the list: the station asks the CSMS.
  const asked = rpc!.log.waitForCount("Authorize", 2);
  await t!.cp.authorizeIdTag("LOCAL-OK");
  await asked;
  expect(rpc!.log.of("Authorize")[1]!.params).toMatchObject({ idToken: card("LOCAL-OK") });
  expect(rpc!.strictFailures).toEqual([]);
});
