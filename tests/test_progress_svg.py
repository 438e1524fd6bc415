"""The progress charts as the kit's own SVG: each drawing and its words follow the log, names
are text, colours are the theme's or the data palette's, and the markup is well-formed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

import stretchkit as sk
from stretchkit import theme
from stretchkit.charts import progress_svg as ps
from stretchkit.charts.style import BELOW_COLOUR, MET_COLOUR, STRETCH_COLOUR
from stretchkit.progress import minutes_by_muscle
from tests.hostile import PAYLOADS, hostile_catalog, live_markup

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises on markup that is not well-formed
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    return root


def groups(root: ET.Element, css: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == css]


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def session(log, day: str, holds: list[dict], time: str = "07:30") -> None:
    log.add_session(holds, started_at=f"{day}T{time}:00+01:00", warmed_up=True)


@pytest.fixture
def log(tmp_path):
    """Two weeks: Mon-Wed of the first (3 days, on goal), one day of the second (below)."""
    log = sk.SessionLog(tmp_path / "log.sqlite")
    session(log, "2026-03-02", [{"stretch_id": "cat_cow", "seconds": 60, "discomfort": 4}])
    session(log, "2026-03-03", [{"stretch_id": "cat_cow", "seconds": 120, "discomfort": 3}])
    session(
        log,
        "2026-03-04",
        [
            {"stretch_id": "cat_cow", "seconds": 60, "discomfort": 2},
            {"stretch_id": "figure_four", "side": "left", "seconds": 30, "discomfort": 5},
        ],
    )
    session(log, "2026-03-12", [{"stretch_id": "figure_four", "side": "left", "seconds": 30}])
    yield log
    log.close()


@pytest.fixture(scope="module")
def empty(tmp_path_factory):
    return sk.SessionLog(tmp_path_factory.mktemp("empty") / "log.sqlite")


def chart(kind: str, log, **kw) -> ps.ProgressChart:
    return ps.progress_chart(kind, log, **kw)


# --- every chart ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ps.KINDS)
def test_each_chart_is_a_named_described_image_whose_desc_is_its_words(kind, log):
    c = chart(kind, log)
    root = parse(c.svg)
    title, desc = list(root)[:2]
    assert title.tag == f"{SVG}title" and title.text == ps.TITLES[kind]
    assert desc.tag == f"{SVG}desc" and desc.text == c.words
    assert c.svg.startswith('<svg role="img"') and 'width="100%"' in c.svg
    assert re.search(r'viewBox="0 0 \d+ \d+"', c.svg) and "max-width:" in c.svg
    # the notebook shows the chart and its words; as text it is its words
    assert str(c) == repr(c) == c.words
    assert c._repr_html_().count("<svg") == 1 and "<p " in c._repr_html_()


@pytest.mark.parametrize("kind", ps.KINDS)
def test_an_empty_log_says_so_in_the_words_and_on_the_chart(kind, empty):
    c = chart(kind, empty)
    assert c.words.startswith("No ")
    root = parse(c.svg)
    assert any(t.startswith("No sessions logged yet") for t in texts(root))
    assert not groups(root, "sk-week") and not groups(root, "sk-day")


@pytest.mark.parametrize("kind", ps.KINDS)
def test_the_separate_functions_agree_with_the_chart(kind, log):
    names = {
        "weekly": "weekly_sessions",
        "muscles": "minutes_by_muscle",
        "calendar": "calendar",
        "discomfort": "discomfort",
    }
    c = chart(kind, log)
    assert getattr(ps, f"{names[kind]}_svg")(log) == c.svg
    assert getattr(ps, f"{names[kind]}_words")(log) == c.words


def test_a_bad_kind_or_weeks_is_refused(log):
    with pytest.raises(ValueError, match="kind must be one of weekly"):
        ps.progress_chart("pie", log)
    with pytest.raises(ValueError):
        ps.progress_chart("weekly", log, weeks=0)


# --- colours -------------------------------------------------------------------------------

_DATA = {MET_COLOUR, BELOW_COLOUR, STRETCH_COLOUR}


def paints(root: ET.Element) -> set[str]:
    return {
        el.get(attr)
        for el in root.iter()
        for attr in ("fill", "stroke")
        if el.get(attr) is not None
    }


@pytest.mark.parametrize("kind", ps.KINDS)
def test_colours_are_theme_variables_or_the_data_palette(kind, log):
    root = parse(chart(kind, log).svg)
    stray = {p for p in paints(root) if not p.startswith("var(--jp-") and p not in _DATA | {"none"}}
    assert stray == set()
    # text in the theme's colours, so it reads in the dark theme too
    assert {t.get("fill") for t in root.iter(f"{SVG}text")} <= {theme.INK, theme.TEXT}
    assert "white" not in chart(kind, log).svg and "#fff" not in chart(kind, log).svg.lower()


def test_the_colour_check_can_fail():
    root = parse('<svg xmlns="http://www.w3.org/2000/svg" role="img"><rect fill="#123456"/></svg>')
    assert paints(root) - _DATA == {"#123456"}


# --- days a week -------------------------------------------------------------------------


def test_weekly_bars_are_as_tall_as_the_days_and_below_the_goal_is_hatched(log):
    root = parse(chart("weekly", log).svg)
    weeks = groups(root, "sk-week")
    assert [int(g.get("data-days")) for g in weeks] == [3, 1]
    heights = [float(g.find(f"{SVG}rect").get("height")) for g in weeks]
    assert heights[0] == pytest.approx(3 * heights[1], rel=0.02)
    met = [g.find(f"{SVG}rect").get("fill") for g in weeks]
    assert met == [MET_COLOUR, BELOW_COLOUR]
    # not colour alone: the week below the goal carries a hatch, the other none
    assert [len(g.findall(f"{SVG}path")) for g in weeks] == [0, 1]
    assert {"3", "1", "02 Mar", "09 Mar"} <= set(texts(root))
    assert any(t.startswith("goal: 3 to 5 days a week") for t in texts(root))


def test_weekly_words_say_each_week_and_the_goal(log):
    words = ps.weekly_sessions_words(log)
    assert "against the goal of 3 to 5 days a week (target for the best results)" in words
    assert "02 Mar: 3, 09 Mar: 1 (below); 1 of 2 weeks met the goal." in words
    assert "2 of 2 weeks met" in ps.weekly_sessions_words(log, goal=(1, 2))


def test_weekly_follows_the_log(log):
    before = chart("weekly", log)
    session(log, "2026-03-13", [{"stretch_id": "cat_cow", "seconds": 30}])
    session(log, "2026-03-14", [{"stretch_id": "cat_cow", "seconds": 30}])
    after = chart("weekly", log)
    assert after.svg != before.svg
    assert "09 Mar: 3;" in after.words and "2 of 2 weeks met the goal" in after.words
    weeks = groups(parse(after.svg), "sk-week")
    assert [g.get("data-met") for g in weeks] == ["yes", "yes"]


def test_weekly_shows_only_the_last_weeks(log):
    root = parse(chart("weekly", log, weeks=1).svg)
    assert [int(g.get("data-days")) for g in groups(root, "sk-week")] == [1]
    assert "1 week from 09 Mar 2026" in ps.weekly_sessions_words(log, weeks=1)


# --- minutes per muscle ---------------------------------------------------------------------


def test_muscle_rows_carry_the_minutes_that_reached_each_muscle(log):
    root = parse(chart("muscles", log).svg)
    rows = groups(root, "sk-muscle")
    data = minutes_by_muscle(log)
    totals = data.groupby("muscle", sort=False, observed=True)["minutes"].sum()
    assert [float(g.get("data-minutes")) for g in rows] == [round(v, 1) for v in totals]
    # each week's bar as tall as its minutes: the muscle of the most minutes in a week
    tallest = max(float(r.get("height")) for g in rows for r in g.iter(f"{SVG}rect"))
    top = data["minutes"].max()
    for g, (_, group) in zip(
        rows, data.groupby("muscle_id", sort=True, observed=True), strict=True
    ):
        bars = [float(r.get("height")) for r in g.iter(f"{SVG}rect")]
        expected = [m / top * tallest for m in group["minutes"] if m > 0]
        assert bars == pytest.approx(expected, abs=0.11)
    words = ps.minutes_by_muscle_words(log)
    for name, minutes in totals.items():
        assert f"{name}: {sk.words.number(minutes)} (" in words


def test_muscles_follow_the_log(log):
    before = ps.minutes_by_muscle_words(log)
    session(log, "2026-03-13", [{"stretch_id": "supine_twist", "side": "left", "seconds": 600}])
    after = ps.minutes_by_muscle_words(log)
    assert after != before and "Obliques: 10 (10 in the latest week)" in after


# --- the calendar ---------------------------------------------------------------------------


def test_the_calendar_has_a_square_per_day_sized_by_its_minutes(log):
    root = parse(chart("calendar", log).svg)
    days = groups(root, "sk-day")
    assert [float(g.get("data-minutes")) for g in days] == [1.0, 2.0, 1.5, 0.5]
    sides = [float(g.find(f"{SVG}rect").get("width")) for g in days]
    # area is minutes: the 2-minute day twice the area of the 1-minute day
    assert (sides[1] / sides[0]) ** 2 == pytest.approx(2, rel=0.03)
    assert groups(root, "sk-sharp-pain") == []  # no sharp pain, no cross (nor its legend)
    words = ps.calendar_words(log)
    assert words.startswith("4 days stretched between Mon 02 Mar 2026 and Thu 12 Mar 2026")
    assert "5 minutes in all; the most in one day: 2 minutes on Tue 03 Mar 2026." in words
    assert "Sharp pain" not in words


def test_a_sharp_pain_day_gets_its_cross_on_its_day(log):
    session(
        log,
        "2026-03-13",
        [{"stretch_id": "figure_four", "side": "left", "seconds": 10, "sharp_pain": True}],
    )
    root = parse(chart("calendar", log).svg)
    crosses = groups(root, "sk-sharp-pain")
    assert len(crosses) == 2  # the day and the legend's
    day = groups(root, "sk-day")[-1].find(f"{SVG}rect")
    centre = (
        float(day.get("x")) + float(day.get("width")) / 2,
        float(day.get("y")) + float(day.get("height")) / 2,
    )
    d = crosses[0].find(f"{SVG}path").get("d")
    xs = [float(v) for v in re.findall(r"[ML]([\d.]+) ", d)]
    ys = [float(v) for v in re.findall(r"[ML][\d.]+ ([\d.]+)", d)]
    assert (sum(xs) / len(xs), sum(ys) / len(ys)) == pytest.approx(centre, abs=0.2)
    assert "sharp pain - stop and consult" in texts(root)
    assert ps.calendar_words(log).endswith("Sharp pain on Fri 13 Mar 2026.")


def test_the_calendar_shows_the_last_weeks_and_says_what_is_left_out(log):
    root = parse(chart("calendar", log, weeks=1).svg)
    assert len(groups(root, "sk-day")) == 1
    assert ps.calendar_words(log, weeks=1).endswith("3 earlier days not shown.")


# --- discomfort ---------------------------------------------------------------------------


def test_discomfort_rows_follow_the_ratings(log):
    root = parse(chart("discomfort", log).svg)
    rows = groups(root, "sk-stretch")
    # Figure-Four comes first in the tables; its second session was not rated
    assert [int(g.get("data-ratings")) for g in rows] == [1, 3]
    dots = next(p for p in rows[1].iter(f"{SVG}path") if p.get("class") == "sk-ratings")
    ys = [float(y) for y in re.findall(r"M[\d.]+ ([\d.]+)", dots.get("d"))]
    assert len(ys) == 3
    # 4, 3, 2: each point lower than the last, by the same step
    assert ys[1] - ys[0] == pytest.approx(ys[2] - ys[1], abs=0.11) and ys[1] > ys[0]
    assert {"Figure-Four", "Cat-Cow", "4 → 2", "5 → 5"} <= set(texts(root))
    words = ps.discomfort_words(log)
    assert "Figure-Four: 5 → 5 (1 session rated), Cat-Cow: 4 → 2 (3 sessions rated)." in words
    assert "Sharp pain" not in words


def test_sharp_pain_in_a_stretch_is_crossed_and_said(log):
    session(
        log,
        "2026-03-13",
        [{"stretch_id": "cat_cow", "seconds": 10, "discomfort": 7, "sharp_pain": True}],
    )
    root = parse(chart("discomfort", log).svg)
    assert len(groups(root, "sk-sharp-pain")) == 2  # Cat-Cow's session and the legend's
    assert len(groups(root, "sk-stretch")[1].findall(f"{SVG}g")) == 1
    assert ps.discomfort_words(log).endswith("Sharp pain: Cat-Cow on Fri 13 Mar 2026.")
    assert "4 → 7" in texts(root)


def test_discomfort_without_ratings_says_so(tmp_path):
    log = sk.SessionLog(tmp_path / "log.sqlite")
    session(log, "2026-03-02", [{"stretch_id": "cat_cow", "seconds": 60}])
    c = chart("discomfort", log)
    assert c.words == "No discomfort ratings yet."
    assert "not rated" in texts(parse(c.svg))


# --- names from a trainer's tables ---------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tables = hostile_catalog(tmp_path_factory.mktemp("hostile") / "tables")
    cat = sk.load_catalog(data_dir=tables)
    log = sk.SessionLog(tmp_path_factory.mktemp("log") / "log.sqlite", data_dir=tables)
    session(
        log,
        "2026-03-02",
        [
            {"stretch_id": "figure_four", "side": "left", "seconds": 30, "discomfort": 3},
            {"stretch_id": "cat_cow", "seconds": 40, "discomfort": 2, "sharp_pain": True},
        ],
    )
    session(log, "2026-03-03", [{"stretch_id": "cat_cow", "seconds": 40, "discomfort": 1}])
    return log, cat


@pytest.mark.parametrize("kind", ps.KINDS)
def test_hostile_names_are_text_in_title_desc_and_labels(kind, hostile):
    log, cat = hostile
    c = chart(kind, log, catalog=cat)
    problems, _ = live_markup(c.svg)
    assert problems == []
    root = parse(c.svg)
    shown = root.find(f"{SVG}desc").text
    assert shown == c.words
    if kind in ("muscles", "discomfort"):
        assert any(p in c.words for p in PAYLOADS), "the words carry the names whole"
        labels = [t for t in texts(root) if "<" in t]
        assert labels, "the names are drawn, as text"
        assert all(len(t) <= ps.NAME_CHARS for t in labels)  # cut on the chart
    if kind == "weekly":
        assert any(p in c.words for p in PAYLOADS)  # the goal's title, from the guidelines


def test_the_live_markup_check_can_fail():
    problems, _ = live_markup(f'<svg role="img"><desc>{PAYLOADS[0]}</desc></svg>')
    assert problems


# --- the widget ----------------------------------------------------------------------------


def test_the_widget_draws_its_charts_without_matplotlib(tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    def refuse(*args, **kwargs):
        raise AssertionError("matplotlib drew a figure")

    log = sk.sample_log(tmp_path / "log.sqlite")
    widget = sk.widgets.progress(log, export_dir=tmp_path / "exports")
    monkeypatch.setattr(Figure, "__init__", refuse)
    widget.controls["add"].click()
    widget.controls["save"].click()
    assert "Saved a session" in widget.message
    for key in ps.KINDS:
        svg = widget.charts[key].value
        assert 'class="sk-svg-chart sk-progress-svg"' in svg
        assert (
            parse(svg).find(f"{SVG}desc").text
            == chart(key, widget.session_log, catalog=widget.catalog).words
        )
