import { ConfigKeys } from "../chargepoint/config-keys.ts";
import type { Scenario } from "./model.ts";

type Path = (string | number)[];

/**
 * Checks what the schema cannot: that configuration keys exist and take their values, and that
 * every step names a connector the charge point has. Calls `fail` with the path to blame.
 */
export function checkSemantics(
  scenario: Omit<Scenario, "file">,
  fail: (path: Path, detail: string, at?: "key" | "value") => never,
): void {
  const cp = scenario.chargePoint;
  const connectors = cp.connectors ?? 1;
  for (const [key, value] of Object.entries(cp.config ?? {})) {
    try {
      new ConfigKeys(connectors, { [key]: String(value) });
    } catch (err) {
      const message = (err as Error).message;
      const unknown = message.startsWith("unknown");
      fail(
        ["chargePoint", "config", key],
        `chargePoint.config.${key}: ${message.replace(/^configuration key \S+: /, "")}`,
        unknown ? "key" : "value",
      );
    }
  }
  for (const step of scenario.steps) {
    for (const [path, op] of Object.entries((step.args.expect as Record<string, unknown>) ?? {})) {
      const pattern = (op as { match?: unknown } | null)?.match;
      if (typeof pattern !== "string") continue;
      try {
        new RegExp(pattern);
      } catch (err) {
        fail(
          ["steps", step.index, step.type, "expect", path, "match"],
          `steps[${step.index}].${step.type}.expect.${path}.match: ${(err as Error).message}`,
        );
      }
    }
    const connector = step.args.connector;
    if (typeof connector === "number" && connector > connectors) {
      fail(
        ["steps", step.index, step.type, "connector"],
        `steps[${step.index}].${step.type}.connector: connector ${connector} does not exist (the charge point has ${connectors}; set chargePoint.connectors)`,
      );
    }
  }
}
