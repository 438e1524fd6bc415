"""What a person sees, in Debian's Chromium, against real Voila and JupyterLab servers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import run_all_cells

pytestmark = pytest.mark.browser

FIRST_KERNEL = 90_000  # ms: the first kernel start on a cold 2-core machine


def test_start_here_in_voila(voila, page: Page):
    url = voila("00_start_here.ipynb")
    page.goto(url)

    # The safety note comes first, as text a person can read.
    note = page.locator(".sk-safety")
    expect(note).to_be_visible(timeout=FIRST_KERNEL)
    expect(note.get_by_role("heading", name="Stop at once")).to_be_visible()
    expect(note).to_contain_text("Sharp or radiating pain")
    expect(note).to_contain_text("Herniated disc")
    expect(note).to_contain_text("5 to 10 minutes")

    # The tables and the checked answer are on the page; code is not.
    expect(page.get_by_role("cell", name="Figure-Four", exact=True).first).to_be_visible()
    expect(page.get_by_text("reach the piriformis: Figure-Four and Seated Glute")).to_be_visible()
    expect(page.get_by_text("import stretchkit")).to_have_count(0)

    # The table browser answers a choice made with the keyboard, through its label.
    choice = page.get_by_label("Table", exact=True)
    expect(choice).to_be_visible()
    expect(page.locator(".sk-table-caption")).to_have_text("Stretches: 6 rows")
    choice.focus()
    choice.select_option("Muscles")
    expect(page.locator(".sk-table-caption")).to_have_text("Muscles: 6 rows")
    view = page.locator(".sk-table-view")
    expect(view).to_contain_text("Quadratus lumborum")
    expect(view).not_to_contain_text("Knee-to-Chest")

    choice.select_option("Guidelines and safety rules")
    expect(page.locator(".sk-table-caption")).to_have_text(re.compile(r"Guidelines .*: 24 rows"))
    expect(view).to_contain_text("consult_professional")


def test_start_here_in_jupyterlab(jupyterlab, page: Page):
    page.goto(f"{jupyterlab}/lab/tree/00_start_here.ipynb")
    expect(page.locator(".jp-Notebook")).to_be_visible(timeout=FIRST_KERNEL)
    expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_be_attached(
        timeout=FIRST_KERNEL
    )
    run_all_cells(page)

    expect(page.locator(".sk-safety")).to_be_visible(timeout=FIRST_KERNEL)
    caption = page.locator(".sk-table-caption")
    expect(caption).to_have_text("Stretches: 6 rows", timeout=FIRST_KERNEL)
    page.get_by_label("Table", exact=True).select_option("Steps of each stretch")
    expect(caption).to_have_text("Steps of each stretch: 29 rows")
    expect(page.locator(".sk-table-view")).to_contain_text("Cow: let the belly sink")


def test_make_lab_serves_the_notebooks(tmp_path):
    """`make lab` on a machine with no screen prints a URL that opens the lessons folder."""
    import json
    import os
    import signal
    import subprocess
    import time
    import urllib.request

    from tests.conftest import ROOT, free_port

    port = free_port()
    log = tmp_path / "make-lab.log"
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "runtime")
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["make", "--no-print-directory", "lab", f"PORT={port}"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    try:
        pattern = re.compile(rf"http://(?:127\.0\.0\.1|localhost):{port}/lab\?token=(\w+)")
        deadline = time.monotonic() + 120
        while not (found := pattern.search(log.read_text())):
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        token = found.group(1)
        url = f"http://127.0.0.1:{port}/api/contents?token={token}"
        with urllib.request.urlopen(url, timeout=10) as response:
            listing = json.load(response)
        names = {item["name"] for item in listing["content"]}
        assert "00_start_here.ipynb" in names
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def lit_muscles(page: Page) -> set[str]:
    return set(
        page.locator(".sk-map .sk-muscle[data-lit='true']").evaluate_all(
            "els => els.map(e => e.dataset.muscle)"
        )
    )


def test_anatomy_explorer_in_voila(voila, page: Page):
    page.goto(voila("01_anatomy_explorer.ipynb"))
    explorer = page.locator(".sk-explorer")
    expect(explorer).to_be_visible(timeout=FIRST_KERNEL)
    expect(page.locator(".sk-safety")).to_be_visible()
    cards = page.locator(".sk-cards .sk-card")
    expect(cards).to_have_count(6)  # nothing picked: every stretch
    before = page.locator(".sk-map svg").inner_html()
    assert "erector_spinae" in lit_muscles(page)

    # Pick piriformis: its two stretches as cards, the map re-lit.
    page.get_by_label("Muscles", exact=True).select_option(label="Piriformis")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("Figure-Four")
    expect(cards.nth(1)).to_contain_text("Seated Glute")
    expect(page.locator(".sk-status")).to_contain_text("2 stretches for Piriformis")
    expect(page.locator(".sk-map .sk-muscle[data-muscle='erector_spinae']")).to_have_attribute(
        "data-lit", "false"
    )
    assert lit_muscles(page) == {"piriformis", "gluteus_medius", "gluteus_maximus"}
    assert page.locator(".sk-map svg").inner_html() != before

    # Pick Cat-Cow: its muscles lit, nothing else.
    page.get_by_label("Stretch", exact=True).select_option(label="Cat-Cow")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Cat-Cow")
    expect(page.locator(".sk-map .sk-muscle[data-muscle='piriformis']")).to_have_attribute(
        "data-lit", "false"
    )
    assert lit_muscles(page) == {"erector_spinae", "quadratus_lumborum"}
    expect(page.get_by_label("Muscles", exact=True)).to_have_values([])

    # Keyboard only: move to the Position filter and choose with the arrow keys.
    position = page.get_by_label("Position", exact=True)
    position.focus()
    page.keyboard.press("ArrowDown")  # any -> supine
    expect(page.locator(".sk-status")).to_contain_text("3 stretches for the chosen filters")
    expect(cards).to_have_count(3)


def test_weekly_planner_in_voila(voila, page: Page):
    import icalendar

    page.goto(voila("02_weekly_planner.ipynb"))
    planner = page.locator(".sk-planner")
    expect(planner).to_be_visible(timeout=FIRST_KERNEL)
    expect(page.locator(".sk-safety")).to_be_visible()
    week = planner.locator(".sk-week-box table.sk-week")
    expect(week.locator("th")).to_have_count(3)
    expect(week.locator("th").first).to_contain_text("Mon")
    expect(planner.locator(".sk-chart svg[role='img']")).to_have_count(2)
    expect(planner.locator(".sk-chart svg[role='img']").first).to_be_visible()

    # Keyboard: the days list, through its label, one down gives four days.
    days = planner.get_by_label("Days a week", exact=True)
    days.focus()
    page.keyboard.press("ArrowDown")
    expect(week.locator("th")).to_have_count(4)

    # A contraindication stops the plan, in words, until a professional has cleared it.
    planner.get_by_label("Conditions", exact=True).select_option(label="Sciatica")
    blocked = planner.locator(".sk-blocked")
    expect(blocked).to_contain_text("Not planned: Sciatica")
    expect(blocked).to_contain_text("healthcare professional")
    expect(planner.locator(".sk-week-box table")).to_have_count(0)
    expect(planner.get_by_role("button", name="Save CSV")).to_be_disabled()
    planner.get_by_label("A healthcare professional has cleared me to stretch").check()
    expect(blocked).to_have_count(0)
    expect(week).to_contain_text("Note: Cleared by a healthcare professional")

    # Save the calendar and download it from the link: four weekly events.
    planner.get_by_role("button", name="Save calendar (.ics)").click()
    link = planner.locator("a.sk-download", has_text="stretching-week.ics")
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    cal = icalendar.Calendar.from_ical(Path(info.value.path()).read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == 4
    assert all("Cleared by a healthcare professional" in str(e["DESCRIPTION"]) for e in events)

    planner.get_by_role("button", name="Save handout (PDF)").click()
    pdf = planner.locator("a.sk-download", has_text="stretching-week.pdf")
    with page.expect_download() as info:
        pdf.click()
    assert Path(info.value.path()).read_bytes()[:5] == b"%PDF-"


def test_progress_in_voila(voila, page: Page, tmp_path):
    page.goto(voila("04_progress.ipynb"))
    progress = page.locator(".sk-progress")
    expect(progress).to_be_visible(timeout=FIRST_KERNEL)
    expect(progress.locator(".sk-source")).to_contain_text("the sample log")
    expect(progress.locator(".sk-chart-weekly svg[role='img']")).to_be_visible()
    # The sample's sharp pain is on screen, as an alert, until it is read.
    advice = progress.locator(".sk-attention[role='alert']")
    expect(advice).to_contain_text("Sharp pain was logged")
    expect(advice).to_contain_text("Figure-Four (left)")

    # Add a session by hand; the note is shown as text, not as markup.
    progress.get_by_label("Stretch", exact=True).select_option(label="Cat-Cow")
    seconds = progress.get_by_label("Seconds held")
    seconds.fill("45")
    seconds.press("Enter")
    progress.get_by_role("button", name="Add hold").click()
    expect(progress.locator(".sk-pending")).to_contain_text("Cat-Cow")
    progress.get_by_label("Notes on the session").fill("<b>felt good</b>")
    progress.get_by_label("Notes on the session").press("Tab")
    progress.get_by_role("button", name="Save session").click()
    status = progress.locator(".sk-status")
    expect(status).to_contain_text("Saved a session of 1 hold on")
    recent = progress.locator(".sk-recent")
    expect(recent).to_contain_text("<b>felt good</b>")
    expect(recent.locator("b")).to_have_count(0)

    progress.get_by_role("button", name="I have read this advice").click()
    expect(advice).to_have_count(0)

    # Download the log: the sample's 328 holds and the new one.
    progress.get_by_role("button", name="Download my log (CSV)").click()
    link = progress.locator("a.sk-download")
    with page.expect_download() as info:
        link.click()
    exported = Path(info.value.path()).read_text()
    assert exported.count("\n") == 1 + 328 + 1
    assert ",cat_cow,both,45," in exported

    # A file with a mistake is refused with its line and column; the same file whole adds nothing.
    bad = tmp_path / "edited.csv"
    bad.write_text(exported.replace(",cat_cow,both,45,", ",cat_cow,both,-45,"))
    good = tmp_path / "mine.csv"
    good.write_text(exported)
    for path in (bad, good):
        with page.expect_file_chooser() as chooser:
            progress.get_by_role("button", name="Import a log (CSV)").click()
        chooser.value.set_files(path)
        if path is bad:
            expect(status.locator("[role='alert']")).to_contain_text(
                "edited.csv, line 330, column 'seconds'"
            )
    expect(status).to_contain_text("Added 0 sessions (0 holds); 38 sessions already in the log")


# --- the guided session timer (03) ------------------------------------------------------
#
# Playwright's clock stands in for Date, timers and performance.now() in the page, which is
# all the timer reads, so run_for() plays minutes of routine in a moment. Time still flows
# naturally between calls (a paused clock keeps the widget's messages from reaching the
# kernel), so counts are checked with a second or so of margin, away from step boundaries.

DEFAULT_ROUTINE = "The default routine: every stretch, moving ones first"
ROUND_TRIP = 30_000  # ms: a widget message to the kernel and its answer back in the page


def fresh_home(tmp_path: Path, monkeypatch) -> Path:
    """A STRETCHKIT_HOME of the test's own; a server started after this inherits it."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("STRETCHKIT_HOME", str(home))
    return home


def seconds_left(timer) -> int:
    return int(timer.locator(".sk-timer-count").get_attribute("data-seconds"))


def test_guided_session_in_voila(voila, page: Page, tmp_path, monkeypatch):
    from stretchkit import SessionLog

    home = fresh_home(tmp_path, monkeypatch)
    url = voila("03_guided_session.ipynb")
    page.clock.install()
    page.goto(url)

    timer = page.locator(".sk-timer")
    expect(timer).to_be_visible(timeout=FIRST_KERNEL)
    count = timer.locator(".sk-timer-count")
    cue = timer.locator(".sk-timer-cue")
    page.get_by_label("Routine:").select_option(label=DEFAULT_ROUTINE)
    # The default routine with its warm-up: 23 steps (21 without).
    expect(cue).to_have_text(re.compile(r"^23 steps, 11 min 30 s in all"), timeout=ROUND_TRIP)
    expect(timer).to_have_attribute("data-state", "ready")

    # Start asks first, with the whole safety note: stop at once, the reasons to see a
    # professional, the warm-up and what to mind while stretching.
    timer.locator(".sk-timer-start").click()
    ask = timer.locator(".sk-timer-ask")
    expect(ask).to_be_visible()
    expect(ask).to_contain_text("Stop at once: Sharp or radiating pain.")
    expect(ask.locator(".sk-timer-contra").get_by_role("listitem")).to_have_count(5)
    expect(ask.locator(".sk-timer-during").get_by_role("listitem")).to_have_count(3)
    expect(ask).to_contain_text("Herniated disc")
    expect(ask).to_contain_text("Sciatica")
    expect(ask).to_contain_text("5 to 10 minutes on easy cardio")
    expect(timer).to_have_attribute("data-state", "asking")
    expect(timer.locator(".sk-timer-start")).to_be_disabled()
    timer.locator(".sk-timer-warmed").click()  # yes: no warm-up step
    expect(ask).to_be_hidden()
    expect(timer).to_be_focused()

    # Get ready, 10 s.
    expect(timer).to_have_attribute("data-state", "running")
    expect(timer).to_have_attribute("data-kind", "get_ready")
    expect(timer).to_have_attribute("data-step", "1")
    expect(count).to_have_text(re.compile(r"^0:(10|09)$"))
    expect(cue).to_have_text("Get ready: Cat-Cow")
    expect(timer.locator(".sk-timer-next")).to_have_text(re.compile(r"^Next: Cat-Cow: 5 breaths"))
    page.clock.run_for(8_000)
    expect(count).to_have_text(re.compile(r"^0:0[12]$"))
    expect(timer).to_have_attribute("data-kind", "get_ready")

    # Cat-Cow, paced breath by breath: cow on the inhale.
    page.clock.run_for(2_500)
    expect(timer).to_have_attribute("data-kind", "breath_reps")
    expect(timer).to_have_attribute("data-step", "2")
    breath = timer.locator(".sk-timer-breath-text")
    expect(breath).to_have_text("Inhale: cow · breath 1 of 5")
    # The figure moves with the breath: the cow on the inhale, the cat on the exhale.
    figure = timer.locator(".sk-timer-figure")
    expect(figure).to_have_attribute("data-frame", "cow")
    expect(figure.locator("svg[role=img] title")).to_have_text(re.compile(r"Cat-Cow.*[Cc]ow"))
    page.clock.run_for(3_000)  # past half of the first 6 s breath: breathing out
    expect(breath).to_have_text("Exhale: cat · breath 1 of 5")
    expect(figure).to_have_attribute("data-frame", "cat")
    expect(figure.locator("svg[role=img] title")).to_have_text(re.compile(r"Cat-Cow.*[Cc]at"))

    # Space pauses: 20 s later the count has not moved. Space resumes.
    page.keyboard.press("Space")
    expect(timer).to_have_attribute("data-state", "paused")
    expect(timer.locator(".sk-timer-bar-text")).to_contain_text("paused")
    expect(timer.locator(".sk-timer-start")).to_have_text("▶ Resume")
    frozen = count.inner_text()
    page.clock.run_for(20_000)
    expect(count).to_have_text(frozen)
    expect(timer).to_have_attribute("data-kind", "breath_reps")
    page.keyboard.press("Space")
    expect(timer).to_have_attribute("data-state", "running")

    # To the end of Cat-Cow, into the transition; ArrowRight skips it.
    page.clock.run_for((seconds_left(timer) - 2) * 1000)
    expect(timer).to_have_attribute("data-kind", "breath_reps")
    expect(breath).to_have_text(re.compile(r"breath 5 of 5$"))
    page.clock.run_for(2_500)
    expect(timer).to_have_attribute("data-kind", "transition")
    expect(timer).to_have_attribute("data-step", "3")
    page.keyboard.press("ArrowRight")

    # Knee-to-Chest, left side: the whole 30 s, then the switch, then the right side.
    expect(timer).to_have_attribute("data-kind", "hold")
    expect(timer).to_have_attribute("data-step", "4")
    expect(cue).to_have_text("Knee-to-Chest, left side: hold")
    expect(timer.locator(".sk-timer-side")).to_have_text("left side")
    expect(figure).to_have_attribute("data-side", "left")  # the side held, drawn as that side
    expect(figure.locator("title")).to_contain_text("Knee-to-Chest")
    expect(count).to_have_text(re.compile(r"^0:(30|29)$"))
    page.clock.run_for(28_500)
    expect(count).to_have_text(re.compile(r"^0:0[12]$"))
    expect(timer).to_have_attribute("data-step", "4")
    page.clock.run_for(1_500)
    expect(timer).to_have_attribute("data-kind", "switch_sides")
    expect(timer).to_have_attribute("data-step", "5")
    expect(cue).to_have_text("Switch to the right side")
    page.clock.run_for(5_000)
    expect(timer).to_have_attribute("data-kind", "hold")
    expect(timer).to_have_attribute("data-step", "6")
    expect(timer.locator(".sk-timer-side")).to_have_text("right side")
    expect(figure).to_have_attribute("data-side", "right")
    expect(count).to_have_text(re.compile(r"^0:(30|29)$"))

    # The rest of the routine, to the end: 305 s from here.
    page.clock.run_for(310_000)
    expect(timer).to_have_attribute("data-state", "done")
    summary = timer.locator(".sk-timer-summary")
    expect(summary).to_have_text(
        "Routine complete: 10 of 10 holds done in full, 5 min of stretching."
    )
    expect(timer.locator(".sk-timer-start")).to_have_text("▶ Start again")

    # The report reached Python: rate a stretch and save.
    after = page.locator(".sk-after")
    expect(after).to_be_visible(timeout=ROUND_TRIP)
    page.get_by_label("Discomfort, Knee-to-Chest (0-10):").select_option("3")
    save = page.locator(".sk-session-save")
    save.click()
    status = page.locator(".sk-session-status")
    expect(status).to_contain_text("Saved session", timeout=ROUND_TRIP)
    expect(status).to_contain_text("10 holds, 5.0 minutes of stretching")

    log = SessionLog(home / "log.sqlite")
    sessions = log.sessions()
    assert len(sessions) == 1
    assert bool(sessions["warmed_up"].iloc[0]) is True
    assert not sessions["sharp_pain"].iloc[0]
    entries = log.entries()
    held = {(e.stretch_id, e.side): e.seconds for e in entries.itertuples()}
    assert held == {
        ("cat_cow", "both"): 30.0,  # the 20 s pause is not counted
        **{
            (stretch, side): 30.0
            for stretch in ("knee_to_chest", "figure_four", "seated_glute", "supine_twist")
            for side in ("left", "right")
        },
        ("childs_pose", "both"): 30.0,
    }
    rated = entries.set_index(["stretch_id", "side"])["discomfort"]
    assert rated.loc[("knee_to_chest", "left")] == 3
    assert rated.loc[("knee_to_chest", "right")] == 3
    assert rated.drop("knee_to_chest", level="stretch_id").isna().all()

    # Saved once, the form locks. Start again: the kernel saves a session left unsaved when
    # the next one starts, and this one is saved already, so the log still holds one.
    expect(save).to_be_disabled()
    expect(save).to_have_text("Saved ✓")
    timer.locator(".sk-timer-start").click()
    expect(timer).to_have_attribute("data-state", "asking")
    expect(page.get_by_label("Routine:")).to_be_disabled(timeout=ROUND_TRIP)  # Python saw it
    expect(after).to_be_hidden()
    assert len(log.sessions()) == 1
    assert len(log.entries()) == 10
    page.keyboard.press("Escape")  # "Not now"
    expect(timer).to_have_attribute("data-state", "ready")
    expect(page.get_by_label("Routine:")).to_be_enabled(timeout=ROUND_TRIP)
    page.get_by_label("Routine:").select_option(label="Your plan for Mon")
    expect(cue).to_have_text(re.compile(r"^35 steps, 15 min in all"), timeout=ROUND_TRIP)
    log.close()


def test_guided_session_in_jupyterlab(request, page: Page, tmp_path, monkeypatch):
    from stretchkit import SessionLog

    # The jupyterlab fixture starts its server when it is set up, so it is asked for here,
    # after STRETCHKIT_HOME is set, rather than in the signature (which gives no order).
    home = fresh_home(tmp_path, monkeypatch)
    lab = request.getfixturevalue("jupyterlab")
    page.goto(f"{lab}/lab/tree/03_guided_session.ipynb")
    expect(page.locator(".jp-Notebook")).to_be_visible(timeout=FIRST_KERNEL)
    expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_be_attached(
        timeout=FIRST_KERNEL
    )
    # The clock goes in once JupyterLab is up, before the timer is drawn: installed before
    # the page loads, the first Run All was often ignored (15 s lost to the retry).
    page.clock.install()
    run_all_cells(page)

    timer = page.locator(".sk-timer")
    expect(timer).to_be_visible(timeout=FIRST_KERNEL)
    page.get_by_label("Routine:").select_option(label=DEFAULT_ROUTINE)
    expect(timer.locator(".sk-timer-cue")).to_have_text(
        re.compile(r"^23 steps, 11 min 30 s in all"), timeout=ROUND_TRIP
    )
    timer.locator(".sk-timer-start").click()
    expect(timer.locator(".sk-timer-ask")).to_contain_text("Herniated disc")
    timer.locator(".sk-timer-warm").click()  # no: the warm-up is played
    expect(timer).to_be_focused()
    expect(timer).to_have_attribute("data-kind", "get_ready")
    expect(timer.locator(".sk-timer-cue")).to_have_text("Get ready to warm up")
    page.clock.run_for(10_500)
    expect(timer).to_have_attribute("data-kind", "warm_up")
    expect(timer).to_have_attribute("data-step", "2")
    expect(timer.locator(".sk-timer-count")).to_have_text(re.compile(r"^(5:00|4:59)$"))
    expect(timer.locator(".sk-timer-how")).to_contain_text("5 to 10 minutes on easy cardio")

    # The keys reach the timer, not JupyterLab's own shortcuts: in command mode M would turn
    # the timer's cell into Markdown, and the timer with it.
    code_cells = page.locator(".jp-Notebook .jp-CodeCell")
    cells = code_cells.count()
    mute = timer.locator(".sk-timer-mute")
    page.keyboard.press("m")
    expect(mute).to_be_checked(timeout=ROUND_TRIP)  # through the kernel and back
    page.keyboard.press("m")
    expect(mute).not_to_be_checked(timeout=ROUND_TRIP)
    expect(code_cells).to_have_count(cells)
    expect(timer).to_be_focused()
    page.keyboard.press("Space")
    expect(timer).to_have_attribute("data-state", "paused")
    page.keyboard.press("Space")
    expect(timer).to_have_attribute("data-state", "running")
    page.keyboard.press("ArrowRight")  # skip the warm-up
    expect(timer).to_have_attribute("data-kind", "transition")
    expect(timer).to_have_attribute("data-step", "3")
    page.keyboard.press("ArrowRight")  # and the change of position
    expect(timer).to_have_attribute("data-kind", "breath_reps")
    expect(timer).to_have_attribute("data-step", "4")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(timer).to_have_attribute("data-step", "6")
    expect(timer).to_have_attribute("data-kind", "hold")
    expect(timer.locator(".sk-timer-cue")).to_have_text("Knee-to-Chest, left side: hold")
    expect(code_cells).to_have_count(cells)

    # Ten seconds into the first hold: sharp pain.
    page.clock.run_for(10_000)
    expect(timer.locator(".sk-timer-count")).to_have_text(re.compile(r"^0:(20|19)$"))
    timer.locator(".sk-timer-pain").click()
    expect(timer).to_have_attribute("data-state", "sharp_pain")
    stop = timer.locator(".sk-timer-stop-advice")
    expect(stop).to_be_visible()
    expect(stop).to_have_attribute("role", "alert")
    expect(stop).to_contain_text("means stop the stretch immediately")
    expect(timer.locator(".sk-timer-summary")).to_contain_text("Stopped for sharp pain")

    # Python saves it at once and shows the advice; the timer will not start until it is read.
    attention = page.locator(".sk-attention")
    expect(attention, "the kernel did not save the sharp pain the timer reported").to_be_visible(
        timeout=ROUND_TRIP
    )
    expect(attention).to_have_attribute("role", "alert")
    expect(attention).to_contain_text("Knee-to-Chest (left)")
    blocked = timer.locator(".sk-timer-blocked")
    expect(blocked).to_be_visible()
    expect(blocked).to_have_attribute("role", "alert")
    expect(blocked).to_contain_text("Sharp pain is in your log")
    start = timer.locator(".sk-timer-start")
    expect(start).to_be_disabled()
    expect(timer.locator(".sk-timer-read")).to_be_hidden()  # read in the notebook's box
    expect(page.locator(".sk-after")).to_be_hidden()
    expect(page.locator(".sk-session-status")).to_contain_text("Saved session")

    log = SessionLog(home / "log.sqlite")
    pain = log.needs_attention()
    assert list(zip(pain["stretch_id"], pain["side"], strict=True)) == [("knee_to_chest", "left")]
    assert 9.5 <= pain["seconds"].iloc[0] <= 12.0
    sessions = log.sessions()
    assert len(sessions) == 1
    assert bool(sessions["sharp_pain"].iloc[0])
    assert not sessions["warmed_up"].iloc[0]  # said no, then skipped the warm-up
    assert "Stopped for sharp pain during Knee-to-Chest, left side." in sessions["notes"].iloc[0]

    page.locator(".sk-acknowledge").click()
    expect(start).to_be_enabled(timeout=ROUND_TRIP)
    expect(blocked).to_be_hidden()
    expect(timer.locator(".sk-timer-stop-advice")).to_be_hidden()
    expect(attention).to_have_count(0)
    assert log.needs_attention().empty
    log.close()


def test_make_app_serves_the_kit_in_voila(page: Page, tmp_path):
    """`make app`: the landing page with the safety note, and each tab when first opened."""
    from tests.conftest import ROOT, free_port, serve

    port = free_port()
    cmd = ["make", "--no-print-directory", "app", f"PORT={port}"]
    with serve(cmd, "/", port, tmp_path / "make-app.log", ROOT) as url:
        page.goto(url)
        expect(page.locator(".sk-app-welcome h1")).to_have_text("stretchkit", timeout=FIRST_KERNEL)
        note = page.locator(".sk-app .sk-safety")
        expect(note).to_contain_text("Sharp or radiating pain")
        expect(note).to_contain_text("Herniated disc")
        expect(page.get_by_text("import stretchkit")).to_have_count(0)  # no code shown

        # The first tab is there at once; the others open when chosen.
        expect(page.locator(".sk-explorer")).to_be_visible()
        expect(page.locator(".sk-timer")).to_have_count(0)
        page.get_by_role("tab", name="Plan your week").click()
        expect(page.locator(".sk-planner")).to_be_visible(timeout=30_000)
        page.get_by_role("tab", name="Stretch now").click()
        timer = page.locator(".sk-timer")
        expect(timer).to_be_visible(timeout=30_000)
        expect(timer).to_have_attribute("data-state", "ready")
        # The week planned on the planner tab is offered to the timer.
        expect(page.get_by_label("Routine:")).to_contain_text("Your plan for Mon")
        page.get_by_role("tab", name="Your progress").click()
        expect(page.locator(".sk-progress")).to_be_visible(timeout=30_000)
        page.get_by_role("tab", name="Quiz").click()
        expect(page.locator(".sk-quiz")).to_be_visible(timeout=30_000)


def test_quiz_in_voila(voila, page: Page):
    """Answer every question with its first choice: feedback each time, and the score the
    tables say it should be."""
    import stretchkit as sk

    questions = sk.make_quiz(10, seed=0)
    page.goto(voila("05_quiz.ipynb"))
    quiz = page.locator(".sk-quiz")
    expect(quiz).to_be_visible(timeout=FIRST_KERNEL)
    feedback = quiz.locator(".sk-quiz-feedback")
    for row in questions.itertuples():
        expect(quiz.locator(".sk-quiz-question")).to_contain_text(row.text)
        quiz.locator(".sk-quiz-choices input[type='radio']").first.check()
        quiz.locator(".sk-quiz-check button, button.sk-quiz-check").first.click()
        verdict = "Right" if row.answer == 0 else "Not quite"
        expect(feedback).to_contain_text(verdict)
        expect(feedback).to_contain_text(row.answer_text)
        quiz.locator(".sk-quiz-next button, button.sk-quiz-next").first.click()
    right = int((questions["answer"] == 0).sum())
    expect(quiz.get_by_role("heading", name=f"Final score: {right} out of 10")).to_be_visible()
