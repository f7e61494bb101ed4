import { describe, expect, it } from "vitest";
import { schemasV16 } from "../../src/ocpp/v16/schemas.ts";

describe("the schema set", () => {
  it("keeps no entry for made-up action names, however many a peer sends", () => {
    const schemas = schemasV16();
    const compiled = (schemas as unknown as { compiled: Map<string, unknown> }).compiled;
    expect(schemas.has("Heartbeat")).toBe(true);
    const before = compiled.size;
    for (let i = 0; i < 500; i++) expect(schemas.has(`MadeUp${i}`)).toBe(false);
    expect(schemas.validate("MadeUp1", "request", {})?.code).toBe("NotImplemented");
    expect(compiled.size).toBe(before);
  });
});
