import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CentralSystem } from "../../src/csms/server.ts";
import { parseScenario } from "../../src/scenario/load.ts";
import { cpsimInProcess } from "../cli/helpers.ts";
import { startOcppRpcCsms201 } from "../integration/ocpp-rpc-201.ts";
import { KEY, Pty } from "./pty.ts";

let cs: CentralSystem;
let pty: Pty | undefined;
let configDir: string;

beforeEach(async () => {
  cs = await CentralSystem.start();
  configDir = mkdtempSync(join(tmpdir(), "cpsim-cfg201-"));
});
afterEach(async () => {
  pty?.kill();
  pty = undefined;
  await cs.close();
});

const callsFrom = (central: CentralSystem, cp: string) =>
  central.messages.filter((m) => m.cp === cp && m.dir === "in" && m.kind === "call");

describe("cpsim interactive on OCPP 2.0.1, driven through a pseudo-terminal", () => {
  it("speaks EVSE, idToken types and TransactionEvent, answers the CSMS, and records a scenario that replays on 2.0.1 and 1.6", async () => {
    const record = join(configDir, "session201.yaml");
    pty = new Pty(["interactive", "--url", cs.url, "--id", "CP-201", "--ocpp", "2.0.1", "--record", record], {
      CPSIM_CONFIG_DIR: configDir,
    });
    await pty.waitFor("(OCPP 2.0.1-J)");
    await pty.waitFor("connected.");
    await pty.choose("Boot");
    await pty.waitFor(/← BootNotification Accepted, interval 300s/);
    await pty.waitFor(/→ StatusNotification evse 1 connector 1 Available/);

    // A typed token: the menu asks for the idToken, then its type.
    await pty.choose("Authorize a card or another token");
    await pty.waitFor("idToken");
    pty.type(`${KEY.ctrlU}EMA-42${KEY.enter}`);
    await pty.waitFor("idToken type");
    pty.type(`${KEY.down}${KEY.down}`);
    await pty.waitFor("❯ eMAID");
    pty.type(KEY.enter);
    await pty.waitFor(/→ Authorize idToken EMA-42 \(eMAID\)/);
    await pty.waitFor(/← Authorize Accepted/);

    await pty.choose("Start a transaction (TransactionEvent Started)");
    await pty.waitFor("idToken");
    pty.type(KEY.enter); // the token typed before is the default now, and so is its type
    await pty.waitFor("idToken type");
    pty.type(KEY.enter);
    await pty.waitFor(/→ TransactionEvent Started #0 [0-9a-f-]{36}, Authorized/);
    await pty.waitFor("EVSE 1 / connector 1: Occupied (EVConnected) → Occupied (Charging)");

    await pty.choose("Send meter values now");
    await pty.waitFor(/→ TransactionEvent Updated #\d+ [0-9a-f-]{36}, Trigger/);

    // The CSMS calls while the menu waits: answered by the station, shown in 2.0.1 terms.
    const set = await cs.call("CP-201", "SetVariables", {
      setVariableData: [
        {
          component: { name: "OCPPCommCtrlr" },
          variable: { name: "HeartbeatInterval" },
          attributeValue: "3600",
        },
      ],
    });
    expect(set).toMatchObject({ setVariableResult: [{ attributeStatus: "Accepted" }] });
    await pty.waitFor("← SetVariables (central system) OCPPCommCtrlr.HeartbeatInterval = 3600");
    await pty.waitFor("OCPPCommCtrlr.HeartbeatInterval is now 3600");
    await pty.waitFor("→ SetVariables OCPPCommCtrlr.HeartbeatInterval Accepted");

    await pty.choose("Show the variables");
    await pty.waitFor(/OCPPCommCtrlr\.HeartbeatInterval +3600/);
    await pty.waitFor(/EVSE\(1\)\.AvailabilityState +Available/);

    await pty.choose("Stop a transaction (TransactionEvent Ended)");
    await pty.waitFor("Reason");
    pty.type(KEY.enter);
    await pty.waitFor(/→ TransactionEvent Ended #\d+ [0-9a-f-]{36}, StopAuthorized.*, Local/);
    await pty.choose("Quit");
    expect(await pty.exited).toBe(0);
    expect(pty.text).toContain(`steps to ${record}`);

    const live = callsFrom(cs, "CP-201");
    const actions = live.map((m) => m.action);
    expect(actions).not.toContain("StartTransaction");
    expect(actions.filter((a) => a === "TransactionEvent").length).toBeGreaterThanOrEqual(3);
    const token = { idToken: "EMA-42", type: "eMAID" };
    expect(live.find((m) => m.action === "Authorize")?.payload).toEqual({ idToken: token });
    const started = live.find(
      (m) => m.action === "TransactionEvent" && (m.payload as { eventType: string }).eventType === "Started",
    );
    expect(started?.payload).toMatchObject({ idToken: token, evse: { id: 1, connectorId: 1 } });

    // The recording is neutral: the token's type beside it, no version's answer paths.
    const yaml = readFileSync(record, "utf8");
    expect(yaml).toContain("--ocpp 2.0.1");
    expect(yaml).toContain("tokenType: eMAID");
    expect(yaml).not.toMatch(/idTagInfo|idTokenInfo/);
    // Pauses of a second or more are waits, however long the machine took.
    const steps = parseScenario(yaml, record, { env: {} }).steps.filter((st) => st.type !== "wait");
    expect(steps.map((st) => st.type)).toEqual([
      "boot",
      "authorize",
      "startTransaction",
      "meterValues",
      "stopTransaction",
    ]);

    for (const version of ["2.0.1", "1.6"]) {
      const target = await CentralSystem.start();
      try {
        const replay = await cpsimInProcess([
          "run",
          record,
          "--url",
          target.url,
          "--ocpp",
          version,
          "--time-scale",
          "20",
        ]);
        expect(replay.code, `${version}: ${replay.stdout}${replay.stderr}`).toBe(0);
        const calls = callsFrom(target, "CP-201");
        const authorize = calls.find((m) => m.action === "Authorize")?.payload;
        if (version === "2.0.1") {
          // The same messages as the session sent.
          expect(calls.map((m) => m.action)).toEqual(actions);
          expect(authorize).toEqual({ idToken: token });
        } else {
          // 1.6 sends the value alone, and the transaction as Start/StopTransaction.
          expect(authorize).toEqual({ idTag: "EMA-42" });
          expect(calls.map((m) => m.action)).toEqual(
            expect.arrayContaining(["StartTransaction", "MeterValues", "StopTransaction"]),
          );
        }
      } finally {
        await target.close();
      }
    }

    // And against a central system cpsim did not write: ocpp-rpc, strict, subprotocol ocpp2.0.1.
    const peer = await startOcppRpcCsms201();
    try {
      const replay = await cpsimInProcess([
        "run",
        record,
        "--url",
        peer.url,
        "--ocpp",
        "2.0.1",
        "--time-scale",
        "20",
      ]);
      expect(replay.code, replay.stdout + replay.stderr).toBe(0);
      expect(peer.log.actions).toEqual(actions);
      expect(peer.log.of("Authorize")[0]?.params).toEqual({ idToken: token });
      expect(peer.strictFailures).toEqual([]);
      expect(peer.badMessages).toEqual([]);
    } finally {
      await peer.close();
    }
  }, 90_000);
});
