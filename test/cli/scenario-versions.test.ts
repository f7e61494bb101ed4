// A scenario declares the OCPP versions it runs on (`ocpp:`); run and validate refuse any other
// --ocpp, and validate --ocpp refuses steps the version lacks, each with file:line:col.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OCPP_VERSIONS } from "../../src/ocpp/versions.ts";
import { cpsimInProcess, ROOT, tempFile } from "./helpers.ts";

const ONLY_16 = `version: 1
ocpp: [1.6]
steps:
  - boot
`;

describe("ocpp: in a scenario", () => {
  it("cpsim run refuses a version the list leaves out, before connecting, at the ocpp: entry", async () => {
    const file = tempFile("only16.yaml", ONLY_16);
    const r = await cpsimInProcess(["run", file, "--ocpp", "1.5"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `cpsim: ${file}:2:1: this scenario runs on OCPP 1.6 (its ocpp:), not on 1.5; run it with --ocpp 1.6.\n`,
    );
  });

  it("cpsim validate --ocpp refuses it too; a single version may be a plain value", async () => {
    const file = tempFile("only16.yaml", 'version: 1\nname: one\nocpp: "1.6"\nsteps: [boot]\n');
    const r = await cpsimInProcess(["validate", file, "--ocpp", "1.5"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`${file}:3:1: this scenario runs on OCPP 1.6 (its ocpp:), not on 1.5`);
    expect((await cpsimInProcess(["validate", file, "--ocpp", "1.6"])).code).toBe(0);
  });

  it("takes a version as written: 2.0 is no 2, and no version cpsim speaks", async () => {
    const file = tempFile("v.yaml", "version: 1\nocpp: 2.0\nsteps: [boot]\n");
    const r = await cpsimInProcess(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      `${file}:2:7: ocpp: cpsim does not speak OCPP 2.0 (it speaks ${OCPP_VERSIONS.join(", ")})`,
    );
  });

  it("names a version cpsim does not speak where it stands", async () => {
    const file = tempFile("v.yaml", "version: 1\nocpp: [1.6, 1.7]\nsteps: [boot]\n");
    const r = await cpsimInProcess(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      `${file}:2:13: ocpp: cpsim does not speak OCPP 1.7 (it speaks ${OCPP_VERSIONS.join(", ")})`,
    );
  });
});

describe("cpsim validate --ocpp", () => {
  const TRIGGER = `version: 1
steps:
  - boot
  - centralSystemCall:
      action: TriggerMessage
      payload: { requestedMessage: Heartbeat }
`;

  it("refuses a step with a call the version lacks, at the step", async () => {
    const file = tempFile("trigger.yaml", TRIGGER);
    const r = await cpsimInProcess(["validate", file, "--ocpp", "1.5"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      `${file}:4:5: steps[1].centralSystemCall.action: OCPP 1.5 has no TriggerMessage (it came with 1.6)`,
    );
    expect((await cpsimInProcess(["validate", file, "--ocpp", "1.6"])).code).toBe(0);
  });

  it("checks the versions ocpp: declares when --ocpp is not given", async () => {
    const file = tempFile("trigger.yaml", TRIGGER.replace("steps:", "ocpp: [1.6, 1.5]\nsteps:"));
    const r = await cpsimInProcess(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      `${file}:5:5: steps[1].centralSystemCall.action: OCPP 1.5 has no TriggerMessage`,
    );
  });

  it("without --ocpp or ocpp: checks neutral commands against the default version, as run does", async () => {
    const file = tempFile(
      "reset-connector.yaml",
      "version: 1\nsteps:\n  - boot\n  - centralSystemCall: { command: reset, type: immediate, connector: 1 }\n",
    );
    const run = await cpsimInProcess(["run", file]);
    expect(run.code).toBe(2);
    const r = await cpsimInProcess(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`${file}:4:5: steps[1].centralSystemCall.command: OCPP 1.6: `);
    // The same file with 2.0.1 named validates.
    expect((await cpsimInProcess(["validate", file, "--ocpp", "2.0.1"])).code).toBe(0);
  });

  it("notes a check of the version's payload and suggests the neutral field, without refusing", async () => {
    const file = tempFile(
      "old.yaml",
      "version: 1\nsteps:\n  - authorize: { idTag: T, expect: { idTagInfo.status: Accepted } }\n",
    );
    const r = await cpsimInProcess(["validate", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `${file}:3:38: note: steps[0].authorize.expect.idTagInfo.status: reads the version's own payload, so it is version-specific; use the neutral field status`,
    );
  });

  it("passes every shipped scenario on each version it declares, with no notes", async () => {
    const dir = join(ROOT, "scenarios");
    // Only those that declare they run without a version are refused, and by their ocpp:.
    const refused: Record<string, string[]> = {};
    for (const version of ["1.6", "1.5", "2.0.1"]) {
      const r = await cpsimInProcess(["validate", dir, "--ocpp", version]);
      const lines = r.stdout.split("\n").filter((l) => l.startsWith("✘"));
      for (const line of lines) expect(line).toMatch(/\(its ocpp:\), not on /);
      refused[version] = lines.map((l) => l.replace(/^✘ .*\/(.*?\.yaml):.*$/, "$1"));
      expect(r.stdout).not.toContain("note:");
    }
    expect(refused).toEqual({
      "1.6": [],
      "1.5": ["fault-injection.yaml", "firmware-update.yaml", "smart-charging.yaml"],
      "2.0.1": [],
    });
    const all = await cpsimInProcess(["validate", dir]);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(
      `${readdirSync(dir).length} of ${readdirSync(dir).length} scenarios are valid`,
    );
  });
});
