// The reservation and firmware update scenarios as shipped, and the scenario settings that choose
// how a simulated firmware update or diagnostics upload ends.
import { describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/cli/run.ts";
import type { MessageReport } from "../../src/report/model.ts";
import { parseScenario } from "../../src/scenario/load.ts";
import { cpsimInProcess, tempFile } from "./helpers.ts";

const calls = (messages: MessageReport[], action: string) =>
  messages.filter((m) => m.dir === "out" && m.kind === "call" && m.action === action).map((m) => m.payload);
const statuses = (messages: MessageReport[], action: string) =>
  calls(messages, action).map((p) => (p as { status: string }).status);

describe("the shipped reservation and firmware update scenarios", () => {
  it("pass against the embedded central system (sped up), with their messages in order", async () => {
    const r = await cpsimInProcess([
      "run",
      "scenarios/reservation.yaml",
      "scenarios/firmware-update.yaml",
      "--time-scale",
      "10",
      "--reporter",
      "json",
    ]);
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout) as JsonReport;
    expect(json.counts).toEqual({ scenarios: 2, passed: 2, failed: 0 });
    const [reservation, firmware] = json.scenarios.map((s) => s.messages);

    expect(calls(reservation!, "StartTransaction")).toMatchObject([
      { connectorId: 1, idTag: "TAG-RESERVED", reservationId: 1 },
    ]);
    const connector2 = calls(reservation!, "StatusNotification")
      .filter((p) => (p as { connectorId: number }).connectorId === 2)
      .map((p) => (p as { status: string }).status);
    expect(connector2).toEqual(["Available", "Reserved", "Available"]);

    // The second Downloaded is the answer to the TriggerMessage while the transaction runs.
    expect(statuses(firmware!, "FirmwareStatusNotification")).toEqual([
      "Downloading",
      "Downloaded",
      "Downloaded",
      "Installing",
      "Installed",
    ]);
    expect(calls(firmware!, "BootNotification")).toMatchObject([
      { firmwareVersion: "cpsim-0.1" },
      { firmwareVersion: "cpsim-0.2" },
    ]);
    // The installation began only after the transaction had stopped.
    const sent = firmware!
      .filter((m) => m.dir === "out" && m.kind === "call")
      .map((m) => `${m.action} ${(m.payload as { status?: string }).status ?? ""}`.trim());
    expect(sent.indexOf("StopTransaction")).toBeLessThan(
      sent.indexOf("FirmwareStatusNotification Installing"),
    );
    expect(sent.indexOf("StopTransaction")).toBeGreaterThan(
      sent.indexOf("FirmwareStatusNotification Downloaded"),
    );
    expect(statuses(firmware!, "DiagnosticsStatusNotification")).toEqual(["Uploading", "Uploaded"]);
  });

  it("are listed", async () => {
    const list = await cpsimInProcess(["list"]);
    expect(list.stdout).toContain("Reservation  scenarios/reservation.yaml");
    expect(list.stdout).toContain("Firmware update  scenarios/firmware-update.yaml");
  });
});

describe("chargePoint.firmware and chargePoint.diagnostics", () => {
  it("choose how an update ends: an installation that fails fails the step waiting for Installed", async () => {
    const file = tempFile(
      "failing-install.yaml",
      `version: 1
name: Failing installation
timeScale: 100
chargePoint:
  firmware: { outcome: InstallationFailed, downloadTime: 2s, installTime: 1s }
steps:
  - boot
  - centralSystemCall:
      action: UpdateFirmware
      payload: { location: "https://fw.example.com/v2.bin", retrieveDate: "2024-01-01T00:00:00Z" }
  - waitForMessage: { action: FirmwareStatusNotification, expect: { status: InstallationFailed } }
  - waitForMessage: { action: FirmwareStatusNotification, expect: { status: Installed }, within: 20s }
`,
    );
    const r = await cpsimInProcess(["run", file, "--reporter", "json"]);
    expect(r.code).toBe(1);
    const report = (JSON.parse(r.stdout) as JsonReport).scenarios[0]!;
    expect(report.steps.map((s) => s.status)).toEqual(["passed", "passed", "passed", "passed", "failed"]);
    expect(report.steps.at(-1)!.error).toBe(
      'the charge point sent no FirmwareStatusNotification with status "Installed" within 20s',
    );
    expect(statuses(report.messages, "FirmwareStatusNotification")).toEqual([
      "Downloading",
      "Downloaded",
      "Installing",
      "InstallationFailed",
    ]);
  });

  it("an upload that fails once is retried and succeeds", async () => {
    const file = tempFile(
      "retried-upload.yaml",
      `version: 1
timeScale: 100
chargePoint:
  diagnostics: { uploadFailures: 1, uploadTime: 1s }
steps:
  - boot
  - centralSystemCall:
      action: GetDiagnostics
      payload: { location: "ftp://logs.example.com/", retries: 1, retryInterval: 5 }
  - waitForMessage: { action: DiagnosticsStatusNotification, expect: { status: Uploaded } }
`,
    );
    const r = await cpsimInProcess(["run", file, "--reporter", "json"]);
    expect(r.code).toBe(0);
    const report = (JSON.parse(r.stdout) as JsonReport).scenarios[0]!;
    expect(statuses(report.messages, "DiagnosticsStatusNotification")).toEqual([
      "Uploading",
      "UploadFailed",
      "Uploading",
      "Uploaded",
    ]);
  });

  it.each([
    [
      "firmware: { outcome: Installd }",
      'f.yaml:3:24: chargePoint.firmware.outcome: expected one of Installed, DownloadFailed, InstallationFailed, found "Installd"; did you mean "Installed"?',
    ],
    [
      "firmware: { downloadTime: soon }",
      'f.yaml:3:29: chargePoint.firmware.downloadTime: expected a duration: 30s, 15m, 1h30m, 250ms, or a number of seconds, up to 24d, found "soon"',
    ],
    [
      "diagnostics: { outcome: Uploaded, retries: 3 }",
      'f.yaml:3:37: chargePoint.diagnostics: unknown field "retries" (fields: outcome, uploadTime, uploadFailures)',
    ],
  ])("%s is a mistake named with its place", (setting, message) => {
    expect(() => parseScenario(`version: 1\nchargePoint:\n  ${setting}\nsteps: [boot]\n`, "f.yaml")).toThrow(
      message,
    );
  });

  it("waitForMessage names the message the charge point can send", () => {
    expect(() =>
      parseScenario(
        "version: 1\nsteps:\n  - waitForMessage: { action: FirmwareStatusNotifcation }\n",
        "f.yaml",
      ),
    ).toThrow(
      /steps\[0\]\.waitForMessage\.action: .* found "FirmwareStatusNotifcation"; did you mean "FirmwareStatusNotification"\?/,
    );
  });
});
