import {
  type ChargePointSpec,
  type NamedChargePoint,
  type Scenario,
  STEPS_WITHOUT_CHARGE_POINT,
  type Step,
  type StepType,
} from "./model.ts";
import { didYouMean } from "./suggest.ts";

type Path = (string | number)[];
type Fail = (path: Path, detail: string, at?: "key" | "value") => void;

/** The name a single `chargePoint:` goes by; steps cannot choose it, as there is nothing to choose. */
const SINGLE = "chargePoint";
const DEFAULT_ID = "CPSIM-001";

/** `chargePoint: {…}` (one) or `chargePoints: { name: {…}, … }` (several), as the model holds them. */
export function chargePointsOf(
  data: {
    chargePoint?: ChargePointSpec;
    chargePoints?: Record<string, ChargePointSpec>;
  },
  /** The names in the file's order: a JS object puts names like "1" first, the file does not. */
  order?: string[],
): Pick<Scenario, "chargePoint" | "chargePoints"> {
  if (data.chargePoints) {
    const all = data.chargePoints;
    const names = order ?? Object.keys(all);
    const named = names
      .map((name) => [name, all[name]!] as const)
      .map(([name, spec]) => ({
        name,
        id: spec.id ?? name,
        spec,
      }));
    return { chargePoint: named[0]!.spec, chargePoints: named };
  }
  const spec = data.chargePoint ?? {};
  return { chargePoint: spec, chargePoints: [{ name: SINGLE, id: spec.id ?? DEFAULT_ID, spec }] };
}

/** The name of the charge point a step runs on: its own `chargePoint`, else the first one. */
export function stepChargePoint(
  type: StepType,
  args: Record<string, unknown>,
  chargePoints: NamedChargePoint[],
): string | undefined {
  if (STEPS_WITHOUT_CHARGE_POINT.includes(type)) return undefined;
  return (args.chargePoint as string | undefined) ?? chargePoints[0]!.name;
}

/** Where a charge point's own fields are, for error paths: chargePoint or chargePoints.<name>. */
export function specPath(scenario: Pick<Scenario, "chargePoints">, name: string): Path {
  return isSeveral(scenario) ? ["chargePoints", name] : ["chargePoint"];
}

export function isSeveral(scenario: Pick<Scenario, "chargePoints">): boolean {
  return scenario.chargePoints[0]?.name !== SINGLE;
}

/**
 * One form or the other, one identity per charge point (the central system tells them apart by
 * it alone), and every step naming a charge point the scenario has.
 */
export function checkChargePoints(
  scenario: Pick<Scenario, "chargePoints" | "steps">,
  hasBoth: boolean,
  fail: Fail,
): void {
  if (hasBoth) {
    fail(
      ["chargePoints"],
      "chargePoints: give either chargePoint (one charge point) or chargePoints (several, by name), not both",
      "key",
    );
  }
  const byId = new Map<string, string>();
  for (const cp of scenario.chargePoints) {
    const other = byId.get(cp.id);
    if (other !== undefined) {
      const where = cp.spec.id === undefined ? "key" : "value";
      fail(
        cp.spec.id === undefined ? ["chargePoints", cp.name] : ["chargePoints", cp.name, "id"],
        `chargePoints.${cp.name}: the identity ${cp.id} is already that of chargePoints.${other}; each charge point needs its own`,
        where,
      );
    }
    if (cp.spec.id === undefined && cp.id.length > 48) {
      fail(
        ["chargePoints", cp.name],
        `chargePoints.${cp.name}: a name used as the identity has at most 48 characters; set an id`,
        "key",
      );
    }
    byId.set(cp.id, cp.name);
  }
  const names = scenario.chargePoints.map((cp) => cp.name);
  for (const step of scenario.steps) {
    const chosen = step.args.chargePoint;
    if (typeof chosen !== "string") continue;
    const at: Path = ["steps", step.index, step.type, "chargePoint"];
    const field = `steps[${step.index}].${step.type}.chargePoint`;
    if (!isSeveral(scenario)) {
      fail(at, `${field}: the scenario has one charge point; name several under chargePoints to choose one`);
      continue;
    }
    if (!names.includes(chosen)) {
      fail(
        at,
        `${field}: no charge point is named "${chosen}"${didYouMean(chosen, names)} (chargePoints: ${names.join(", ")})`,
      );
    }
  }
}

/** The charge point a loaded step runs on; undefined for steps that run on none. */
export function chargePointOfStep(
  scenario: Pick<Scenario, "chargePoints">,
  step: Pick<Step, "chargePoint">,
): NamedChargePoint | undefined {
  return scenario.chargePoints.find((cp) => cp.name === step.chargePoint);
}
