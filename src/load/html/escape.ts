// Everything in a load report that came from outside (charge point ids, action names, URLs,
// threshold expressions, error kinds, worker failure reasons) reaches the page through one of
// these two functions and nowhere else.

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON that can sit inside `<script type="application/json">`: a `<` could close the element
 * (`</script>`) or open a comment (`<!--`) that changes how the parser finds its end, and U+2028/9
 * are line breaks in older JavaScript. All four become JSON \u escapes, so `JSON.parse` still
 * reads back exactly the same strings.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
