"""The kit on every screen a class uses (issue 17): a phone, a laptop, a projector, light and
dark, checked the way a person meets it, in Debian's Chromium against a real Voila server.

What is checked, for each page x screen x theme (each its own test id):

- ``blocks``: every displayed element whose class starts with ``sk-`` is wider than 0 px and
  lies within the viewport's width (or within the scrolling box that holds it);
- ``overflow``: the page does not scroll sideways: neither ``document.scrollingElement`` nor
  Voila's own page scroller (``#rendered_cells``; Voila 0.5's page scrolls there, not in the
  document) is wider than the viewport (+1 px);
- ``labels``: no label, tab or button text of the kit's controls or the app's tab bar is cut
  short (``scrollWidth > clientWidth + 1`` with ``text-overflow: ellipsis`` or overflow hidden);
- ``tabbar`` (app only): the tab bar's top is within the first screen (``< innerHeight``);
- ``axe``: axe-core (tests/js, pinned by package-lock.json, injected from disk) with the WCAG
  2.0/2.1 A and AA rules finds no serious or critical violation in ``#rendered_cells``: the
  lesson's text and every output, all of it the kit's. Left out is only Voila's page shell
  around it (its ``<html>``, ``<title>``, hidden top and bottom panels), which comes from
  Voila's template, not from the kit;
- ``contrast`` (dark only): each visible text node in an ``sk-`` block has a contrast of
  at least 4.5:1 against its effective background (tests/js/contrast.js: the text colour, or
  ``fill`` in SVG, over the ancestors' background colours composited; background images are
  not looked into, nor SVG shapes behind SVG text). Disabled controls are left out, as WCAG
  1.4.3 and axe's color-contrast rule leave them out.

The pages are the lessons with the kit's widgets (01 explorer, 02 planner, 03 guided session,
04 progress, 05 quiz; 06 dashboard, whose kit block is the safety note, the rest charts and
tables) and each tab of the app, opened by clicking it.

The screens are defined once, in SCREENS. The projector is 1024x768 shown at 125 % browser
zoom, which is what a viewport of 819x614 CSS px at device_scale_factor 1.25 is.

Speed: one Voila server, module-scoped, serves a scratch copy of notebooks/ and app/ (a
server never writes into the repo). Each page is loaded once per theme (the theme is a
query parameter, ``?theme=dark``, which Voila takes since ``allow_theme_override`` is
``YES``); the three screens are then applied to the same loaded page through Chromium's
device emulation (``Emulation.setDeviceMetricsOverride``: size, device scale factor, mobile;
``setTouchEmulationEnabled``), which is what Playwright's ``viewport``, ``is_mobile``,
``has_touch`` and ``device_scale_factor`` set on a new context. The measurements are taken
once per page and theme and cached; the test functions only read them.

Known failures: every combination failing today is marked ``xfail(strict=True)`` in KNOWN
with the defect seen, so ``make test`` stays green and a fix that lands turns the xfail into
a failure, to be removed from KNOWN.

Screenshots of every page, screen and theme (the full page) go to
``build/screenshots/<page>-<screen>-<theme>.png`` for a reviewer.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser_timing import update_latency
from tests.conftest import BIN, NOTEBOOKS, ROOT, free_port, serve
from tests.screens_known import KNOWN

pytestmark = pytest.mark.browser

JS = Path(__file__).parent / "js"
AXE = JS / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "build" / "screenshots"
FIRST_KERNEL = 90_000  # ms
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MIN_CONTRAST = 4.5
SHOT_MAX = 20_000  # CSS px


@dataclass(frozen=True)
class Screen:
    width: int
    height: int
    scale: float
    mobile: bool = False


SCREENS = {
    "phone": Screen(390, 844, 3, mobile=True),  # is_mobile and has_touch
    "laptop": Screen(1366, 768, 1),
    "projector": Screen(819, 614, 1.25),  # 1024x768 at 125 % browser zoom
}
THEMES = ("light", "dark")


@dataclass(frozen=True)
class Kit:
    notebook: str  # path under the served folder
    ready: str  # shown once the page's widget is there
    tab: str | None = None  # the app's tab to open


APP = "app/stretchkit.ipynb"
PAGES = {
    "explorer": Kit("notebooks/01_anatomy_explorer.ipynb", ".sk-explorer"),
    "planner": Kit("notebooks/02_weekly_planner.ipynb", ".sk-planner"),
    "session": Kit("notebooks/03_guided_session.ipynb", ".sk-session"),
    "progress": Kit("notebooks/04_progress.ipynb", ".sk-progress"),
    "quiz": Kit("notebooks/05_quiz.ipynb", ".sk-quiz"),
    "dashboard": Kit("notebooks/06_trainer_dashboard.ipynb", ".sk-safety"),
    "app-explore": Kit(APP, ".sk-explorer", "Explore the muscles"),
    "app-plan": Kit(APP, ".sk-planner", "Plan your week"),
    "app-stretch": Kit(APP, ".sk-timer", "Stretch now"),
    "app-progress": Kit(APP, ".sk-progress", "Your progress"),
    "app-quiz": Kit(APP, ".sk-quiz", "Quiz"),
}
CHECKS = ("blocks", "overflow", "labels", "tabbar", "axe", "contrast")


def applies(page: str, theme: str, check: str) -> bool:
    if check == "tabbar":
        return page.startswith("app-")
    if check == "contrast":
        return theme == "dark"
    return True


def cases() -> list:
    """Every (page, screen, theme, check) as its own test; the known failures as strict xfails."""
    found = []
    for page in PAGES:
        for screen in SCREENS:
            for theme in THEMES:
                for check in CHECKS:
                    if not applies(page, theme, check):
                        continue
                    key = (page, screen, theme, check)
                    marks = []
                    if key in KNOWN:
                        marks.append(
                            pytest.mark.xfail(strict=True, reason=f"issue 17: {KNOWN[key]}")
                        )
                    found.append(pytest.param(*key, id="-".join(key), marks=marks))
    return found


# --- the shared server ------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory, _a_home_of_their_own) -> str:
    """One Voila server over a scratch copy of notebooks/ and app/, for every screen test."""
    root = tmp_path_factory.mktemp("screens-site")
    skip = shutil.ignore_patterns(".ipynb_checkpoints", "exports")
    shutil.copytree(NOTEBOOKS, root / "notebooks", ignore=skip)
    shutil.copytree(ROOT / "app", root / "app", ignore=skip)
    port = free_port()
    cmd = [
        str(BIN / "voila"),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--VoilaConfiguration.allow_theme_override=YES",
        str(root),
    ]
    with serve(cmd, "/", port, root.parent / "screens-voila.log", root) as url:
        yield url


# --- measuring ---------------------------------------------------------------------------


def settle(page: Page) -> None:
    """Let layout follow a change of size: two frames, then a short pause for widgets."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_timeout(150)


def wait_ready(page: Page, selector: str) -> None:
    """The page's widget is shown and the outputs have stopped arriving."""
    page.locator(selector).first.wait_for(state="visible", timeout=FIRST_KERNEL)
    count = -1
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = page.locator(".jp-OutputArea-output").count()
        if now == count:
            break
        count = now
        page.wait_for_timeout(500)
    page.evaluate("document.fonts.ready.then(() => true)")


def emulate(cdp: Any, screen: Screen, height: int | None = None) -> None:
    cdp.send(
        "Emulation.setDeviceMetricsOverride",
        {
            "width": screen.width,
            "height": height or screen.height,
            "deviceScaleFactor": screen.scale,
            "mobile": screen.mobile,
        },
    )
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": screen.mobile, "maxTouchPoints": 5})


AXE_RUN = """tags => axe.run({include: [["#rendered_cells"]]}, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]
}).then(r => r.violations.map(v => ({
    id: v.id, impact: v.impact, count: v.nodes.length,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(" ").split(" > ").slice(-2).join(" > ")),
})))"""


def short(targets: list[str]) -> list[str]:
    """axe's selectors, without JupyterLab's trust and MIME markers, each once."""
    cleaned = (re.sub(r"\.jp-mod-trusted|\[data-mime-type=[^\]]*\]", "", t) for t in targets)
    return list(dict.fromkeys(cleaned))


def measure(page: Page, cdp: Any, screen: Screen, name: str, screen_name: str, theme: str):
    """Every check's problems (a list of strings each; empty: passed) at one screen."""
    emulate(cdp, screen)
    settle(page)
    geometry = page.evaluate("skGeometry()")
    width = geometry["innerWidth"]
    overflow = []
    if geometry["docScrollWidth"] > width + 1:
        overflow.append(f"document scrollWidth {geometry['docScrollWidth']} px > {width} px")
    if geometry["cellsScrollWidth"] > geometry["cellsClientWidth"] + 1:
        overflow.append(
            f"#rendered_cells scrollWidth {geometry['cellsScrollWidth']} px"
            f" > clientWidth {geometry['cellsClientWidth']} px"
        )
    blocks = geometry["zero"] + geometry["outside"]
    bar = page.evaluate("skTabBar()")
    tabbar = []
    if name.startswith("app-"):
        if bar is None:
            tabbar.append("no tab bar found")
        elif bar["top"] >= bar["innerHeight"]:
            tabbar.append(
                f"tab bar top at {bar['top']:.0f} px, screen {bar['innerHeight']} px high"
            )
    violations = page.evaluate(AXE_RUN, AXE_TAGS)
    axe = [
        f"{v['id']} ({v['impact']}, {v['count']} nodes: {', '.join(short(v['targets']))})"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    contrast = []
    if theme == "dark":
        contrast = [
            f"{c['cls']} {c['tag']} '{c['text']}' {c['color']} on {c['background']}: {c['ratio']}"
            + (" (svg)" if c["svg"] else "")
            + (" (over an image)" if c["image"] else "")
            for c in page.evaluate("min => skContrast(min)", MIN_CONTRAST)
        ]
    result = {
        "blocks": blocks,
        "overflow": overflow,
        "labels": page.evaluate("skTruncated()"),
        "tabbar": tabbar,
        "axe": axe,
        "contrast": contrast,
        "all_axe": violations,
    }
    screenshot(page, cdp, screen, SHOTS / f"{name}-{screen_name}-{theme}.png")
    return result


def screenshot(page: Page, cdp: Any, screen: Screen, path: Path) -> None:
    """The whole page (up to SHOT_MAX CSS px): the emulated screen made as tall as what
    Voila's scroller holds, since the page scrolls inside it rather than in the document."""
    tall = page.evaluate(
        """() => {
        const cells = document.getElementById("rendered_cells");
        const inner = cells ? cells.scrollHeight + cells.getBoundingClientRect().top : 0;
        return Math.ceil(Math.max(inner, document.scrollingElement.scrollHeight));
    }"""
    )
    height = min(max(tall, screen.height), SHOT_MAX)
    emulate(cdp, screen, height=height)
    settle(page)
    # One image pixel per CSS pixel: a phone's page at 3x would be tens of thousands of rows.
    clip = {"x": 0, "y": 0, "width": screen.width, "height": height, "scale": 1 / screen.scale}
    shot = cdp.send("Page.captureScreenshot", {"format": "png", "clip": clip})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))
    emulate(cdp, screen)


def open_page(browser: Browser, url: str, theme: str):
    context = browser.new_context(color_scheme=theme, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    page.goto(url + ("?theme=dark" if theme == "dark" else ""), wait_until="commit")
    return context, page, cdp


def inject(page: Page) -> None:
    for script in (AXE, JS / "geometry.js", JS / "contrast.js"):
        page.add_script_tag(path=str(script))


@pytest.fixture(scope="module")
def measured(browser: Browser, site: str):
    """``measured(page, theme)[screen][check]``: measured once per page load, then cached."""
    assert AXE.exists(), f"{AXE} is missing: run `make test`, or `npm ci` in tests/js"
    cache: dict[tuple[str, str], dict[str, dict[str, list]]] = {}

    def load(notebook: str) -> None:
        """Both themes at once, so one kernel runs while the other page is measured."""
        together = [n for n, k in PAGES.items() if k.notebook == notebook]
        url = f"{site}/voila/render/{notebook}"
        opened = {theme: open_page(browser, url, theme) for theme in THEMES}
        try:
            for theme, (_, page, cdp) in opened.items():
                for each in together:  # the app's tabs: one load for them all
                    kit = PAGES[each]
                    if kit.tab:
                        emulate(cdp, SCREENS["laptop"])
                        tabs = page.locator(".sk-app-tabs")
                        tabs.wait_for(state="visible", timeout=FIRST_KERNEL)
                        page.get_by_role("tab", name=kit.tab, exact=True).click()
                    wait_ready(page, kit.ready)
                    if each == together[0]:
                        inject(page)
                    cache[(each, theme)] = {
                        screen_name: measure(page, cdp, screen, each, screen_name, theme)
                        for screen_name, screen in SCREENS.items()
                    }
        finally:
            for context, _, _ in opened.values():
                context.close()

    def get(name: str, theme: str) -> dict[str, dict[str, list]]:
        if (name, theme) not in cache:
            load(PAGES[name].notebook)
        return cache[(name, theme)]

    yield get
    if cache:  # what was measured, for a reviewer beside the screenshots
        SHOTS.mkdir(parents=True, exist_ok=True)
        found = {f"{name}-{theme}": screens for (name, theme), screens in sorted(cache.items())}
        (SHOTS / "measurements.json").write_text(json.dumps(found, indent=1) + "\n")


@pytest.mark.parametrize(("name", "screen", "theme", "check"), cases())
def test_screen(measured, name: str, screen: str, theme: str, check: str):
    problems = measured(name, theme)[screen][check]
    assert not problems, f"{name} on the {screen}, {theme}: {check}: " + "; ".join(problems)


def test_every_known_failure_is_a_test_here():
    """An entry of KNOWN that names no test (a page or check renamed) would hide nothing."""
    ids = {tuple(case.values) for case in cases()}
    assert set(KNOWN) <= ids, sorted(set(KNOWN) - ids)


def test_update_latency_of_the_explorer(site: str, browser: Browser):
    """The helper `make bench` can reuse: a choice of muscle redraws the cards, in time."""
    context, page, _ = open_page(
        browser, f"{site}/voila/render/{PAGES['explorer'].notebook}", "light"
    )
    try:
        wait_ready(page, ".sk-explorer")
        muscles = page.get_by_label("Muscles", exact=True)
        ms = update_latency(page, lambda: muscles.select_option(label="Piriformis"), ".sk-cards")
        print(f"explorer: a muscle chosen, the cards redrawn in {ms:.0f} ms")
        assert 0 < ms < 10_000, ms
    finally:
        context.close()
