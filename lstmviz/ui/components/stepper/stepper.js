// The Cell page's stepper: the cell diagram, the equations, the heatmaps and the lines of one layer of an
// LSTM, a GRU or a plain RNN, stepped in the browser. What a kind shows (its values, which are gates, its
// diagram's parts) comes in the payload, from the kind's one description (lstmviz/cellkinds.py). The payload (lstmviz/stepview.py) holds every step's numbers and
// texts, formatted by Python in the page's language; moving the step only picks the step's entries,
// so Back, Forward, Play and the keyboard never rerun the script. The step goes to the URL (?step=)
// at once, and to the server (one rerun) only once the student has stopped moving it or turns to another
// control. The drawing helpers are in charts.js, which lstmviz/ui/stepper.py puts before this file.

const URL_MS = 250; // debounce of the address bar
const COMMIT_MS = 1500; // idle time before the server learns the step
const UNIT_COLORS = ["#636EFA", "#EF553B", "#00CC96", "#AB63FA", "#FFA15A", "#19D3F3", "#FF6692", "#B6E880", "#FF97FF", "#FECB52"];

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
    const zBox = el("details", "lsv-z", eqBox);
    this.zTitle = el("summary", "", zBox);
    this.zLines = el("div", "lsv-z-lines", zBox);
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
    const data = { ...this.payload, step: message.step, classroom: message.classroom, playMs: message.play_ms,
      defaultStep: message.default_step };
    const newSpeed = this.data !== null && data.playMs !== this.data.playMs;
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
    if (newSpeed && this.playing) this.setPlaying(true); // a new Play speed while it plays: at once
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
    if (on) this.ticker = setInterval(() => this.go((this.step + 1) % this.data.T, true), this.data.playMs);
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
    if (this.step === this.data.defaultStep) url.searchParams.delete("step");
    else url.searchParams.set("step", String(this.step));
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }

  commit() {
    if (this.step === this.committed) return; // the server has it, or will have it
    this.committed = this.step;
    this.root.dataset.committed = String(this.step);
    this.setStateValue("step", this.step);
  }

  range(key, rows) {
    if (!this.auto) return this.data.ranges[key];
    let lo = Infinity, hi = -Infinity;
    for (const row of rows) for (const v of row) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (this.data.sigmoids.includes(key)) return hi - lo < 1e-9 ? [lo - 0.5, hi + 0.5] : [lo, hi];
    const m = Math.max(1e-9, Math.abs(lo), Math.abs(hi));
    return [-m, m];
  }

  // Everything that depends on the payload but not on the step: drawn once per payload.
  build() {
    const d = this.data;
    const tx = d.text;
    this.diagram.innerHTML = diagram(d.diagram, d.colors.gates);
    this.valueNodes = [...this.diagram.querySelectorAll("[data-k]")];
    this.heatmaps.replaceChildren();
    el("div", "lsv-grid-note", this.heatmaps, tx.grid);
    this.cursors = [];
    this.markers = [];
    for (const key of d.keys) {
      const rows = d.values[key]; // (T, H)
      const [lo, hi] = this.range(key, rows);
      const { plot, cursor } = heatmap(this.heatmaps, {
        rows, T: d.T, H: d.H, unit: d.unit, lo, hi, math: d.math[key], name: d.names[key], decimal: d.decimal,
        stops: d.sigmoids.includes(key) ? d.colors.gate : d.colors.signed,
      });
      this.cursors.push(cursor);
      plot.onmousemove = (e) => this.hover(e, plot, rows);
      plot.onmouseleave = () => (this.tooltip.style.display = "none");
    }
    this.chart(this.xChart, [{ name: [d.math.x, " " + d.names.x], y: d.x, color: "#111", dash: "" }], null);
    const series = [];
    d.units.forEach((u, n) => {
      const color = UNIT_COLORS[n % UNIT_COLORS.length];
      const col = (key) => d.values[key].map((row) => row[u]);
      d.states.forEach((key, k) => { // an LSTM's C_t solid, h_t dotted; another kind's h_t solid
        series.push({ name: [d.math[key], `, ${tx.unit} ${u}`], y: col(key), color, dash: k ? "2 3" : "" });
      });
    });
    const ranges = d.states.map((key) => this.range(key, d.values[key]));
    this.chart(this.lines, series, [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))]);
    this.render();
  }

  chart(box, series, yRange) {
    const { cursor, markers } = lineChart(box, series, yRange, this.data.T, this.data.decimal);
    this.cursors.push(cursor);
    this.markers.push(...markers);
  }

  hover(e, plot, rows) {
    const d = this.data;
    const box = plot.getBoundingClientRect();
    const t = Math.min(d.T - 1, Math.floor(((e.clientX - box.left) / box.width) * d.T));
    const u = Math.min(d.H - 1, Math.floor(((e.clientY - box.top) / box.height) * d.H));
    const root = this.root.getBoundingClientRect();
    this.tooltip.textContent = `t = ${t}, ${d.text.unit} ${u}: ${fmt(d.decimal, rows[t][u], 4)}`;
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
    const tex = "\\begin{aligned}&" + [d.inputs[t], ...d.equations[t]].join(" \\\\ &") + "\\end{aligned}";
    const zTex = "\\begin{aligned}&" + d.z[t].join(" \\\\ &") + "\\end{aligned}";
    this.zTitle.textContent = d.text.z;
    whenKatex().then((katex) => {
      if (this.step !== t) return;
      katex.render(tex, this.equations, { displayMode: true, throwOnError: false });
      katex.render(zTex, this.zLines, { displayMode: true, throwOnError: false });
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
