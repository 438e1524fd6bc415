// The kit's text against what is behind it, as a person sees it: for each visible text node
// inside an element whose class starts with "sk-", the text colour (CSS `color`, or `fill` in
// SVG) against the effective background, found by walking up the ancestors and laying each
// one's background colour over the next (alpha compositing) until an opaque one is met.
// Text of a disabled control is left out: WCAG 1.4.3 sets no contrast for an inactive
// component (axe's color-contrast rule does the same); the timer's buttons before a start
// and "Save session" with nothing to save are such.
// Loaded from disk by tests/test_screens.py with page.add_script_tag(path=...).
// skContrast(min) -> [{text, ratio, color, background, cls, tag, svg, image}] below `min`.
(() => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const cache = new Map();
  const DISABLED = ":disabled, [aria-disabled='true'], .mod-disabled";

  // Any CSS colour (rgb, hsl, oklch, color(), named) to [r, g, b, a] in 0..255 / 0..1.
  function rgba(css) {
    if (cache.has(css)) return cache.get(css);
    let value = [0, 0, 0, 0];
    if (css && css !== "transparent" && css !== "none") {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = "rgba(0,0,0,0)";
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
      value = a ? [(r * 255) / a, (g * 255) / a, (b * 255) / a, a / 255] : [0, 0, 0, 0];
    }
    cache.set(css, value);
    return value;
  }

  function over(top, bottom) {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (!a) return [0, 0, 0, 0];
    const mix = (i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  }

  function luminance([r, g, b]) {
    const lin = (c) => {
      c /= 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  }

  // The background behind `el`: its own and its ancestors' background colours, composited;
  // the canvas (white) if nothing opaque is met. `image` says a background image was crossed.
  function background(el) {
    let layers = [];
    let image = false;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.backgroundImage && style.backgroundImage !== "none") image = true;
      const c = rgba(style.backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let result = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) result = over(layers[i], result);
    return { color: result, image };
  }

  function opacity(el) {
    let o = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      o *= parseFloat(getComputedStyle(e).opacity || "1");
    }
    return o;
  }

  const hex = (c) =>
    "#" + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");

  window.skContrast = function (min = 4.5) {
    const roots = document.querySelectorAll('[class^="sk-"], [class*=" sk-"]');
    const seen = new Set();
    const low = [];
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || seen.has(el) || !node.textContent.trim()) continue;
        seen.add(el);
        if (["SCRIPT", "STYLE", "OPTION", "TITLE", "DESC"].includes(el.tagName)) continue;
        if (el.closest(DISABLED)) continue;
        if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
        const rect = el.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) continue;
        const style = getComputedStyle(el);
        const svg = el instanceof SVGElement;
        const fg = rgba(svg ? style.fill : style.color);
        const bg = background(el);
        const alpha = fg[3] * opacity(el);
        const seenColor = over([fg[0], fg[1], fg[2], alpha], bg.color);
        const [l1, l2] = [luminance(seenColor), luminance(bg.color)].sort((a, b) => b - a);
        const ratio = (l1 + 0.05) / (l2 + 0.05);
        if (ratio < min) {
          const holder = el.closest('[class^="sk-"], [class*=" sk-"]');
          low.push({
            text: node.textContent.trim().slice(0, 40),
            ratio: Math.round(ratio * 100) / 100,
            color: hex(seenColor),
            background: hex(bg.color),
            cls: [...holder.classList].filter((c) => c.startsWith("sk-")).join("."),
            tag: el.tagName.toLowerCase(),
            svg,
            image: bg.image,
          });
        }
      }
    }
    return low;
  };
})();
