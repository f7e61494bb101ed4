// Evaluated inside the report page by the browser test (plain JS: the project has no DOM types).
// Per chart: its canvas size and how many pixels carry the colour of the chart's first data
// series (the CSS variable --c0 of the current colour scheme), i.e. how much line was drawn.
(() => {
  const hex = getComputedStyle(document.documentElement).getPropertyValue("--c0").trim();
  const rgb = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return [...document.querySelectorAll("[data-chart]")].map((el) => {
    const canvas = el.querySelector("canvas");
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let seriesPixels = 0;
    for (let i = 0; i < data.length; i += 4)
      if (data[i + 3] > 200 && rgb.every((c, k) => Math.abs(data[i + k] - c) < 24)) seriesPixels++;
    return { chart: el.dataset.chart, width: canvas.width, height: canvas.height, seriesPixels };
  });
})();
