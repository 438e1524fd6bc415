"""The app's layout in Chromium at a phone, a laptop and a projector zoomed to 125 % and 150 %
(issue 17): nothing of the kit's is 0 px wide or wider than the screen, no label is cut, the
tab bar is on the first screen, and the timer's controls stay on screen with its count.

One Voila server on the app for the whole module; screenshots go to build/screenshots/, to be
looked at, not only asserted on.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import BIN, ROOT, free_port, serve

pytestmark = pytest.mark.browser

FIRST_KERNEL = 120_000
SHOTS = ROOT / "build" / "screenshots"

# A browser zoomed to 125 % on a 1024x768 projector lays out in 819x614 CSS pixels.
SIZES = {
    "phone": dict(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    ),
    "laptop": dict(viewport={"width": 1366, "height": 768}),
    "projector125": dict(viewport={"width": 819, "height": 614}, device_scale_factor=1.25),
    "projector150": dict(viewport={"width": 683, "height": 512}, device_scale_factor=1.5),
}

# Every element of the app that is cut with an ellipsis, or is wider than the screen.
CUT = """() => [...document.querySelectorAll('.sk-app *')].filter(e => e.offsetParent
  && getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1
  && e.textContent.trim()).map(e => e.textContent.trim().slice(0, 60))"""
OUTSIDE = """() => { const vw = document.documentElement.clientWidth;
  return [...document.querySelectorAll('.sk-app *')].filter(e => e.offsetParent).filter(e => {
    const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < -1 || r.right > vw + 1);
  }).map(e => `${e.tagName}.${e.className.baseVal ?? e.className}`.slice(0, 80)); }"""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    port = free_port()
    cmd = [
        str(BIN / "voila"),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "app/stretchkit.ipynb",
    ]
    log = tmp_path_factory.mktemp("layout") / "voila.log"
    with serve(cmd, "/", port, log, ROOT) as url:
        yield url


def open_app(browser: Browser, url: str, size: str) -> Page:
    page = browser.new_page(**SIZES[size])
    page.goto(url)
    expect(page.locator(".sk-explorer .sk-map svg")).to_be_attached(timeout=FIRST_KERNEL)
    page.wait_for_timeout(300)  # the kit's CSS applied
    return page


def inside(page: Page, selector: str) -> dict:
    """The element's box, asserted more than 0 px wide and within the screen's width."""
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    width = page.evaluate("document.documentElement.clientWidth")
    assert box["width"] > 0, f"{selector} is 0 px wide"
    assert box["x"] >= -1 and box["x"] + box["width"] <= width + 1, (selector, box, width)
    return box


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"layout-{name}.png"))


def test_on_a_phone_nothing_is_squeezed_cut_or_wider_than_the_screen(browser, app_url):
    page = open_app(browser, app_url, "phone")
    try:
        tabs = inside(page, ".sk-app-tabs .lm-TabBar")
        assert tabs["y"] < 844, "the tab bar is not on the first screen"
        # The map takes the width of the screen, under the controls.
        assert inside(page, ".sk-explorer .sk-map svg")["width"] > 250
        assert page.evaluate(CUT) == []
        assert page.evaluate(OUTSIDE) == []
        # A touch screen gets its own hint, not the keyboard's.
        expect(page.locator(".sk-explorer .sk-hint-keys")).to_be_hidden()
        expect(page.locator(".sk-explorer .sk-hint-touch")).to_be_visible()
        # The safety reminders once over the cards, not on each card.
        expect(page.locator(".sk-explorer-safety")).to_be_visible()
        expect(page.locator(".sk-explorer .sk-card")).not_to_have_count(0)
        expect(page.locator(".sk-explorer .sk-card-safety")).to_have_count(0)
        shot(page, "phone-explore")

        page.get_by_role("tab", name="Plan your week").click()
        week = page.locator(".sk-planner .sk-week-box table")
        expect(week).to_be_visible(timeout=30_000)
        inside(page, ".sk-planner .sk-week-box")
        inside(page, ".sk-planner .sk-week-box table")
        page.locator(".sk-planner .sk-conditions select").select_option(label="Sciatica")
        blocked = page.locator(".sk-planner .sk-blocked-box")
        expect(blocked).to_contain_text("Not planned: Sciatica")
        assert inside(page, ".sk-planner .sk-blocked-box")["width"] > 250
        assert page.evaluate(CUT) == []
        assert page.evaluate(OUTSIDE) == []
        blocked.scroll_into_view_if_needed()
        shot(page, "phone-planner")

        page.get_by_role("tab", name="Stretch now").click()
        timer = page.locator(".sk-timer")
        expect(timer).to_be_visible(timeout=30_000)
        expect(page.locator(".sk-timer-keys")).to_be_hidden()
        inside(page, ".sk-routine-choice")
        assert page.evaluate(OUTSIDE) == []
        timer.evaluate("e => e.scrollIntoView()")
        shot(page, "phone-timer")
        # Each run starts with the whole safety note: stop at once, see a professional first.
        page.locator(".sk-timer-start").click()
        ask = page.locator(".sk-timer-ask")
        expect(ask).to_be_visible()
        expect(ask).to_contain_text("Stop at once: Sharp or radiating pain.")
        expect(ask).to_contain_text("Sciatica")
        expect(ask).to_contain_text("While you stretch:")
        inside(page, ".sk-timer-ask")
        ask.evaluate("e => e.scrollIntoView()")
        shot(page, "phone-timer-ask")
        # The answers are on the first screen of the note: from its top to the second answer
        # fits the phone's height, and each condition's reason opens with a tap.
        reach = ask.evaluate(
            "e => e.querySelector('.sk-timer-warmed').getBoundingClientRect().bottom"
            " - e.getBoundingClientRect().top"
        )
        assert reach <= SIZES["phone"]["viewport"]["height"], reach
        reason = ask.locator(".sk-timer-contra details").filter(has_text="Sciatica")
        expect(reason.locator("p")).to_be_hidden()
        reason.locator("summary").click()
        expect(reason.locator("p")).to_be_visible()
    finally:
        page.close()


@pytest.mark.parametrize("size", ["phone", "laptop", "projector125", "projector150"])
def test_the_tab_bar_is_on_the_first_screen_and_the_content_grows_with_the_zoom(
    browser, app_url, size
):
    page = open_app(browser, app_url, size)
    try:
        height = SIZES[size]["viewport"]["height"]
        width = SIZES[size]["viewport"]["width"]
        bar = inside(page, ".sk-app-tabs .lm-TabBar")
        assert bar["y"] + bar["height"] < height, f"the tabs start at {bar['y']} px"
        labels = page.locator(".sk-app-tabs .lm-TabBar-tabLabel")
        assert labels.count() >= 4
        assert page.evaluate(CUT) == []  # every tab label and control label whole
        # The map gets the width (up to its own 640 px), not what the controls leave.
        svg = inside(page, ".sk-explorer .sk-map svg")
        assert svg["width"] >= min(640, 0.75 * (width - 80)), svg
        shot(page, f"{size}-landing")

        page.get_by_role("tab", name="Stretch now").click()
        timer = page.locator(".sk-timer")
        expect(timer).to_be_visible(timeout=30_000)
        timer.evaluate("e => e.scrollIntoView()")
        for part in (".sk-timer-count", ".sk-timer-start", ".sk-timer-pain"):
            box = inside(page, part)
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, (part, box)
        shot(page, f"{size}-timer")
    finally:
        page.close()


# The focused element, and whether it shows it: an outline or a shadow that it does not have
# when it is not focused (a border that only changes colour is too faint on a projector).
FOCUSED = """async () => {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  // Focus inside a native control's own parts (a date's calendar button) is drawn by the
  // browser: the input itself is then not :focus.
  const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2)
    || (s.boxShadow && s.boxShadow !== "none") || !e.matches(":focus");
  const name = e.getAttribute("aria-label") || e.labels?.[0]?.textContent
    || e.textContent || e.value || "";
  return {
    inKit: Boolean(e.closest(".sk-app")),
    ring,
    what: `${e.tagName.toLowerCase()} '${name.trim().replace(/\\s+/g, " ").slice(0, 40)}'`,
  };
}"""
PRESSES = 120
HELD = 6  # Tab steps through a date's or a time's parts (day, month, year) in one input


TABS = {
    "Explore the muscles": ".sk-explorer select",
    "Plan your week": ".sk-planner select",
    "Stretch now": ".sk-timer-start",
    "Your progress": ".sk-progress select",
    "Quiz": ".sk-quiz input",
}


@pytest.mark.parametrize("tab", list(TABS))
def test_the_keyboard_reaches_every_control_shows_where_it_is_and_leaves(browser, app_url, tab):
    """From the tab bar, Tab walks through the tab's controls: each shows a focus ring, none
    holds the focus (no trap: the walk leaves the kit, or comes round again), and Shift+Tab
    walks back."""
    page = open_app(browser, app_url, "laptop")
    try:
        page.get_by_role("tab", name=tab, exact=True).click()
        expect(page.locator(TABS[tab]).first).to_be_visible(timeout=FIRST_KERNEL)
        page.wait_for_timeout(300)
        page.get_by_role("tab", name=tab, exact=True).focus()
        seen, faint, left = [], [], False
        for _ in range(PRESSES):
            page.keyboard.press("Tab")
            now = page.evaluate(FOCUSED)
            if now is None or not now["inKit"]:
                left = True
                break
            if len(seen) >= HELD and all(w == now["what"] for w in seen[-HELD:]):
                break  # held: more presses on one control than a date and time have parts
            if not now["ring"]:
                faint.append(now["what"])
            if now["what"] in seen[:-1] and now["what"] == seen[0]:
                left = True  # came round again
                break
            seen.append(now["what"])
        assert left, f"the focus never left the kit after {len(seen)} presses: {seen[-5:]}"
        assert len(seen) >= 3, seen
        assert faint == [], f"focused without a visible ring: {faint}"
        page.keyboard.press("Shift+Tab")
        back = page.evaluate(FOCUSED)
        assert back is not None and back["what"] == seen[-1], (back, seen[-1])
    finally:
        page.close()
