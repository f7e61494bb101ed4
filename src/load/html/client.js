// The HTML report's chart script, inlined into the page as it is (no transpiler touches it).
// It reads the numbers prepared in Node from #cpsim-data and draws them with the inlined uPlot.
// Labels reach the page only through uPlot, which sets them as textContent, or the canvas.
/* global uPlot */
(() => {
  const data = JSON.parse(document.getElementById("cpsim-data").textContent);
  const HEIGHT = 300;
  const MIN_WIDTH = 240;
  let charts = [];

  const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  const colour = (i) => cssVar(`--c${i % 10}`);

  const num = (v, digits) =>
    v == null
      ? "–"
      : v.toLocaleString("en-US", { maximumFractionDigits: digits ?? (Math.abs(v) < 10 ? 2 : 0) });
  const ms = (v) => (v == null ? "–" : `${num(v)} ms`);
  const elapsed = (s) => {
    const t = Math.round(s);
    const h = Math.floor(t / 3600);
    const m = Math.floor((t % 3600) / 60);
    const sec = String(t % 60).padStart(2, "0");
    return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
  };

  function axis(label, more) {
    const stroke = cssVar("--muted");
    const grid = cssVar("--grid");
    return { label, stroke, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, ...more };
  }

  // Time on x in seconds since the start; tick steps that read well as m:ss.
  const timeAxis = () =>
    axis("Time since start (m:ss)", {
      incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200],
      values: (_u, splits) => splits.map(elapsed),
    });
  // Counts and latencies start at 0, and a flat line of zeros still gets a visible axis.
  const fromZero = (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1];
  const timeSeries = () => ({ label: "Time", value: (_u, v) => (v == null ? "–" : elapsed(v)) });

  function line(label, i, unit, more) {
    return {
      label,
      stroke: colour(i),
      width: 1.5,
      // Ten colours, then the same colours dashed: a fleet can exercise twenty actions and more.
      dash: i >= 20 ? [2, 3] : i >= 10 ? [8, 4] : undefined,
      points: { show: false },
      value: (_u, v) => (v == null ? "–" : unit === "ms" ? ms(v) : `${num(v)}${unit ? ` ${unit}` : ""}`),
      ...more,
    };
  }

  // Beyond the busiest few, an action's line starts hidden (a click on its legend entry shows it):
  // twenty lines at once are unreadable.
  const SHOWN_ACTIONS = 8;
  const action = (label, i) => line(label, i, "ms", { show: i < SHOWN_ACTIONS });

  const tl = data.timeline;
  const builders = {
    latency: () => [
      {
        series: [timeSeries(), ...tl.p95.map((s, i) => action(s.action, i))],
        axes: [timeAxis(), axis("p95 latency (ms)", { size: 60 })],
        scales: { y: { range: fromZero } },
        cursor: { sync: { key: "cpsim-time" } },
      },
      [tl.t, ...tl.p95.map((s) => s.values)],
    ],
    percentiles: () => {
      const p = data.percentiles.p;
      // x = 1 / (1 - p) on a log scale spreads 90%, 99%, 99.9%... evenly; 100% (the maximum) has no
      // finite x and is drawn one step past the last percentile.
      const x = p.map((q, i) => (q < 100 ? 1 / (1 - q / 100) : 2 / (1 - p[i - 1] / 100)));
      const label = (v) => {
        const q = 100 * (1 - 1 / v);
        return `${q.toLocaleString("en-US", { maximumFractionDigits: 5 })}%`;
      };
      return [
        {
          series: [
            {
              label: "Percentile",
              value: (_u, _v, _si, idx) => (idx == null ? "–" : p[idx] === 100 ? "max" : label(x[idx])),
            },
            ...data.percentiles.series.map((s, i) => action(`${s.action} (${num(s.count, 0)} calls)`, i)),
          ],
          axes: [
            axis("Percentile", {
              splits: (u) => {
                const out = [1];
                for (let v = 10; v <= u.scales.x.max; v *= 10) out.push(v);
                return out;
              },
              values: (_u, splits) => splits.map(label),
            }),
            // Decades only: uPlot's default log grid adds a line at every 2..9, too busy to read.
            axis("Latency (ms, log scale)", {
              size: 60,
              splits: (u) => {
                const out = [];
                for (
                  let v = 10 ** Math.floor(Math.log10(u.scales.y.min));
                  v <= u.scales.y.max * 1.0001;
                  v *= 10
                )
                  if (v >= u.scales.y.min * 0.9999) out.push(v);
                return out;
              },
            }),
          ],
          // Log on both axes: a slow tail 100 times the median must not flatten the body of the curve.
          scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
        },
        // A log scale has no 0: a call faster than the histogram's resolution sits at its floor.
        [x, ...data.percentiles.series.map((s) => s.valuesMs.map((v) => Math.max(v, 0.001)))],
      ];
    },
    throughput: () => [
      {
        series: [
          timeSeries(),
          line("Messages/s", 0, "msg/s", { fill: `${colour(0)}22` }),
          line("Errors", 4, "", { scale: "err" }),
        ],
        axes: [
          timeAxis(),
          axis("Messages per second", { size: 60 }),
          axis("Errors per interval", { scale: "err", side: 1, grid: { show: false } }),
        ],
        scales: {
          y: { range: fromZero },
          err: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
        },
        cursor: { sync: { key: "cpsim-time" } },
      },
      [tl.t, tl.messagesPerSec, tl.errors],
    ],
    connections: () => [
      {
        series: [
          timeSeries(),
          line("Target", 8, "", { dash: [6, 4], width: 1 }),
          // Connected drawn wider, under Booted: where the two are equal it shows as a halo.
          line("Connected", 0, "", { width: 4 }),
          line("Booted", 2, ""),
          line("Transactions in progress", 1, ""),
        ],
        axes: [timeAxis(), axis("Charge points", { size: 60 })],
        scales: { y: { range: fromZero } },
        cursor: { sync: { key: "cpsim-time" } },
      },
      [tl.t, tl.t.map(() => data.target), tl.connected, tl.booted, tl.activeTransactions],
    ],
  };

  const widthOf = (el) => Math.max(MIN_WIDTH, el.clientWidth);

  function draw() {
    for (const c of charts) c.destroy();
    charts = [];
    for (const el of document.querySelectorAll("[data-chart]")) {
      const [opts, series] = builders[el.dataset.chart]();
      charts.push(
        new uPlot({ width: widthOf(el), height: HEIGHT, legend: { live: true }, ...opts }, series, el),
      );
    }
  }

  draw();
  // Canvas colours are fixed when drawn: redraw when the reader switches between light and dark.
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", draw);
  new ResizeObserver(() => {
    for (const c of charts) c.setSize({ width: widthOf(c.root.parentElement), height: HEIGHT });
  }).observe(document.querySelector("main"));
})();
