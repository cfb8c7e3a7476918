// Drawing for the Cell page's stepper (stepper.js, which lstmviz/ui/stepper.py appends to this file):
// small DOM helpers, the cell diagram's fixed geometry, a heatmap panel and a line chart. Each chart
// returns what a step moves (its cursor, its markers); nothing here depends on the step.

function whenKatex() {
  if (window.katex) return Promise.resolve(window.katex);
  return new Promise((resolve) => window.addEventListener("lstmviz-katex", () => resolve(window.katex), { once: true }));
}

function el(tag, cls, parent, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

function rgb(color) { // "#rrggbb" or "rgb(r,g,b)", as plotly writes its scales
  if (color.startsWith("#")) {
    const n = parseInt(color.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  return color.match(/\d+/g).slice(0, 3).map(Number);
}

function scaleColor(stops, u) {
  const v = Math.min(1, Math.max(0, Number.isFinite(u) ? u : 0)) * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(v));
  const a = rgb(stops[k]), b = rgb(stops[k + 1]), w = v - k;
  return [0, 1, 2].map((j) => Math.round(a[j] + (b[j] - a[j]) * w));
}

function ticks(n, most) {
  const every = Math.max(1, Math.ceil(n / most));
  const out = [];
  for (let t = 0; t < n; t += every) out.push(t);
  return out;
}

// ---- the cell diagram: fixed geometry, live values --------------------------------------------
const diagram = (GATE_COLORS) => `
<svg viewBox="0 0 1100 700" class="lsv-diagram" role="img">
  <defs><marker id="lsv-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="28" markerHeight="28"
    markerUnits="userSpaceOnUse" orient="auto">
    <path d="M0,0 L10,5 L0,10 z" fill="#222"/></marker></defs>
  <g stroke="#222" stroke-width="5" fill="none">
    <path d="M240,370 V156"/><path d="M430,370 V240 H499"/><path d="M620,370 V240 H551"/><path d="M525,214 V156"/>
    <path d="M810,370 V340 H874"/><path d="M900,130 V204"/><path d="M900,256 V314"/>
    <path d="M926,340 H990 V540 H1085" marker-end="url(#lsv-arrow)"/>
    <path d="M10,540 H810"/><path d="M240,540 V500"/><path d="M430,540 V500"/><path d="M620,540 V500"/><path d="M810,540 V500"/>
    <path d="M40,700 V540"/>
  </g>
  <path d="M10,130 H1085" stroke="${GATE_COLORS.c}" stroke-width="12" marker-end="url(#lsv-arrow)"/>
  ${[["f", 240, "σ"], ["i", 430, "σ"], ["g", 620, "tanh"], ["o", 810, "σ"]].map(([k, x, act]) => `
  <rect x="${x - 88}" y="370" width="176" height="130" rx="10" fill="${GATE_COLORS[k]}" fill-opacity="0.2"
        stroke="${GATE_COLORS[k]}" stroke-width="5"/>
  <text x="${x}" y="402" class="lsv-act" text-anchor="middle">${act}</text>
  <text x="${x}" y="482" class="lsv-val" text-anchor="middle" data-k="${k}"></text>`).join("")}
  ${[[240, 130, "×"], [525, 130, "+"], [525, 240, "×"], [900, 340, "×"]].map(([x, y, s]) => `
  <circle cx="${x}" cy="${y}" r="26" fill="#ffe08a" stroke="#222" stroke-width="3"/>
  <text x="${x}" y="${y + 12}" class="lsv-op" text-anchor="middle">${s}</text>`).join("")}
  <ellipse cx="900" cy="230" rx="46" ry="26" fill="#ffe08a" stroke="#222" stroke-width="3"/>
  <text x="900" y="240" class="lsv-op lsv-small" text-anchor="middle">tanh</text>
  <text x="226" y="300" class="lsv-name" text-anchor="end">f<tspan class="lsv-sub" dy="8">t</tspan></text>
  <text x="416" y="320" class="lsv-name" text-anchor="end">i<tspan class="lsv-sub" dy="8">t</tspan></text>
  <text x="634" y="320" class="lsv-name" text-anchor="start">C̃<tspan class="lsv-sub" dy="8">t</tspan></text>
  <text x="824" y="322" class="lsv-name" text-anchor="start">o<tspan class="lsv-sub" dy="8">t</tspan></text>
  <text x="10" y="60" class="lsv-end" text-anchor="start">C<tspan class="lsv-sub" dy="8">t−1</tspan><tspan dy="-8" dx="12" data-k="c_prev"></tspan></text>
  <text x="1090" y="60" class="lsv-end" text-anchor="end">C<tspan class="lsv-sub" dy="8">t</tspan><tspan dy="-8" dx="12" data-k="c"></tspan></text>
  <text x="60" y="596" class="lsv-end" text-anchor="start">h<tspan class="lsv-sub" dy="8">t−1</tspan><tspan dy="-8" dx="12" data-k="h_prev"></tspan></text>
  <text x="1090" y="590" class="lsv-end" text-anchor="end">h<tspan class="lsv-sub" dy="8">t</tspan><tspan dy="-8" dx="12" data-k="h"></tspan></text>
  <text x="60" y="682" class="lsv-end" text-anchor="start">x<tspan class="lsv-sub" dy="8">t</tspan><tspan dy="-8" dx="12" data-k="x"></tspan></text>
</svg>`;

function typeset(node, tex) {
  whenKatex().then((katex) => katex.render(tex, node, { throwOnError: false }));
}

function fmt(decimal, v, digits) { // as Python writes it: a real minus sign, never "−0.0"
  const r = Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v;
  return r.toFixed(digits).replace("-", "−").replace(".", decimal);
}

// One unit x time heatmap (rows: units, columns: steps) with its title, ticks and labelled colour bar.
function heatmap(parent, { rows, T, H, unit, lo, hi, stops, math, name, decimal }) {
  const panel = el("div", "lsv-panel", parent);
  const title = el("div", "lsv-title", panel);
  typeset(el("span", "lsv-math", title), math);
  el("span", "", title, " " + name);
  const body = el("div", "lsv-hm-body", panel);
  const yTicks = el("div", "lsv-yticks", body);
  const plot = el("div", "lsv-hm", body);
  plot.style.height = `${Math.min(9, Math.max(3.5, H * 0.9))}rem`;
  const canvas = el("canvas", "", plot);
  canvas.width = T;
  canvas.height = H;
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(T, H);
  for (let t = 0; t < T; t++) {
    for (let u = 0; u < H; u++) {
      const [r, g, b] = scaleColor(stops, (rows[t][u] - lo) / (hi - lo));
      const p = 4 * (u * T + t);
      img.data[p] = r; img.data[p + 1] = g; img.data[p + 2] = b; img.data[p + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  for (const u of ticks(H, 6)) {
    const s = el("span", "", yTicks, String(u));
    s.style.top = `${((u + 0.5) / H) * 100}%`;
  }
  const unitMark = el("div", "lsv-unitmark", plot);
  unitMark.style.top = `${(unit / H) * 100}%`;
  unitMark.style.height = `${100 / H}%`;
  const cursor = el("div", "lsv-cursor", plot);
  const bar = el("div", "lsv-cbar", body);
  bar.style.background = `linear-gradient(to top, ${stops.join(",")})`;
  const barTicks = el("div", "lsv-cbar-ticks", body);
  el("span", "lsv-hi", barTicks, fmt(decimal, hi, Math.abs(hi) >= 10 ? 0 : 1));
  el("span", "lsv-mid", barTicks, fmt(decimal, (lo + hi) / 2, 1));
  el("span", "lsv-lo", barTicks, fmt(decimal, lo, Math.abs(lo) >= 10 ? 0 : 1));
  xTicks(el("div", "lsv-xticks", panel), T);
  return { plot, cursor };
}

function xTicks(box, T) {
  for (const t of ticks(T, 8)) {
    const s = el("span", "", box, String(t));
    s.style.left = `${((t + 0.5) / T) * 100}%`;
  }
}

// A line chart over the steps; `yRange` null: the first series' range, padded.
function lineChart(box, series, yRange, T, decimal) {
  box.replaceChildren();
  const legend = el("div", "lsv-legend", box);
  const markers = [];
  let lo, hi;
  if (yRange) [lo, hi] = yRange;
  else {
    lo = Math.min(...series[0].y);
    hi = Math.max(...series[0].y);
    const pad = Math.max(1e-6, (hi - lo) * 0.08);
    lo -= pad;
    hi += pad;
  }
  const body = el("div", "lsv-line-body", box);
  const yTicks = el("div", "lsv-yticks", body);
  const plot = el("div", "lsv-line", body);
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 1000 100");
  svg.setAttribute("preserveAspectRatio", "none");
  plot.appendChild(svg);
  const X = (t) => ((t + 0.5) / T) * 1000;
  const Y = (v) => 100 - ((v - lo) / (hi - lo)) * 100;
  if (lo < 0 && hi > 0) {
    const zero = document.createElementNS(svg.namespaceURI, "line");
    Object.entries({ x1: 0, x2: 1000, y1: Y(0), y2: Y(0), class: "lsv-zero" }).forEach(([k, v]) => zero.setAttribute(k, v));
    svg.appendChild(zero);
  }
  for (const s of series) {
    const line = document.createElementNS(svg.namespaceURI, "polyline");
    line.setAttribute("points", s.y.map((v, t) => `${X(t).toFixed(1)},${Y(v).toFixed(2)}`).join(" "));
    line.setAttribute("stroke", s.color);
    if (s.dash) line.setAttribute("stroke-dasharray", s.dash);
    svg.appendChild(line);
    const item = el("span", "lsv-legend-item", legend);
    const swatch = el("span", "lsv-swatch", item);
    swatch.style.borderTop = `3px ${s.dash ? "dotted" : "solid"} ${s.color}`;
    const name = el("span", "", item);
    typeset(el("span", "lsv-math", name), s.name[0]);
    name.append(s.name[1]);
    const dot = el("div", "lsv-dot", plot);
    dot.style.background = s.color;
    markers.push({ dot, y: s.y, lo, hi });
  }
  for (const v of [hi, (lo + hi) / 2, lo]) {
    const s = el("span", "", yTicks, fmt(decimal, v, 1));
    s.style.top = `${Y(v)}%`;
  }
  const cursor = el("div", "lsv-cursor", plot);
  xTicks(el("div", "lsv-xticks", box), T);
  return { cursor, markers };
}
