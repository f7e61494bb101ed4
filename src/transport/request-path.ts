const BASE = "http://x";

/**
 * The path of an HTTP request's target, or undefined when the target is no URL at all. The
 * request line comes from anyone who can reach the port (`--listen 0.0.0.0:…`), and Node passes
 * absolute-form targets such as `http://[` through unchecked, so `new URL` on them must never throw
 * out of a listener.
 */
export function requestPath(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? "/", BASE).pathname;
  } catch {
    return undefined;
  }
}
