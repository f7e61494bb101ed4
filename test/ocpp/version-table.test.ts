import { describe, expect, it } from "vitest";
import { versionNamingLines } from "../../scripts/version-names.ts";
import { dialerFor } from "../../src/ocpp/dial.ts";
import { OCPP_VERSIONS, versionRow, versionRows } from "../../src/ocpp/versions.ts";

describe("the version table", () => {
  it("has one row per version --ocpp accepts, each consistent with itself", () => {
    expect(versionRows().map((r) => r.id)).toEqual([...OCPP_VERSIONS]);
    for (const row of versionRows()) {
      expect(versionRow(row.id as (typeof OCPP_VERSIONS)[number])).toBe(row);
      // A subprotocol is a JSON binding and a SOAP binding a SOAP transport, and nothing else.
      expect(row.transports.includes("json")).toBe(row.subprotocol !== undefined);
      expect(row.transports.includes("soap")).toBe(row.soap !== undefined);
      // Every action either side sends has both schemas; the lacking calls are ones it would have.
      for (const action of [...row.chargePointActions, ...row.centralSystemActions]) {
        expect(row.schemas().schema(action, "request"), `${row.id} ${action}`).toBeDefined();
        expect(row.schemas().schema(action, "response"), `${row.id} ${action}`).toBeDefined();
      }
      for (const action of row.lacking) expect(row.centralSystemActions).toContain(action);
    }
  });

  it("refuses a transport the version has no binding for, in one sentence", () => {
    const soapOnly = versionRows().find((r) => !r.subprotocol)!;
    expect(() => dialerFor({ url: "ws://127.0.0.1:1/ocpp", version: soapOnly.id as "1.5" })).toThrow(
      `OCPP ${soapOnly.id} has no JSON binding; use an http:// or https:// URL for OCPP ${soapOnly.id} over SOAP.`,
    );
  });

  it("is the only place outside src/ocpp/<version>/ that names a version", () => {
    // Left: the pretty report's summary of recorded wire payloads, which reads 1.6 and 1.5 shapes
    // (a 2.0.1 summary belongs in a row); see scripts/version-names.ts for what counts.
    const files = [...versionNamingLines().keys()];
    expect(files).toEqual(["report/summarize.ts"]);
  });
});
