// The Cell page's stepper: the cell diagram, the equations, the heatmaps and the lines of one LSTM
// layer, stepped in the browser. The payload (lstmviz/stepview.py) holds every step's numbers and
// texts, formatted by Python in the page's language; moving the step only picks the step's entries,
// so Back, Forward, Play and the keyboard never rerun the script. The step goes to the URL (?step=)
// at once, and to the server (one rerun) only once the student has stopped moving it or turns to another
// control.

const PLAY_MS = 700; // one step per 0.7 s, as the page played before
const URL_MS = 250; // debounce of the address bar
const COMMIT_MS = 1500; // idle time before the server learns the step
const UNIT_COLORS = ["#636EFA", "#EF553B", "#00CC96", "#AB63FA", "#FFA15A", "#19D3F3", "#FF6692", "#B6E880", "#FF97FF", "#FECB52"];
const KEYS = ["f", "i", "g", "o", "c", "h"];
const GATES = new Set(["f", "i", "o"]);

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

class Stepper {
  constructor(parent) {
    this.parent = parent;
    this.data = null;
    this.step = 0;
    this.serverStep = null; // the step of the last payload
    this.committed = null; // the step the server has or has been sent
    this.playing = false;
    this.auto = false;
    this.timers = {};
    this.root = el("div", "lsv-stepper", parent);
    const bar = el("div", "lsv-bar", this.root);
    this.back = el("button", "lsv-btn", bar);
    this.forward = el("button", "lsv-btn", bar);
    this.play = el("button", "lsv-btn lsv-play", bar);
    this.slider = el("input", "lsv-slider", bar);
    this.slider.type = "range";
    this.slider.min = "0";
    this.stepText = el("span", "lsv-steptext", bar);
    const top = el("div", "lsv-top", this.root);
    this.diagram = el("div", "lsv-diagram-box", top);
    const eqBox = el("div", "lsv-eq-box", top);
    this.heading = el("div", "lsv-heading", eqBox);
    this.equations = el("div", "lsv-equations", eqBox);
    this.equations.dataset.testid = "lsv-equations";
    const scales = el("div", "lsv-scales", this.root);
    const autoLabel = el("label", "lsv-auto", scales);
    this.autoBox = el("input", "", autoLabel);
    this.autoBox.type = "checkbox";
    this.autoText = el("span", "", autoLabel);
    this.note = el("span", "lsv-note", scales);
    this.xChart = el("div", "lsv-chart lsv-xchart", this.root);
    this.heatmaps = el("div", "lsv-heatmaps", this.root);
    this.lines = el("div", "lsv-chart lsv-lines", this.root);
    this.tooltip = el("div", "lsv-tooltip", this.root);
    this.back.onclick = () => this.go(this.step - 1);
    this.forward.onclick = () => this.go(this.step + 1);
    this.play.onclick = () => this.setPlaying(!this.playing);
    this.slider.oninput = () => this.go(Number(this.slider.value));
    this.autoBox.onchange = () => {
      this.auto = this.autoBox.checked;
      this.build();
    };
    this.onKey = (e) => this.key(e);
    // A click on any other control reruns the page: the server learns the step first, so that the rerun
    // (and a "Link to this view" it opens) keeps it.
    this.onPointer = (e) => {
      if (!this.root.contains(e.target)) this.commit();
    };
  }

  update(message, setStateValue) {
    this.setStateValue = setStateValue;
    const first = this.data === null;
    const fresh = first || message.payload !== this.payloadText || message.classroom !== this.data.classroom;
    if (message.payload !== this.payloadText) {
      this.payloadText = message.payload;
      this.payload = JSON.parse(message.payload); // sent as one string: the server serialises it once
    }
    const data = { ...this.payload, step: message.step, classroom: message.classroom };
    // The server's step wins when it changed it (a link, a suggestion, a shorter input); otherwise the
    // step the student is at stays, whatever else the rerun changed.
    if (first || (data.step !== this.serverStep && data.step !== this.committed)) {
      this.step = data.step;
      this.committed = data.step; // the server has it
    }
    this.serverStep = data.step;
    this.data = data;
    this.step = Math.min(Math.max(this.step, 0), data.T - 1);
    const tx = data.text;
    this.back.textContent = tx.back;
    this.forward.textContent = tx.forward;
    this.slider.max = String(data.T - 1);
    this.slider.setAttribute("aria-label", tx.step);
    this.autoText.textContent = tx.auto;
    this.note.textContent = tx.scales;
    this.root.classList.toggle("lsv-classroom", !!data.classroom);
    if (fresh) this.build(); // new numbers or sizes: redraw the charts
    else this.render(); // the same payload (the rerun a commit causes): only the step may differ
  }

  start() {
    document.addEventListener("keydown", this.onKey);
    document.addEventListener("pointerdown", this.onPointer, true);
    if (this.playing) this.setPlaying(true);
  }

  stop() {
    document.removeEventListener("keydown", this.onKey);
    document.removeEventListener("pointerdown", this.onPointer, true);
    for (const name of Object.keys(this.timers)) clearTimeout(this.timers[name]);
    clearInterval(this.ticker);
  }

  key(e) {
    const t = e.target;
    const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.getAttribute?.("role") === "slider");
    if (typing || e.altKey || e.ctrlKey || e.metaKey || !this.root.isConnected) return;
    if (e.key === "ArrowRight") this.go(this.step + 1);
    else if (e.key === "ArrowLeft") this.go(this.step - 1);
    else if (e.key === " " && !(t && t.tagName === "BUTTON")) this.setPlaying(!this.playing);
    else return;
    e.preventDefault();
  }

  setPlaying(on) {
    this.playing = on;
    clearInterval(this.ticker);
    clearTimeout(this.timers.commit); // playing commits nothing: no rerun while it plays
    if (on) this.ticker = setInterval(() => this.go((this.step + 1) % this.data.T, true), PLAY_MS);
    this.play.textContent = this.data.text[on ? "pause" : "play"];
    this.play.setAttribute("aria-pressed", String(on));
    if (!on) this.later("commit", COMMIT_MS, () => this.commit());
  }

  go(step, playing = false) {
    const T = this.data.T;
    const next = Math.min(Math.max(step, 0), T - 1);
    if (next === this.step) return;
    this.step = next;
    this.render();
    this.later("url", URL_MS, () => this.writeUrl());
    if (!playing && !this.playing) this.later("commit", COMMIT_MS, () => this.commit());
  }

  later(name, ms, fn) {
    clearTimeout(this.timers[name]);
    this.timers[name] = setTimeout(fn, ms);
  }

  writeUrl() {
    const url = new URL(window.location.href);
    if (this.step === 0) url.searchParams.delete("step");
    else url.searchParams.set("step", String(this.step));
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }

  commit() {
    if (this.step === this.committed) return; // the server has it, or will have it
    this.committed = this.step;
    this.root.dataset.committed = String(this.step);
    this.setStateValue("step", this.step);
  }

  fmt(v, digits) {
    const r = Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v;
    return r.toFixed(digits).replace("-", "−").replace(".", this.data.decimal);
  }

  range(key, rows) {
    if (!this.auto) return this.data.ranges[key];
    let lo = Infinity, hi = -Infinity;
    for (const row of rows) for (const v of row) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (GATES.has(key)) return hi - lo < 1e-9 ? [lo - 0.5, hi + 0.5] : [lo, hi];
    const m = Math.max(1e-9, Math.abs(lo), Math.abs(hi));
    return [-m, m];
  }

  // Everything that depends on the payload but not on the step: drawn once per payload.
  build() {
    const d = this.data;
    const tx = d.text;
    this.diagram.innerHTML = diagram(d.colors.gates);
    this.valueNodes = [...this.diagram.querySelectorAll("[data-k]")];
    this.heatmaps.replaceChildren();
    el("div", "lsv-grid-note", this.heatmaps, tx.grid);
    this.cursors = [];
    this.markers = [];
    for (const key of KEYS) {
      const rows = d.values[key]; // (T, H)
      const [lo, hi] = this.range(key, rows);
      const stops = GATES.has(key) ? d.colors.gate : d.colors.signed;
      const panel = el("div", "lsv-panel", this.heatmaps);
      const title = el("div", "lsv-title", panel);
      this.math(el("span", "lsv-math", title), d.math[key]);
      el("span", "", title, " " + d.names[key]);
      const body = el("div", "lsv-hm-body", panel);
      const yTicks = el("div", "lsv-yticks", body);
      const plot = el("div", "lsv-hm", body);
      plot.style.height = `${Math.min(9, Math.max(3.5, d.H * 0.9))}rem`;
      const canvas = el("canvas", "", plot);
      canvas.width = d.T;
      canvas.height = d.H;
      const ctx = canvas.getContext("2d");
      const img = ctx.createImageData(d.T, d.H);
      for (let t = 0; t < d.T; t++) {
        for (let u = 0; u < d.H; u++) {
          const [r, g, b] = scaleColor(stops, (rows[t][u] - lo) / (hi - lo));
          const p = 4 * (u * d.T + t);
          img.data[p] = r; img.data[p + 1] = g; img.data[p + 2] = b; img.data[p + 3] = 255;
        }
      }
      ctx.putImageData(img, 0, 0);
      for (const u of ticks(d.H, 6)) {
        const s = el("span", "", yTicks, String(u));
        s.style.top = `${((u + 0.5) / d.H) * 100}%`;
      }
      const unitMark = el("div", "lsv-unitmark", plot);
      unitMark.style.top = `${(d.unit / d.H) * 100}%`;
      unitMark.style.height = `${100 / d.H}%`;
      this.cursors.push(el("div", "lsv-cursor", plot));
      const bar = el("div", "lsv-cbar", body);
      bar.style.background = `linear-gradient(to top, ${stops.join(",")})`;
      const barTicks = el("div", "lsv-cbar-ticks", body);
      el("span", "lsv-hi", barTicks, this.fmt(hi, Math.abs(hi) >= 10 ? 0 : 1));
      el("span", "lsv-mid", barTicks, this.fmt((lo + hi) / 2, 1));
      el("span", "lsv-lo", barTicks, this.fmt(lo, Math.abs(lo) >= 10 ? 0 : 1));
      this.xTicks(el("div", "lsv-xticks", panel), d.T);
      plot.onmousemove = (e) => this.hover(e, plot, rows, key);
      plot.onmouseleave = () => (this.tooltip.style.display = "none");
    }
    this.lineChart(this.xChart, [{ name: [d.math.x, " " + d.names.x], y: d.x, color: "#111", dash: "" }], null);
    const series = [];
    d.units.forEach((u, n) => {
      const color = UNIT_COLORS[n % UNIT_COLORS.length];
      const col = (key) => d.values[key].map((row) => row[u]);
      series.push({ name: [d.math.c, `, ${tx.unit} ${u}`], y: col("c"), color, dash: "" });
      series.push({ name: [d.math.h, `, ${tx.unit} ${u}`], y: col("h"), color, dash: "2 3" });
    });
    const cRange = this.range("c", d.values.c);
    const hRange = this.range("h", d.values.h);
    this.lineChart(this.lines, series, [Math.min(cRange[0], hRange[0]), Math.max(cRange[1], hRange[1])]);
    this.render();
  }

  xTicks(box, T) {
    for (const t of ticks(T, 8)) {
      const s = el("span", "", box, String(t));
      s.style.left = `${((t + 0.5) / T) * 100}%`;
    }
  }

  lineChart(box, series, yRange) {
    const d = this.data;
    box.replaceChildren();
    const legend = el("div", "lsv-legend", box);
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
    const X = (t) => ((t + 0.5) / d.T) * 1000;
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
      this.math(el("span", "lsv-math", name), s.name[0]);
      name.append(s.name[1]);
      const dot = el("div", "lsv-dot", plot);
      dot.style.background = s.color;
      this.markers.push({ dot, y: s.y, lo, hi });
    }
    for (const v of [hi, (lo + hi) / 2, lo]) {
      const s = el("span", "", yTicks, this.fmt(v, 1));
      s.style.top = `${Y(v)}%`;
    }
    this.cursors.push(el("div", "lsv-cursor", plot));
    this.xTicks(el("div", "lsv-xticks", box), d.T);
  }

  math(node, tex) {
    whenKatex().then((katex) => katex.render(tex, node, { throwOnError: false }));
  }

  hover(e, plot, rows, key) {
    const d = this.data;
    const box = plot.getBoundingClientRect();
    const t = Math.min(d.T - 1, Math.floor(((e.clientX - box.left) / box.width) * d.T));
    const u = Math.min(d.H - 1, Math.floor(((e.clientY - box.top) / box.height) * d.H));
    const root = this.root.getBoundingClientRect();
    this.tooltip.textContent = `t = ${t}, ${d.text.unit} ${u}: ${this.fmt(rows[t][u], 4)}`;
    this.tooltip.style.display = "block";
    this.tooltip.style.left = `${e.clientX - root.left + 12}px`;
    this.tooltip.style.top = `${e.clientY - root.top + 12}px`;
  }

  // What depends on the step: the only work a step costs.
  render() {
    const d = this.data;
    const t = this.step;
    const labels = d.labels[t];
    for (const node of this.valueNodes) node.textContent = labels[node.dataset.k];
    this.heading.textContent = d.headings[t];
    const tex = "\\begin{aligned}&" + d.equations[t].join(" \\\\ &") + "\\end{aligned}";
    whenKatex().then((katex) => {
      if (this.step !== t) return;
      katex.render(tex, this.equations, { displayMode: true, throwOnError: false });
      this.equations.dataset.step = String(t);
    });
    for (const c of this.cursors) {
      c.style.left = `${(t / d.T) * 100}%`;
      c.style.width = `${100 / d.T}%`;
    }
    for (const m of this.markers) {
      m.dot.style.left = `${((t + 0.5) / d.T) * 100}%`;
      m.dot.style.top = `${100 - ((m.y[t] - m.lo) / (m.hi - m.lo)) * 100}%`;
    }
    this.slider.value = String(t);
    this.stepText.textContent = `t = ${t} / ${d.T - 1}`;
    this.root.dataset.step = String(t);
    if (!this.playing) this.play.textContent = d.text.play;
  }
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  if (!parentElement.__lsvStepper) parentElement.__lsvStepper = new Stepper(parentElement);
  const view = parentElement.__lsvStepper;
  view.update(data, setStateValue);
  view.start();
  return () => view.stop();
}
