// The shipped fault-injection scenario through the real launcher, against ocpp-rpc in strict mode,
// and its refusal for a SOAP run (run and validate) before anything connects.
import { afterEach, describe, expect, it } from "vitest";
import { cpsim, cpsimInProcess } from "../cli/helpers.ts";
import { startOcppRpcCsms } from "../integration/helpers.ts";

let csms: Awaited<ReturnType<typeof startOcppRpcCsms>> | undefined;
afterEach(async () => {
  await csms?.close();
  csms = undefined;
});

describe("cpsim run scenarios/fault-injection.yaml", () => {
  it("passes against ocpp-rpc strict, which answers each fault as OCPP-J asks", async () => {
    csms = await startOcppRpcCsms();
    const r = await cpsim([
      "run",
      "scenarios/fault-injection.yaml",
      "--url",
      csms.url,
      "--time-scale",
      "1000",
      "--reporter",
      "json",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout).scenarios[0];
    const step = (type: string) => report.steps.find((s: { type: string }) => s.type === type);
    expect(step("sendMalformed").response.errorCode).toBeDefined();
    expect(step("sendInvalid").response.errorCode).toBe("TypeConstraintViolation");
    // The server got both copies of each duplicate; the CALL without payload and the invalid
    // payload failed its strict validation and never reached a handler.
    expect(csms.log.of("Heartbeat").length).toBeGreaterThanOrEqual(3);
    expect(csms.log.of("DataTransfer").map((c) => c.params.messageId)).toEqual(["dup", "dup"]);
    expect(csms.strictFailures).toHaveLength(2);
    // The skewed StatusNotification is an hour older than the one after it.
    const statuses = csms.log.of("StatusNotification").filter((c) => c.params.connectorId === 1);
    const [unavailable, available] = statuses.slice(-2).map((c) => Date.parse(String(c.params.timestamp)));
    expect(unavailable! - available!).toBeLessThan(-3_500_000);
    // Half a DataTransfer frame never makes a call at the server: only the duplicated pair came.
  }, 60_000);

  it("is refused for SOAP before connecting, with file:line (exit 2)", async () => {
    const run = await cpsimInProcess([
      "run",
      "scenarios/fault-injection.yaml",
      "--url",
      "http://127.0.0.1:9/ocpp",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^cpsim: scenarios\/fault-injection\.yaml:\d+:\d+: steps\[1\]\.sendMalformed cannot run over SOAP/,
    );
    const validate = await cpsimInProcess([
      "validate",
      "scenarios/fault-injection.yaml",
      "--transport",
      "soap",
    ]);
    expect(validate.code).toBe(2);
    expect(validate.stdout).toMatch(
      /fault-injection\.yaml:\d+:\d+: steps\[1\]\.sendMalformed cannot run over SOAP/,
    );
  });
});
