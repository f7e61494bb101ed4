// A load report with markup in every string that can come from outside cpsim: action names (as
// the central system's calls are named), the URL, threshold expressions, error kinds and codes,
// worker failures, the scenario path. Every payload would run if it reached the page as markup.
import type { LoadReport } from "../../src/load/report-types.ts";
import { fixtureReport } from "./report-fixture.ts";

export const SCRIPT_BREAK = "</script><script>window.__pwned=1;alert('pwned')</script>";
export const TAG = '<img src=x onerror="window.__pwned=2">';
export const ACTION = `Boot${SCRIPT_BREAK}`;

export function hostileReport(): LoadReport {
  return fixtureReport({
    points: 40,
    patch(r) {
      const boot = r.actions.BootNotification!;
      delete r.actions.BootNotification;
      r.actions[ACTION] = boot;
      boot.errors.callError = { [`${TAG}Code`]: 3 };
      for (const point of r.timeline) {
        if (!Object.hasOwn(point.p95Ms, "BootNotification")) continue;
        point.p95Ms[ACTION] = point.p95Ms.BootNotification!;
        delete point.p95Ms.BootNotification;
      }
      r.options.url = `ws://csms.example/ocpp/${SCRIPT_BREAK}`;
      r.options.scenario = `scenarios/${TAG}.yaml`;
      r.verdict = `Crossed ${SCRIPT_BREAK}`;
      r.version = `0.1.0${TAG}`;
      r.startedAt = `2026-12-01${SCRIPT_BREAK}`;
      r.thresholds[0]!.expression = `${ACTION}.p95<500ms`;
      r.thresholds[1]!.unit = TAG;
      r.errors.byKind[`callError:${SCRIPT_BREAK}`] = 7;
      r.workersFailed = [{ worker: 1, chargePoints: `CP-${SCRIPT_BREAK}`, reason: `exit ${TAG}` }];
    },
  });
}
