"""The kit in JupyterLab's dark theme (issue 17), as test_screens.py checks it in Voila's.

A real JupyterLab, set to "JupyterLab Dark" through its settings as a person would set it,
runs the app's notebook; each of the app's tabs is opened, and on each the kit's text must
reach 4.5:1 against what is behind it and axe-core (WCAG 2.1 A and AA, from npm, loaded from
disk) must find nothing serious or critical in the kit's widgets. A screenshot of each tab is
saved in build/screenshots/ as lab-dark-<widget>.png, to be looked at.
"""

from __future__ import annotations

import json
import shutil

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import NOTEBOOKS, ROOT, free_port, lab_command, run_all_cells, serve

pytestmark = pytest.mark.browser

JS = ROOT / "tests" / "js"
AXE = JS / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "build" / "screenshots"
FIRST_KERNEL = 120_000  # ms
TABS = {  # the app's tab, and what shows once it is drawn
    "Explore the muscles": ".sk-explorer",
    "Plan your week": ".sk-planner",
    "Stretch now": ".sk-timer",
    "Your progress": ".sk-progress",
    "Quiz": ".sk-quiz",
}
AXE_RUN = """tags => axe.run({include: [[".sk-app"]]}, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]
}).then(r => r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
  .map(v => `${v.id} (${v.impact}, ${v.nodes.length} nodes: `
    + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ") + ")"))"""


@pytest.fixture(scope="module")
def dark_lab(tmp_path_factory, _a_home_of_their_own) -> str:
    """JupyterLab on a scratch copy of notebooks/ and app/, its theme set to dark."""
    root = tmp_path_factory.mktemp("lab-dark")
    skip = shutil.ignore_patterns(".ipynb_checkpoints", "exports")
    shutil.copytree(NOTEBOOKS, root / "notebooks", ignore=skip)
    shutil.copytree(ROOT / "app", root / "app", ignore=skip)
    settings = root.parent / "lab-dark-settings"
    chosen = {
        "apputils-extension/themes": {"theme": "JupyterLab Dark"},
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        "notebook-extension/tracker": {"windowingMode": "none"},
    }
    for name, value in chosen.items():
        path = settings / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    port = free_port()
    cmd = lab_command(
        port,
        root,
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={root.parent / 'lab-dark-workspaces'}",
    )
    with serve(cmd, "/api", port, root.parent / "lab-dark.log", root) as url:
        yield url


def test_every_tab_of_the_app_reads_in_jupyterlabs_dark_theme(browser: Browser, dark_lab):
    assert AXE.exists(), f"{AXE} is missing: run `make test`, or `npm ci` in tests/js"
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        page.goto(f"{dark_lab}/lab/tree/app/stretchkit.ipynb")
        expect(page.locator(".jp-Notebook")).to_be_visible(timeout=FIRST_KERNEL)
        # The theme is JupyterLab's own dark one, not a light page with a dark widget.
        expect(page.locator("body")).to_have_attribute("data-jp-theme-light", "false")
        expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_be_attached(
            timeout=FIRST_KERNEL
        )
        run_all_cells(page)
        expect(page.locator(".sk-app-tabs")).to_be_visible(timeout=FIRST_KERNEL)
        for script in (AXE, JS / "contrast.js"):
            page.add_script_tag(path=str(script))
        problems: dict[str, list[str]] = {}
        SHOTS.mkdir(parents=True, exist_ok=True)
        for tab, ready in TABS.items():
            page.get_by_role("tab", name=tab, exact=True).click()
            shown = page.locator(f".sk-app {ready}").first
            expect(shown).to_be_visible(timeout=FIRST_KERNEL)
            page.wait_for_timeout(300)  # the tab's outputs settle
            low = page.evaluate("min => skContrast(min)", 4.5)
            found = [
                f"contrast {c['cls']} {c['tag']} '{c['text']}' {c['color']} on "
                f"{c['background']}: {c['ratio']}"
                for c in low
            ]
            found += page.evaluate(AXE_RUN, ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
            shown.scroll_into_view_if_needed()
            page.screenshot(path=SHOTS / f"lab-dark-{ready.removeprefix('.sk-')}.png")
            if found:
                problems[tab] = found
        assert problems == {}
    finally:
        page.close()
