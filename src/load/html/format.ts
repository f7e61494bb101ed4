// Number and time formatting for the HTML report, fixed to one locale so that a report reads the
// same whichever machine wrote it.

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function formatCount(n: number): string {
  return integer.format(n);
}

/** Up to two decimals, and three significant digits below 1 so that small values keep their meaning. */
export function formatNumber(n: number): string {
  if (n !== 0 && Math.abs(n) < 1) return String(Number(n.toPrecision(3)));
  return decimal.format(n);
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${formatNumber(ms / 1000)} s`;
  return `${ms >= 100 ? integer.format(ms) : formatNumber(ms)} ms`;
}

/** 0..1 as a percentage. */
export function formatRate(rate: number): string {
  return `${formatNumber(rate * 100)}%`;
}

/** Elapsed time as h:mm:ss or m:ss, as a load run's length is usually talked about. */
export function formatElapsed(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** A threshold's limit or measured value in its unit, as the load engine names units. */
export function formatMeasured(value: number | null, unit: string): string {
  if (value === null) return "no data";
  switch (unit) {
    case "ms":
      return formatMs(value);
    case "ratio":
      return formatRate(value);
    case "count":
    case "":
      return formatNumber(value);
    case "per second":
      return `${formatNumber(value)}/s`;
    default:
      return `${formatNumber(value)} ${unit}`;
  }
}

/** An ISO time as "2026-12-01 02:00:00 UTC"; anything that does not parse is shown as given. */
export function formatTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
