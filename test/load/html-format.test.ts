import { describe, expect, it } from "vitest";
import { escapeHtml, jsonForScript } from "../../src/load/html/escape.ts";
import { formatElapsed, formatMeasured, formatMs, formatTime } from "../../src/load/html/format.ts";

describe("HTML report formatting", () => {
  it("shows a threshold's value in each unit the load engine uses", () => {
    expect(formatMeasured(412.345, "ms")).toBe("412 ms");
    expect(formatMeasured(12_500, "ms")).toBe("12.5 s");
    expect(formatMeasured(0.0031, "ratio")).toBe("0.31%");
    expect(formatMeasured(0.000012, "ratio")).toBe("0.0012%");
    expect(formatMeasured(12_345, "count")).toBe("12,345");
    expect(formatMeasured(842.34, "per second")).toBe("842.34/s");
    expect(formatMeasured(3, "furlongs")).toBe("3 furlongs");
    expect(formatMeasured(null, "ms")).toBe("no data");
  });

  it("keeps small latencies meaningful and long runs readable", () => {
    expect(formatMs(0.0613)).toBe("0.0613 ms");
    expect(formatMs(5.034)).toBe("5.03 ms");
    expect(formatElapsed(59_600)).toBe("1:00");
    expect(formatElapsed(3_725_000)).toBe("1:02:05");
    expect(formatTime("2026-12-01T02:00:00.000Z")).toBe("2026-12-01 02:00:00 UTC");
    expect(formatTime("yesterday")).toBe("yesterday");
  });
});

describe("HTML report escaping", () => {
  it("escapes markup in text and attributes", () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;",
    );
  });

  it("writes JSON that cannot end its script element and parses back to the same strings", () => {
    const value = { name: "</script><!--<script>", lines: "a\u2028b\u2029c", amp: "&" };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
