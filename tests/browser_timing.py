"""How long a control takes to show its effect in a real browser: for tests and `make bench`.

No pytest here, so ``benchmarks/run.py`` can import it as well as the tests.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

WATCH = """selector => {
    const target = document.querySelector(selector);
    if (!target) throw new Error(`nothing matches ${selector}`);
    window.__skChangedAt = undefined;
    const seen = new MutationObserver(() => {
        window.__skChangedAt = performance.now();
        seen.disconnect();
    });
    seen.observe(target, {subtree: true, childList: true, characterData: true, attributes: true});
    return performance.now();
}"""


def update_latency(
    page: Page, act: Callable[[], object], watch: str, timeout: float = 30_000
) -> float:
    """Milliseconds from a control's change to the first change of the DOM under ``watch``.

    ``act`` changes the control (``lambda: page.get_by_label("Muscles").select_option(...)``);
    the clock starts just before it, in the page's own clock, and stops at the first mutation
    a MutationObserver sees under the first element matching ``watch``. So the time is the
    whole round trip a person waits for: the browser to the kernel, Python, and back.
    """
    started = page.evaluate(WATCH, watch)
    act()
    page.wait_for_function("window.__skChangedAt !== undefined", timeout=timeout)
    return float(page.evaluate("window.__skChangedAt")) - float(started)
