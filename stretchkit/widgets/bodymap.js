// The body map you can click. Python draws the SVG twice (every value in it escaped), wide and
// narrow; this shows the one that fits the map's width,
// turns a click, Enter or Space on a muscle into `picked`, and the layer switch into `layer`.
// Each muscle's name is a button (role="button", tabindex="0") that names the muscle, its
// layer, how often it is targeted and whether it is picked; its outlines on the body are
// clickable too, and show where the keyboard is when its name has the focus.

let counter = 0;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function render({ model, el: host }) {
  host.classList.add("sk-bodymap");
  const group = `sk-layer-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  const hint = el("p", {
    class: "sk-bodymap-hint",
    text:
      "Tap or click a muscle or its name to find its stretches (or Tab to a name and " +
      "press Enter); hold Ctrl or Shift to pick several.",
  });
  const legend = el("legend", { text: "Layer" });
  const switcher = el("fieldset", { class: "sk-bodymap-layer" }, legend);
  const radios = [];
  for (const [value, label] of model.get("layers") || []) {
    const input = el("input", { type: "radio", name: group, value });
    radios.push(input);
    switcher.append(el("label", {}, input, document.createTextNode(label)));
  }
  const drawing = el("div", { class: "sk-bodymap-drawing" });
  host.replaceChildren(hint, switcher, drawing);

  function shapesOf(muscle) {
    return drawing.querySelectorAll(`[data-muscle="${CSS.escape(muscle)}"]`);
  }

  function mark(muscle, cls, on) {
    if (!muscle) return;
    for (const node of shapesOf(muscle)) node.classList.toggle(cls, on);
  }

  function syncLayer() {
    for (const input of radios) input.checked = input.value === model.get("layer");
  }

  // Wide (names beside the drawing) or narrow (names listed under it, for a phone): by the
  // width the map has, not the window's, so a map in a narrow column is narrow too.
  let narrow = null;
  let shown = null;

  function isNarrow() {
    const width = host.getBoundingClientRect().width;
    if (width > 0) return width < model.get("narrow_below");
    if (narrow !== null) return narrow; // hidden (another tab): keep what it was
    return window.innerWidth < model.get("narrow_below") + 60;
  }

  function draw() {
    narrow = isNarrow();
    const svg = model.get(narrow ? "svg_narrow" : "svg") || "";
    if (svg === shown) return; // both drawings come in one message: draw once
    shown = svg;
    const active = document.activeElement;
    const focused =
      active && drawing.contains(active) && active.dataset ? active.dataset.muscle : null;
    const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    const root = doc.documentElement;
    if (!root || root.nodeName !== "svg" || doc.querySelector("parsererror")) {
      drawing.replaceChildren(el("p", { text: "The body map could not be drawn." }));
      return;
    }
    drawing.replaceChildren(document.importNode(root, true));
    if (focused) {
      const again = drawing.querySelector(`.sk-muscle[data-muscle="${CSS.escape(focused)}"]`);
      if (again) {
        again.focus();
        mark(focused, "sk-focus", true);
      }
    }
    syncLayer();
  }

  function pick(muscle, several) {
    let now = [...(model.get("picked") || [])];
    if (several) {
      now = now.includes(muscle) ? now.filter((m) => m !== muscle) : [...now, muscle];
    } else {
      now = now.length === 1 && now[0] === muscle ? [] : [muscle];
    }
    model.set("picked", now);
    model.save_changes();
  }

  function target(event) {
    const node = event.target.closest ? event.target.closest("[data-muscle]") : null;
    return node && drawing.contains(node) ? node : null;
  }

  drawing.addEventListener("click", (event) => {
    const node = target(event);
    if (node) pick(node.dataset.muscle, event.ctrlKey || event.metaKey || event.shiftKey);
  });
  drawing.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    const node = target(event);
    if (!node || !node.classList.contains("sk-muscle")) return;
    event.preventDefault(); // Space would scroll the page
    pick(node.dataset.muscle, event.ctrlKey || event.metaKey || event.shiftKey);
  });
  drawing.addEventListener("focusin", (event) => {
    const node = target(event);
    if (node) mark(node.dataset.muscle, "sk-focus", true);
  });
  drawing.addEventListener("focusout", (event) => {
    const node = target(event);
    if (node) mark(node.dataset.muscle, "sk-focus", false);
  });
  drawing.addEventListener("pointerover", (event) => {
    const node = target(event);
    if (node) mark(node.dataset.muscle, "sk-hover", true);
  });
  drawing.addEventListener("pointerout", (event) => {
    const node = target(event);
    if (node) mark(node.dataset.muscle, "sk-hover", false);
  });
  switcher.addEventListener("change", (event) => {
    if (event.target.name !== group) return;
    model.set("layer", event.target.value);
    model.save_changes();
  });

  model.on("change:svg", draw);
  model.on("change:svg_narrow", draw);
  model.on("change:layer", syncLayer);
  const resized = new ResizeObserver(() => {
    if (isNarrow() !== narrow) draw();
  });
  resized.observe(host);
  draw();
  return () => {
    resized.disconnect();
    model.off("change:svg", draw);
    model.off("change:svg_narrow", draw);
    model.off("change:layer", syncLayer);
  };
}

export default { render };
