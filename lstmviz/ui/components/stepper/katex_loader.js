// Appended to KaTeX's own build (katex/katex.min.js, which sets window.katex): puts KaTeX's stylesheet,
// its fonts inlined, into the page once, and tells any stepper waiting for it. Its element stays hidden.
export default function ({ parentElement }) {
  if (!document.getElementById("lstmviz-katex-css")) {
    const style = document.createElement("style");
    style.id = "lstmviz-katex-css";
    style.textContent = KATEX_CSS;
    document.head.appendChild(style);
  }
  const box = parentElement.closest('[data-testid="stElementContainer"]');
  if (box) box.style.display = "none";
  window.dispatchEvent(new Event("lstmviz-katex"));
}
