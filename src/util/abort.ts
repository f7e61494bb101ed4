// Many waits on one AbortSignal: every charge point of a load run sleeps, retries its boot or
// waits for a message on the fleet's one signal. A listener per wait past ten prints Node's
// MaxListenersExceededWarning to the user, and each removal searches the signal's list. Instead
// the signal gets one listener while anything waits on it, fanning out to a Set.
const waiting = new WeakMap<AbortSignal, { fns: Set<() => void>; fire: () => void }>();

/**
 * Calls fn once when the signal aborts; returns what stops that (call it when the wait ends
 * otherwise, or the Set keeps fn and all it captured). On a signal already aborted, fn runs next.
 */
export function whenAborted(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    let live = true;
    queueMicrotask(() => live && fn());
    return () => {
      live = false;
    };
  }
  let fan = waiting.get(signal);
  if (!fan) {
    const fns = new Set<() => void>();
    const fire = () => {
      waiting.delete(signal);
      for (const f of fns) f();
    };
    fan = { fns, fire };
    waiting.set(signal, fan);
    signal.addEventListener("abort", fire, { once: true });
  }
  const { fns, fire } = fan;
  fns.add(fn);
  return () => {
    // Nothing left waiting: the signal keeps no listener (and no Set) for waits that are over.
    if (fns.delete(fn) && fns.size === 0 && waiting.get(signal) === fan) {
      waiting.delete(signal);
      signal.removeEventListener("abort", fire);
    }
  };
}
