// The page's stylesheet. Colours are CSS variables so that light and dark follow the reader's
// system (prefers-color-scheme); the chart script reads the same variables for its canvases.
export const STYLES = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--grid:rgba(0,0,0,.08);
--c0:#0969da;--c1:#bc4c00;--c2:#1a7f37;--c3:#8250df;--c4:#cf222e;--c5:#0a7d8c;--c6:#9a6700;--c7:#bf3989;--c8:#57606a;--c9:#4d2d00}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--panel:#161b22;
--pass:#3fb950;--pass-bg:#12261e;--fail:#f85149;--fail-bg:#2d1215;--grid:rgba(255,255,255,.1);
--c0:#58a6ff;--c1:#f0883e;--c2:#3fb950;--c3:#bc8cff;--c4:#ff7b72;--c5:#39c5cf;--c6:#d29922;--c7:#f778ba;--c8:#9198a1;--c9:#e3b341}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1200px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:1.35rem;margin:0 0 4px}h2{font-size:1.1rem;margin:32px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:1rem;margin:0 0 2px}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.verdict{display:flex;flex-wrap:wrap;gap:8px 20px;align-items:center;padding:16px 20px;border-radius:8px;border:1px solid}
.verdict.passed{background:var(--pass-bg);border-color:var(--pass)}.verdict.failed{background:var(--fail-bg);border-color:var(--fail)}
.badge{margin:0;font-size:1.3rem;font-weight:700;white-space:nowrap}
.passed .badge{color:var(--pass)}.failed .badge{color:var(--fail)}
.sentence{margin:0;font-size:1.05rem}.when{margin:4px 0 0;color:var(--muted);font-size:.85rem}
dl{margin:0}dd{margin:0}
.run{display:flex;flex-wrap:wrap;gap:4px 24px;margin:12px 2px 0;font-size:.9rem}
.run div{display:flex;gap:6px}.run dt{color:var(--muted)}.run dd{overflow-wrap:anywhere}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(175px,1fr));gap:12px}
.figure{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.figure dt{color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
.figure dd{font-size:1.5rem;font-weight:600;font-variant-numeric:tabular-nums}
.figure .detail{display:block;font-size:.8rem;font-weight:400;color:var(--muted)}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left;color:var(--muted);padding:0 0 6px;font-size:.85rem}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{font-weight:600;border-bottom-width:2px}tbody th{font-weight:500;overflow-wrap:break-word}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.pass td:last-child{color:var(--pass);font-weight:600}tr.fail td:last-child{color:var(--fail);font-weight:600}
tr.fail{background:var(--fail-bg)}
.scroll{overflow-x:auto}
.errors{max-width:720px}.bar-cell{width:45%}.bar{display:block;height:10px;border-radius:3px;background:var(--fail)}
.note{color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));gap:20px}
figure.chart{margin:0;background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:12px 12px 4px;min-width:0}
figure.chart figcaption p{margin:0 0 8px;color:var(--muted);font-size:.85rem}
.plot{min-height:300px}
/* The legend's values follow the cursor; away from the chart they would only be dashes. */
.uplot:not(:hover) .u-legend .u-value{visibility:hidden}
.u-legend th,.u-legend td{border:0;padding:1px 4px}.u-legend .u-value{display:inline-block;min-width:5em}.u-legend.u-inline{text-align:left}
.uplot{font-family:inherit}.u-legend{color:var(--fg);font-size:.8rem}.u-legend .u-marker{border-radius:2px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{margin-top:40px;color:var(--muted);font-size:.8rem}
`;
