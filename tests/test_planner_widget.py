"""The planner widget, built without a browser: set values as a person would, check the result."""

from __future__ import annotations

import base64
import re

import icalendar
import pytest

import stretchkit as sk


@pytest.fixture
def planner(tmp_path):
    return sk.widgets.planner(export_dir=tmp_path / "exports")


def shown(p, css_class: str):
    """The first child widget, at any depth, that carries a CSS class."""
    stack = [p]
    while stack:
        w = stack.pop(0)
        if css_class in getattr(w, "_dom_classes", ()):
            return w
        stack.extend(getattr(w, "children", ()))
    raise AssertionError(f"no widget with class {css_class}")


def test_controls_drive_the_plan(planner):
    c = planner.controls
    assert planner.plan.table["day"].unique().tolist() == ["Mon", "Wed", "Fri"]
    c["days"].value, c["minutes"].value = 5, 8
    assert planner.plan.table["day"].nunique() == 5
    day = planner.plan.table[planner.plan.table["day"] == "Mon"]
    assert (day["start_s"] + day["seconds"]).max() <= 8 * 60
    c["focus"].value = ("piriformis",)
    assert "Focus: Piriformis reached in every session." in planner.plan.notes
    c["warmed_up"].value = True
    assert "warm_up" not in set(planner.plan.table["activity"])
    c["persistent"].value = True
    assert planner.plan.table["day"].nunique() == 7
    assert "Persistent tightness" in shown(planner, "sk-notes").value


def test_week_table_chart_and_minutes_per_muscle(planner):
    table = shown(planner, "sk-week-box").value
    for day in ("Mon", "Wed", "Fri"):
        assert f">{day}<br>" in table
    for line in sk.describe_day(planner.plan, "Mon"):
        assert line.replace("'", "&#x27;") in table
    chart = shown(planner, "sk-chart").value  # two SVG bar charts, each with its words
    assert chart.count('<svg class="sk-svg-chart"') == 2 and chart.count('role="img"') == 2
    assert "<desc>Minutes of each session, Monday to Sunday: Mon: " in chart
    assert "Tue: rest" in chart
    per_muscle = shown(planner, "sk-per-muscle").value
    minutes = sk.plan_summary(planner.plan, by="muscle")
    for row in minutes.itertuples():
        assert f"{row.name} {row.minutes:.1f}" in per_muscle


def test_conditions_block_until_cleared(planner):
    c = planner.controls
    assert c["cleared"].disabled  # nothing to be cleared for
    c["conditions"].value = ("herniated_disc",)
    assert planner.plan is None and not c["cleared"].disabled
    box = shown(planner, "sk-blocked-box").value
    assert 'role="alert"' in box and "Not planned: Herniated disc" in box
    assert shown(planner, "sk-week-box").value == ""
    assert all(c[k].disabled for k in ("csv", "ics", "pdf"))
    c["cleared"].value = True
    assert planner.plan.table["note"].str.contains("Herniated disc").all()
    assert (
        "Note:</strong> Cleared by a healthcare professional" in shown(planner, "sk-week-box").value
    )
    c["conditions"].value = ()
    assert planner.plan.table["note"].isna().all()
    assert c["cleared"].value is False  # a clearance is for the conditions it was given for
    c["conditions"].value = ("sciatica",)
    assert planner.plan is None and "Sciatica" in planner.error


def test_the_stop_rule_is_always_shown(planner):
    stop = shown(planner, "sk-stop-rule").value
    assert "Sharp or radiating pain" in stop and "stop the stretch immediately" in stop
    planner.controls["conditions"].value = ("sciatica",)
    assert "Sharp or radiating pain" in shown(planner, "sk-stop-rule").value


def test_persistent_tightness_takes_over_the_days(planner):
    planner.controls["persistent"].value = True
    assert planner.controls["days"].disabled and planner.plan.table["day"].nunique() == 7
    planner.controls["persistent"].value = False
    assert not planner.controls["days"].disabled and planner.plan.table["day"].nunique() == 3


def test_saved_links_belong_to_the_plan_on_screen(planner):
    planner.controls["csv"].click()
    assert "stretching-week.csv" in shown(planner, "sk-links").value
    planner.controls["days"].value = 5
    planner.controls["ics"].click()
    links = shown(planner, "sk-links").value
    assert "stretching-week.ics" in links and "stretching-week.csv" not in links


def test_too_little_time_is_explained_in_the_words_of_the_controls(planner):
    planner.controls["minutes"].value = 3
    assert planner.plan is None
    box = shown(planner, "sk-blocked-box").value
    assert "3 minutes is too short" in box and "needs at least 6 minutes" in box
    assert "Give 6 minutes or more, or tick &#x27;Already warm&#x27; if" in box
    assert "=" not in re.sub(r"<[^>]+>", "", box)


def test_another_plan_picks_among_equals(planner):
    planner.controls["days"].value, planner.controls["minutes"].value = 7, 6
    first = planner.plan.table.copy()
    seen = set()
    for _ in range(5):
        planner.controls["another"].click()
        seen.add(planner.plan.table.to_csv())
    assert len(seen | {first.to_csv()}) > 1
    planner.controls["days"].value, planner.controls["minutes"].value = 3, 15
    planner.controls["another"].click()  # every stretch fits: there is no other plan
    assert "No other equally good plan" in shown(planner, "sk-seed").value


def test_save_buttons_write_and_link_the_three_files(planner, tmp_path):
    c = planner.controls
    c["time"].value = "18:15"
    for kind in ("csv", "ics", "pdf"):
        c[kind].click()
    folder = tmp_path / "exports"
    assert sorted(p.name for p in folder.iterdir()) == [
        "stretching-week.csv",
        "stretching-week.ics",
        "stretching-week.pdf",
    ]
    links = shown(planner, "sk-links").value
    found = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', links))
    assert set(found) == {"stretching-week.csv", "stretching-week.ics", "stretching-week.pdf"}
    for name, data in found.items():
        assert base64.b64decode(data) == (folder / name).read_bytes()
    cal = icalendar.Calendar.from_ical((folder / "stretching-week.ics").read_bytes())
    starts = [e.decoded("DTSTART") for e in cal.walk("VEVENT")]
    assert [s.strftime("%a %H:%M") for s in starts] == ["Mon 18:15", "Wed 18:15", "Fri 18:15"]


def test_a_bad_time_is_explained_and_saves_nothing(planner, tmp_path):
    planner.controls["time"].value = "quarter past six"
    planner.controls["ics"].click()
    assert "time must be a 24-hour clock time" in shown(planner, "sk-links").value
    assert not (tmp_path / "exports" / "stretching-week.ics").exists()
