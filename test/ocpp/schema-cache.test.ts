import { describe, expect, it } from "vitest";
import type { PayloadKind } from "../../src/ocpp/schemas.ts";
import { schemasV16 } from "../../src/ocpp/v16/schemas.ts";

describe("the schema set", () => {
  it("keeps no entry for made-up action names, however many a peer sends", () => {
    const schemas = schemasV16();
    // The set keeps its validators by kind, then action.
    const { request, response } = (
      schemas as unknown as { compiled: Record<PayloadKind, Map<string, unknown>> }
    ).compiled;
    const cached = (): number => request.size + response.size;
    expect(schemas.has("Heartbeat")).toBe(true);
    const before = cached();
    for (let i = 0; i < 500; i++) expect(schemas.has(`MadeUp${i}`)).toBe(false);
    expect(schemas.validate("MadeUp1", "request", {})?.code).toBe("NotImplemented");
    expect(cached()).toBe(before);
  });
});
