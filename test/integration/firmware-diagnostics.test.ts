// UpdateFirmware and GetDiagnostics (OCPP 1.6 §5.19, §5.9) sent by both central systems: the
// answer first, then the status notifications of the lifecycle, the reboot into the new firmware,
// and the status a triggered notification reports. Simulated time runs 1000× faster, so the
// default 10 s download and 5 s installation take milliseconds.
import { afterEach, describe, expect, it } from "vitest";
import { SimClock } from "../../src/util/clock.ts";
import { CommandHarness } from "./command-harness.ts";
import { embeddedPeer, ocppRpcPeer, type PeerOptions } from "./command-peers.ts";

const T0 = Date.parse("2030-06-01T08:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();
const LOCATION = "https://firmware.example.com/releases/cpsim-0.2.bin?token=abc";
const PAST = "2020-01-01T00:00:00.000Z";
const fast = () => new SimClock(1000, T0);

const REBOOT = [
  "BootNotification",
  "StatusNotification 0 Available",
  "StatusNotification 1 Available",
  "StatusNotification 2 Available",
];
const fw = (status: string) => `FirmwareStatusNotification ${status}`;
const diag = (status: string) => `DiagnosticsStatusNotification ${status}`;

for (const [name, startPeer] of [
  ["the embedded central system", embeddedPeer],
  ["ocpp-rpc (strict mode)", ocppRpcPeer],
  ["the embedded central system over SOAP 1.6", (o: PeerOptions) => embeddedPeer(o, "soap")],
] as const) {
  describe(`firmware updates from ${name}`, () => {
    const h = new CommandHarness(startPeer);
    afterEach(() => h.close());

    it("downloads, holds the connectors, installs, then reboots and boots with the new firmwareVersion", async () => {
      const cp = await h.setup({ clock: fast() });
      expect(cp.identity.firmwareVersion).toBe("cpsim-0.1");
      await h.expectCommand("UpdateFirmware", { location: LOCATION, retrieveDate: PAST }, undefined, [
        fw("Downloading"),
        fw("Downloaded"),
        "StatusNotification 1 Unavailable",
        "StatusNotification 2 Unavailable",
        fw("Installing"),
        fw("Installed"),
        ...REBOOT,
      ]);
      expect(h.lastPayload("BootNotification")).toMatchObject({ firmwareVersion: "cpsim-0.2" });
      // Done: a triggered notification says Idle.
      await h.expectCommand(
        "TriggerMessage",
        { requestedMessage: "FirmwareStatusNotification" },
        "Accepted",
        [fw("Idle")],
      );
      h.expectClean();
    });

    it("waits for the running transaction to end before installing; a trigger reports the current status", async () => {
      const cp = await h.setup({ clock: fast(), firmware: { version: "cpsim-1.0" } });
      const { transactionId } = await cp.startTransaction(1, "TAG-T");
      await h.expectCommand("UpdateFirmware", { location: LOCATION, retrieveDate: PAST }, undefined, [
        fw("Downloading"),
        fw("Downloaded"),
        "StatusNotification 2 Unavailable",
      ]);
      await h.expectCommand(
        "TriggerMessage",
        { requestedMessage: "FirmwareStatusNotification" },
        "Accepted",
        [fw("Downloaded")],
      );
      await h.expectCommand("RemoteStartTransaction", { connectorId: 2, idTag: "TAG-U" }, "Rejected");
      await h.expectCommand(
        "ReserveNow",
        { connectorId: 2, idTag: "TAG-U", reservationId: 1, expiryDate: iso(T0 + 86_400_000) },
        "Unavailable",
      );
      // The EV's cable stays in, so connector 1 is Preparing after the reboot.
      await h.expectCommand("RemoteStopTransaction", { transactionId: Number(transactionId) }, "Accepted", [
        "StopTransaction Remote",
        "StatusNotification 1 Unavailable",
        fw("Installing"),
        fw("Installed"),
        "BootNotification",
        "StatusNotification 0 Available",
        "StatusNotification 1 Preparing",
        "StatusNotification 2 Available",
      ]);
      expect(h.lastPayload("BootNotification")).toMatchObject({ firmwareVersion: "cpsim-1.0" });
      h.expectClean();
    });

    it("retries a failed download as asked, then gives up on its current firmware", async () => {
      const cp = await h.setup({ clock: fast(), firmware: { outcome: "DownloadFailed" } });
      await h.expectCommand(
        "UpdateFirmware",
        { location: LOCATION, retrieveDate: PAST, retries: 2, retryInterval: 30 },
        undefined,
        [
          fw("Downloading"),
          fw("DownloadFailed"),
          fw("Downloading"),
          fw("DownloadFailed"),
          fw("Downloading"),
          fw("DownloadFailed"),
        ],
      );
      await h.expectCommand(
        "TriggerMessage",
        { requestedMessage: "FirmwareStatusNotification" },
        "Accepted",
        [fw("Idle")],
      );
      expect(cp.identity.firmwareVersion).toBe("cpsim-0.1");
      h.expectClean();
    });

    it("a download that fails once succeeds on its retry", async () => {
      await h.setup({ clock: fast(), firmware: { downloadFailures: 1 } });
      await h.expectCommand(
        "UpdateFirmware",
        { location: LOCATION, retrieveDate: PAST, retries: 1 },
        undefined,
        [
          fw("Downloading"),
          fw("DownloadFailed"),
          fw("Downloading"),
          fw("Downloaded"),
          "StatusNotification 1 Unavailable",
          "StatusNotification 2 Unavailable",
          fw("Installing"),
          fw("Installed"),
          ...REBOOT,
        ],
      );
      h.expectClean();
    });

    it("a failed installation frees the connectors again and does not reboot", async () => {
      const cp = await h.setup({ clock: fast(), firmware: { outcome: "InstallationFailed" } });
      await h.expectCommand("UpdateFirmware", { location: LOCATION, retrieveDate: PAST }, undefined, [
        fw("Downloading"),
        fw("Downloaded"),
        "StatusNotification 1 Unavailable",
        "StatusNotification 2 Unavailable",
        fw("Installing"),
        fw("InstallationFailed"),
        "StatusNotification 1 Available",
        "StatusNotification 2 Available",
      ]);
      expect(cp.identity.firmwareVersion).toBe("cpsim-0.1");
      h.expectClean();
    });

    it("waits for retrieveDate, reporting Idle meanwhile, and downloads then", async () => {
      const cp = await h.setup({ clock: fast() });
      await h.expectCommand(
        "UpdateFirmware",
        { location: LOCATION, retrieveDate: iso(T0 + 86_400_000) },
        undefined,
      );
      await h.expectCommand(
        "TriggerMessage",
        { requestedMessage: "FirmwareStatusNotification" },
        "Accepted",
        [fw("Idle")],
      );
      const retrieveDate = cp.clock.now() + 20_000;
      await h.expectCommand(
        "UpdateFirmware",
        { location: LOCATION, retrieveDate: iso(retrieveDate) },
        undefined,
        [fw("Downloading")],
      );
      expect(cp.clock.now()).toBeGreaterThanOrEqual(retrieveDate);
      h.expectClean();
    });

    it("a new request replaces one still waiting for its retrieveDate", async () => {
      // 100× faster: the first request would start 300 ms after it came, in the middle of the
      // second one's 800 ms download and installation, and show as a second Downloading.
      const cp = await h.setup({
        clock: new SimClock(100, T0),
        firmware: { downloadTimeMs: 40_000, installTimeMs: 40_000, version: "second" },
      });
      const first = {
        location: "https://fw.example.com/first.bin",
        retrieveDate: iso(cp.clock.now() + 30_000),
      };
      const mark = h.peer.transcript.lines.length;
      await h.peer.call("UpdateFirmware", first);
      await h.peer.call("UpdateFirmware", { location: LOCATION, retrieveDate: PAST });
      await h.expectLines(mark, [
        "reply UpdateFirmware",
        "reply UpdateFirmware",
        fw("Downloading"),
        fw("Downloaded"),
        "StatusNotification 1 Unavailable",
        "StatusNotification 2 Unavailable",
        fw("Installing"),
        fw("Installed"),
        ...REBOOT,
      ]);
      expect(cp.identity.firmwareVersion).toBe("second");
      h.expectClean();
    });
  });

  describe(`diagnostics from ${name}`, () => {
    const h = new CommandHarness(startPeer);
    afterEach(() => h.close());

    it("answers with the file name, then Uploading and Uploaded", async () => {
      const cp = await h.setup({ clock: fast() });
      const mark = h.peer.transcript.lines.length;
      const answer = await h.peer.call("GetDiagnostics", {
        location: "ftp://logs.example.com/upload/",
        startTime: iso(T0 - 3_600_000),
      });
      // The charge point's information starts with it (after the hour asked for began) and ends now.
      const m = /^CP-IT-001-diagnostics-(\d{8}T\d{6}Z)-(\d{8}T\d{6}Z)\.log$/.exec(String(answer.fileName));
      expect(m).not.toBeNull();
      const [from, to] = [m![1]!, m![2]!].map((t) =>
        Date.parse(t.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z")),
      );
      expect(from).toBeGreaterThanOrEqual(T0);
      expect(to).toBeGreaterThanOrEqual(from!);
      expect(to).toBeLessThanOrEqual(cp.clock.now());
      await h.expectLines(mark, ["reply GetDiagnostics", diag("Uploading"), diag("Uploaded")]);
      await h.expectCommand(
        "TriggerMessage",
        { requestedMessage: "DiagnosticsStatusNotification" },
        "Accepted",
        [diag("Idle")],
      );
      h.expectClean();
    });

    it("retries a failed upload as asked", async () => {
      await h.setup({ clock: fast(), diagnostics: { outcome: "UploadFailed" } });
      await h.expectCommand(
        "GetDiagnostics",
        { location: "ftp://x/", retries: 1, retryInterval: 10 },
        undefined,
        [diag("Uploading"), diag("UploadFailed"), diag("Uploading"), diag("UploadFailed")],
      );
      h.expectClean();
    });

    it("a trigger during the upload reports Uploading", async () => {
      // An hour-long upload, even at 1000×, is still running when the trigger comes.
      await h.setup({ clock: fast(), diagnostics: { uploadTimeMs: 3_600_000 } });
      await h.expectCommand("GetDiagnostics", { location: "ftp://x/" }, undefined, [diag("Uploading")]);
      await h.expectCommand(
        "TriggerMessage",
        { requestedMessage: "DiagnosticsStatusNotification" },
        "Accepted",
        [diag("Uploading")],
      );
      h.expectClean();
    });

    it("a period before the charge point started has no information: no file name, no upload", async () => {
      await h.setup({ clock: fast() });
      const mark = h.peer.transcript.lines.length;
      const answer = await h.peer.call("GetDiagnostics", {
        location: "ftp://x/",
        stopTime: iso(T0 - 60_000),
      });
      expect(answer).toEqual({});
      // A heartbeat after it shows nothing else was sent in between.
      await h.expectCommand("TriggerMessage", { requestedMessage: "Heartbeat" }, "Accepted", ["Heartbeat"]);
      expect(h.peer.transcript.since(mark)).toEqual([
        "reply GetDiagnostics",
        "reply TriggerMessage Accepted",
        "Heartbeat",
      ]);
      h.expectClean();
    });
  });
}
