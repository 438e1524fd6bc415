// Where the kit's blocks land on a screen. Loaded from disk by tests/test_screens.py.
// A block is a displayed element whose class starts with "sk-".
(() => {
  const KIT = '[class^="sk-"], [class*=" sk-"]';
  const SHOWS = "img, svg, canvas, input, select, button, textarea";
  const name = (el) =>
    [...el.classList].filter((c) => c.startsWith("sk-")).map((c) => "." + c).join("") ||
    el.tagName.toLowerCase() + [...el.classList].slice(0, 2).map((c) => "." + c).join("");

  // A scrolling box (overflow auto or scroll) keeps what is wider than it reachable: a block
  // inside one is measured by where that box lies, not by its own width.
  function scroller(el) {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      if (e.id === "rendered_cells") return null; // Voila's own page scroller
      const ox = getComputedStyle(e).overflowX;
      if (ox === "auto" || ox === "scroll") return e;
    }
    return null;
  }

  window.skGeometry = function () {
    const width = window.innerWidth;
    const zero = [];
    const outside = [];
    for (const el of document.querySelectorAll(KIT)) {
      if (!el.checkVisibility()) continue; // display: none here or above: not on screen
      const r = el.getBoundingClientRect();
      if (r.width <= 0) {
        // "(empty)": nothing to show in it (no text, image or control), e.g. a placeholder
        const empty = !el.textContent.trim() && !el.querySelector(SHOWS);
        const size = `${Math.round(r.width)}x${Math.round(r.height)} px`;
        zero.push(`${name(el)} ${size} wide${empty ? " (empty)" : ""}`);
        continue;
      }
      const box = scroller(el);
      const at = box ? box.getBoundingClientRect() : r;
      if (at.left < -1 || at.right > width + 1) {
        const where = box ? ` (in the scrolling ${name(box)})` : "";
        outside.push(
          `${name(el)}${where} spans x ${Math.round(at.left)}..${Math.round(at.right)} of 0..${width}`
        );
      }
    }
    const doc = document.scrollingElement;
    const cells = document.getElementById("rendered_cells");
    return {
      innerWidth: width,
      innerHeight: window.innerHeight,
      docScrollWidth: doc.scrollWidth,
      cellsScrollWidth: cells ? cells.scrollWidth : 0,
      cellsClientWidth: cells ? cells.clientWidth : 0,
      zero,
      outside,
    };
  };

  // Labels cut short: a label, tab or button text wider than its box while the box hides
  // the rest (text-overflow: ellipsis, or overflow hidden or clip).
  const LABELS = [
    "label", "button", ".widget-label", ".widget-label-basic", ".widget-button",
    ".widget-toggle-button", ".lm-TabBar-tab", ".lm-TabBar-tabLabel", "[role=tab]",
    ".widget-inline-hbox .widget-label", ".widget-radio-box label", ".widget-checkbox label",
  ].join(", ");

  window.skTruncated = function () {
    const out = [];
    const scope = [...document.querySelectorAll(KIT + ", .sk-app-tabs .lm-TabBar")];
    const seen = new Set();
    for (const root of scope) {
      const candidates = [root, ...root.querySelectorAll(LABELS)].filter((e) => e.matches(LABELS));
      for (const el of candidates) {
        if (seen.has(el) || !el.checkVisibility() || !el.textContent.trim()) continue;
        seen.add(el);
        const s = getComputedStyle(el);
        const hides =
          s.textOverflow === "ellipsis" || ["hidden", "clip"].includes(s.overflowX);
        if (hides && el.scrollWidth > el.clientWidth + 1) {
          out.push(
            `"${el.textContent.trim().slice(0, 40)}" (${el.tagName.toLowerCase()}` +
              `${el.classList.length ? "." + [...el.classList].slice(0, 2).join(".") : ""}` +
              ` in ${name(el.closest(KIT) || root)}) ${el.scrollWidth} px in ${el.clientWidth} px`
          );
        }
      }
    }
    return out;
  };

  // The app's tab bar: its top, at the top of the page (nothing scrolled).
  window.skTabBar = function () {
    const bar = document.querySelector(".sk-app-tabs .lm-TabBar, .sk-app-tabs [role=tablist]");
    if (!bar) return null;
    const cells = document.getElementById("rendered_cells");
    const scrolled = (cells ? cells.scrollTop : 0) + (document.scrollingElement.scrollTop || 0);
    return { top: bar.getBoundingClientRect().top + scrolled, innerHeight: window.innerHeight };
  };
})();
