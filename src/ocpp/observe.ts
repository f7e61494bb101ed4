// How a load run measures every call without a trace: the link wraps its caller and handler so
// that each call ends in one observer call (an action, a latency, an outcome). Nothing is kept
// per message; the observer adds it to counters and a histogram.
import { CallTimeoutError, ConnectionClosedError, InvalidResponseError } from "../transport/errors.ts";
import type { RpcCaller } from "./caller.ts";
import { OcppError } from "./errors.ts";

/** How a call ended. "rejected": answered, but with a refusal (status Rejected, idTag not Accepted). */
export type CallOutcome = "ok" | "rejected" | "callError" | "invalid" | "timeout" | "connectionLost";

export interface CallObserver {
  /** A call of the charge point goes out (so a clean stop can wait for the answers). */
  begin?(): void;
  /**
   * A call ended. out: the charge point called the central system; otherwise the central system
   * called the charge point. latencyMs: from the call to its answer (undefined without an answer);
   * code: the CALLERROR code when outcome is callError.
   */
  call(
    out: boolean,
    action: string,
    latencyMs: number | undefined,
    outcome: CallOutcome,
    code?: string,
  ): void;
}

const REFUSED_TAG = new Set(["Blocked", "Expired", "Invalid", "ConcurrentTx"]);

/** An answer that refuses: a Rejected status, or an idTagInfo that is not Accepted. */
export function isRefusal(answer: unknown): boolean {
  if (typeof answer !== "object" || answer === null) return false;
  const a = answer as { status?: unknown; idTagInfo?: { status?: unknown } };
  return a.status === "Rejected" || REFUSED_TAG.has(a.idTagInfo?.status as string);
}

export function outcomeOf(err: unknown): { outcome: CallOutcome; code?: string; answered: boolean } {
  if (err instanceof OcppError) return { outcome: "callError", code: err.code, answered: true };
  if (err instanceof CallTimeoutError) return { outcome: "timeout", answered: false };
  if (err instanceof InvalidResponseError) return { outcome: "invalid", answered: true };
  if (err instanceof ConnectionClosedError) return { outcome: "connectionLost", answered: false };
  return { outcome: "invalid", answered: false };
}

/** The charge point's calls, each ending in one observer call. */
export function observedCaller(rpc: RpcCaller, obs: CallObserver): RpcCaller {
  return {
    call(action, payload, how) {
      const t0 = performance.now();
      obs.begin?.();
      return rpc.call(action, payload, how).then(
        (res) => {
          obs.call(true, action, performance.now() - t0, isRefusal(res) ? "rejected" : "ok");
          return res;
        },
        (err) => {
          const o = outcomeOf(err);
          obs.call(true, action, o.answered ? performance.now() - t0 : undefined, o.outcome, o.code);
          throw err;
        },
      );
    },
    close: () => rpc.close(),
    // A getter: OCPP-J makes its fault controls on first use, and most charge points never use them.
    get wire() {
      return rpc.wire;
    },
  };
}

/** The central system's calls: how long the charge point took to answer, and CALLERRORs it gave. */
export function observedHandler<A extends unknown[]>(
  handler: (action: string, payload: unknown, ...rest: A) => unknown,
  obs: CallObserver,
): (action: string, payload: unknown, ...rest: A) => Promise<unknown> {
  return async (action, payload, ...rest) => {
    const t0 = performance.now();
    try {
      const res = await handler(action, payload, ...rest);
      obs.call(false, action, performance.now() - t0, isRefusal(res) ? "rejected" : "ok");
      return res;
    } catch (err) {
      const code = err instanceof OcppError ? err.code : "InternalError";
      obs.call(false, action, performance.now() - t0, "callError", code);
      throw err;
    }
  };
}
