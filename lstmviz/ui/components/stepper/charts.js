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

// ---- the cell diagram: the kind's parts (lstmviz/cellkinds.py), live values ----------------------------
// Each part is a wire (an SVG path), a gate's box (its activation on top, its value inside), a pointwise
// operation, a gate's output name, or a state or input at the edge with its value. Values fill [data-k].
const DRAW = {
  wire: (p, colors) => `<path d="${p.d}" stroke="${p.color ? colors[p.color] : "#222"}" stroke-width="${p.width}"
    fill="none"${p.arrow ? ' marker-end="url(#lsv-arrow)"' : ""}/>`,
  box: (p, colors) => `
  <rect x="${p.x - 88}" y="370" width="176" height="130" rx="10" fill="${colors[p.k]}" fill-opacity="0.2"
        stroke="${colors[p.k]}" stroke-width="5"/>
  <text x="${p.x}" y="402" class="lsv-act" text-anchor="middle">${p.act}</text>
  <text x="${p.x}" y="482" class="lsv-val" text-anchor="middle" data-k="${p.k}"></text>`,
  op: (p) => `
  ${p.wide ? `<ellipse cx="${p.x}" cy="${p.y}" rx="46" ry="26"` : `<circle cx="${p.x}" cy="${p.y}" r="26"`}
    fill="#ffe08a" stroke="#222" stroke-width="3"/>
  <text x="${p.x}" y="${p.y + (p.wide ? 10 : 12)}" class="lsv-op${p.wide ? " lsv-small" : ""}" text-anchor="middle">${p.symbol}</text>`,
  name: (p) => `
  <text x="${p.x}" y="${p.y}" class="lsv-name" text-anchor="${p.anchor}">${p.base}<tspan class="lsv-sub" dy="8">${p.sub}</tspan></text>`,
  end: (p) => `
  <text x="${p.x}" y="${p.y}" class="lsv-end" text-anchor="${p.anchor}">${p.base}<tspan class="lsv-sub" dy="8">${p.sub}</tspan><tspan dy="-8" dx="12" data-k="${p.k}"></tspan></text>`,
};

const diagram = (parts, colors) => `
<svg viewBox="0 0 1100 700" class="lsv-diagram" role="img">
  <defs><marker id="lsv-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="28" markerHeight="28"
    markerUnits="userSpaceOnUse" orient="auto">
    <path d="M0,0 L10,5 L0,10 z" fill="#222"/></marker></defs>
  ${parts.map((p) => DRAW[p.type](p, colors)).join("")}
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
