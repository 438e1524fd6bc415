"""The lessons' charts on screen: one themed SVG per chart, named and described in words made
from the chart's own data, never a PNG, and refused when it has no words."""

from __future__ import annotations

import html
import re
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from IPython.core.formatters import format_display_data

import stretchkit as sk
from stretchkit.charts import screen
from stretchkit.charts.style import SCREEN_GRID, SCREEN_INK, SCREEN_LINE, SCREEN_PAGE
from stretchkit.charts.svg import SCREEN_PANEL
from stretchkit.plan import WEEKDAYS
from tests.conftest import run_notebook
from tests.hostile import FILE_NAMES, PAYLOADS, hostile_catalog, live_markup

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TODAY = "2026-11-30"


@pytest.fixture(scope="module")
def sample_class():
    return sk.class_summary(sk.sample_class_path(), today=SAMPLE_TODAY)


def shown(draw, **options) -> screen.ScreenChart:
    """What ``on_screen`` shows for the charts ``draw(ax)`` puts on its axes."""
    out: list = []
    with sk.charts.on_screen(show=out.append, **options) as ax:
        draw(ax)
    assert len(out) == 1
    return out[0]


def parts(chart: screen.ScreenChart) -> tuple[str, str, str]:
    """The displayed HTML, and the title and description as a screen reader reads them."""
    bundle, _ = format_display_data(chart)
    assert set(bundle) == {"text/html", "text/plain"}, "shown as HTML with words, no image"
    markup = bundle["text/html"]
    title = re.search(r"<title>(.*?)</title>", markup, re.S)
    desc = re.search(r"<desc>(.*?)</desc>", markup, re.S)
    assert title and desc, markup[:300]
    return markup, html.unescape(title.group(1)), html.unescape(desc.group(1))


def assert_one_labelled_svg(markup: str) -> None:
    assert markup.count("<svg") == 1 and markup.count('role="img"') == 1
    assert re.search(r'<svg role="img"[^>]*>\s*<title>[^<]+</title>\s*<desc>[^<]+</desc>', markup)
    assert "<img" not in markup  # an <image> inside the SVG (a heat map's cells) is its part


# --- shown as one labelled SVG --------------------------------------------------------------


def test_a_lesson_chart_is_shown_as_html_holding_one_labelled_svg(monkeypatch):
    seen = []
    monkeypatch.setattr("IPython.display.display", seen.append)  # what on_screen displays
    with sk.charts.on_screen(figsize=(11, 7)) as ax:
        sk.charts.body_map(highlight=["piriformis"], ax=ax)
    assert len(seen) == 1
    markup, title, desc = parts(seen[0])
    assert_one_labelled_svg(markup)
    assert title == "Lit: Piriformis"
    assert "Lit: Piriformis." in desc
    assert str(seen[0]).startswith(title) and desc in str(seen[0])  # the words as plain text


def test_no_pyplot_figure_is_made_or_left_open():
    plt.close("all")
    shown(lambda ax: sk.charts.target_heatmap(ax=ax))
    shown(lambda axes: [sk.charts.plot_plan(sk.plan_week(), by=b, ax=a) for a, b in
                        zip(axes, ("day", "muscle"), strict=True)], ncols=2)  # fmt: skip
    assert plt.get_fignums() == []  # the inline backend has nothing to show as a PNG


def test_the_screen_style_ends_with_the_block_and_paper_keeps_its_colours():
    before = dict(mpl.rcParams)
    shown(lambda ax: sk.charts.body_map(ax=ax))
    assert mpl.rcParams["text.color"] == before["text.color"] != SCREEN_INK
    ax = sk.charts.body_map(ax=plt.figure().gca())  # for paper, as the lesson pack draws it
    assert ax.patches[0].get_facecolor()[:3] == pytest.approx(mpl.colors.to_rgb("#fafafa"))
    assert ax.title.get_color() != SCREEN_INK


# --- theme colours --------------------------------------------------------------------------

_FILL = re.compile(r"(?:fill|stroke)\s*[:=]\s*\"?\s*([^;\"]+)")


def test_colours_are_the_themes_variables_on_a_transparent_page(sample_class):
    charts = [
        shown(lambda ax: sk.charts.body_map(highlight={"piriformis": 2, "QL": 1}, ax=ax)),
        shown(lambda ax: sk.charts.target_heatmap(ax=ax)),
        shown(lambda ax: sk.charts.plot_plan(sk.plan_week(focus=["QL"]), ax=ax)),
        shown(lambda ax: sk.charts.plot_class_adherence(sample_class, ax=ax)),
        shown(lambda ax: sk.charts.plot_class_muscles(sample_class, ax=ax)),
        shown(lambda ax: sk.charts.plot_class_discomfort(sample_class, ax=ax)),
    ]
    for chart in charts:
        markup, _, _ = parts(chart)
        paints = {p.strip().lower() for p in _FILL.findall(markup)}
        assert "var(--jp-ui-font-color1, #212121)" in paints  # text follows the theme
        assert "var(--jp-border-color1, #bdbdbd)" in paints  # so do axes and outlines
        for stand_in in (SCREEN_INK, SCREEN_LINE, SCREEN_GRID, SCREEN_PAGE, SCREEN_PANEL):
            assert stand_in not in markup  # every stand-in became a variable
        # No white page behind the chart: the figure and axes are not painted at all.
        assert not re.search(r"<rect[^>]*(?:#ffffff|white)", markup, re.I)
        background = re.search(
            r"<g id=\"patch_1\">\s*<path d=\"[^\"]+\"\s*style=\"([^\"]*)\"", markup
        )
        assert background and "fill: none" in background.group(1), markup[:800]
    body = parts(charts[0])[0]
    assert "var(--jp-layout-color2, #eeeeee)" in body  # the body is a panel of the theme


# --- the words follow the data --------------------------------------------------------------


def test_the_body_maps_words_follow_what_is_lit_and_picked():
    _, title, plain = parts(shown(lambda ax: sk.charts.body_map(ax=ax)))
    assert title == "Lower back and hips, from behind" and "No muscle is lit." in plain
    assert "Deep layer, named on the right: Quadratus lumborum, Gluteus medius and Piriformis." in (
        plain
    )
    assert "the left half superficial, the right half deep" in plain
    assert "Hatched: the upper fibers of the Gluteus maximus." in plain
    _, title, lit = parts(
        shown(
            lambda ax: sk.charts.body_map(
                highlight={"piriformis": 2, "gluteus_medius": 1}, selected=["QL"], ax=ax
            )
        )
    )
    assert title == "Lit: Gluteus medius, Piriformis"
    assert "Lit: Gluteus medius (targeted x1) and Piriformis (targeted x2)." in lit
    assert "Not lit: Erector spinae, Quadratus lumborum, Gluteus maximus and Obliques." in lit
    assert "Picked, with a thick outline and a bold name: Quadratus lumborum." in lit
    assert parts(shown(lambda ax: sk.charts.body_map(title="Cat-Cow", ax=ax)))[1] == "Cat-Cow"


def test_the_heat_maps_words_follow_the_table(tables):
    _, title, before = parts(shown(lambda ax: sk.charts.target_heatmap(ax=ax, data_dir=tables)))
    assert title == "Which stretch targets which muscle"
    assert "Knee-to-Chest targets Erector spinae and Gluteus maximus." in before
    assert "Figure-Four targets Gluteus maximus (upper fibers), Gluteus medius and Piriformis." in (
        before
    )
    links = tables / "stretch_muscles.csv"
    links.write_text(links.read_text() + "knee_to_chest,obliques,a gentle twist\n")
    _, _, after = parts(shown(lambda ax: sk.charts.target_heatmap(ax=ax, data_dir=tables)))
    assert (
        "Knee-to-Chest targets Erector spinae, Gluteus maximus and Obliques (a gentle twist)."
        in after
    )


@pytest.mark.parametrize("days", [2, 5])
def test_the_plans_words_follow_the_plan(days):
    plan = sk.plan_week(days=days, minutes=15, focus=["piriformis"])

    def draw(axes):
        sk.charts.plot_plan(plan, by="day", ax=axes[0])
        sk.charts.plot_plan(plan, by="muscle", ax=axes[1])

    _, title, desc = parts(shown(draw, ncols=2, figsize=(14, 4.8)))
    assert title == (
        "Minutes of each session, Monday to Sunday and Minutes of stretching per muscle in a week"
    )
    by_day = sk.plan_summary(plan, by="day").set_index("day")
    for day in WEEKDAYS:
        if day in by_day.index and by_day.loc[day, "session_min"] > 0:
            assert f"{day}: {round(by_day.loc[day, 'session_min'], 1):g} minutes" in desc
        else:
            assert f"{day}: rest" in desc
    for row in sk.plan_summary(plan, by="muscle").itertuples():
        focus = " (focus)" if row.muscle_id == "piriformis" else ""
        assert f"{row.name}{focus}: {round(row.minutes, 1):g}" in desc
    assert desc.count("rest") == 7 - days


def test_the_class_charts_words_follow_the_class(sample_class):
    _, title, desc = parts(shown(lambda ax: sk.charts.plot_class_adherence(sample_class, ax=ax)))
    assert title == "Days stretched each week, against the goal of 3 to 5 days a week"
    for row in sample_class.students.itertuples():
        assert f"{row.student}: {row.weeks_met} of {row.weeks} weeks on goal" in desc
    assert "19 Oct 3 (sharp pain)" in desc  # farid's week
    assert "Under way" not in desc
    # Read a week earlier, with the easier goal: the last week is under way, the counts change.
    other = sk.class_summary(sk.sample_class_path(), today="2026-11-18", goal="minimum")
    _, other_title, other_desc = parts(
        shown(lambda ax: sk.charts.plot_class_adherence(other, ax=ax))
    )
    assert other_title != title and other_desc != desc
    assert "Under way, not counted yet: the week of 16 Nov." in other_desc

    _, _, weeks = parts(shown(lambda ax: sk.charts.plot_class_muscles(sample_class, ax=ax)))
    grid = sample_class.muscles.pivot_table(
        index="muscle", columns="week", values="minutes", aggfunc="sum", observed=True
    )
    first = grid.columns[0]
    assert (
        f"Week of {first.day} {first:%b}: Erector spinae {grid.loc['Erector spinae', first]:.0f},"
        in weeks
    )
    _, _, students = parts(
        shown(lambda ax: sk.charts.plot_class_muscles(sample_class, by="student", ax=ax))
    )
    per = sample_class.muscles.groupby(["student", "muscle"], observed=True)["minutes"].sum()
    assert f"grace: Erector spinae {per['grace', 'Erector spinae']:.0f}," in students
    assert f"Obliques {per['hugo', 'Obliques']:.1f}." in students  # one decimal, as its cell

    _, _, discomfort = parts(shown(lambda ax: sk.charts.plot_class_discomfort(sample_class, ax=ax)))
    hugo = sample_class.discomfort.query("student == 'hugo' and stretch_id == 'figure_four'")
    first, latest = hugo["first"].iloc[0], hugo["latest"].iloc[0]
    assert "Figure-Four: amira" in discomfort
    assert f"hugo {first:g} to {latest:g} (got harder)" in discomfort
    assert "sharp pain: farid (rated 8)" in discomfort


def test_an_empty_class_is_described_as_empty(tmp_path):
    (tmp_path / "ivy.csv").write_text("not,a,log\n1,2\n")
    empty = sk.class_summary(tmp_path)
    assert empty.students.empty
    _, title, desc = parts(shown(lambda ax: sk.charts.plot_class_adherence(empty, ax=ax)))
    assert title.startswith("Days stretched each week")
    assert desc.startswith("No student's file could be read")


def test_every_lesson_chart_records_its_words(sample_class):
    plan = sk.plan_week()
    for draw in (
        lambda ax: sk.charts.body_map(ax=ax),
        lambda ax: sk.charts.target_heatmap(ax=ax),
        lambda ax: sk.charts.plot_plan(plan, ax=ax),
        lambda ax: sk.charts.plot_plan(plan, by="day", ax=ax),
        lambda ax: sk.charts.plot_class_adherence(sample_class, ax=ax),
        lambda ax: sk.charts.plot_class_muscles(sample_class, ax=ax),
        lambda ax: sk.charts.plot_class_muscles(sample_class, by="student", ax=ax),
        lambda ax: sk.charts.plot_class_discomfort(sample_class, ax=ax),
    ):
        ax = plt.figure().gca()
        assert draw(ax) is ax  # charts keep returning their Axes
        words = sk.charts.chart_words(ax)
        assert words is not None and words.title and len(words.text) > 20


# --- hostile names --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return hostile_catalog(tmp_path_factory.mktemp("hostile") / "tables")


def test_hostile_names_reach_the_words_escaped_and_inert(hostile, tmp_path):
    log = sk.SessionLog(tmp_path / "log.sqlite", data_dir=hostile)
    log.add_session(
        [{"stretch_id": "figure_four", "side": "left", "seconds": 30, "discomfort": 4}],
        started_at="2026-03-02T07:30:00+01:00",
    )
    log.add_session(
        [{"stretch_id": "figure_four", "side": "left", "seconds": 30, "discomfort": 6,
          "sharp_pain": True}],
        started_at="2026-03-09T07:30:00+01:00",
    )  # fmt: skip
    folder = tmp_path / "class"
    folder.mkdir()
    for name in FILE_NAMES:
        log.export_csv(folder / name)
    summary = sk.class_summary(folder, data_dir=hostile, today="2026-03-30")
    assert len(summary.students) == len(FILE_NAMES)
    plan = sk.plan_week(days=3, minutes=15, data_dir=hostile)
    everything = list(sk.load_muscles(data_dir=hostile)["muscle_id"])
    charts = [
        shown(lambda ax: sk.charts.body_map(highlight=everything, ax=ax, data_dir=hostile)),
        shown(lambda ax: sk.charts.body_map(title=PAYLOADS[6], ax=ax, data_dir=hostile)),
        shown(lambda ax: sk.charts.target_heatmap(ax=ax, data_dir=hostile)),
        shown(lambda ax: sk.charts.plot_plan(plan, ax=ax, data_dir=hostile)),
        shown(lambda ax: sk.charts.plot_class_adherence(summary, ax=ax)),
        shown(lambda ax: sk.charts.plot_class_muscles(summary, by="student", ax=ax)),
        shown(lambda ax: sk.charts.plot_class_discomfort(summary, ax=ax)),
    ]
    said = []
    for chart in charts:
        markup, title, desc = parts(chart)
        problems, _ = live_markup(markup)
        assert problems == [], problems
        assert_one_labelled_svg(markup)
        said.append(title + " " + desc)
    everything_said = " ".join(said)
    # Read as written: markup as text, and a name that looks escaped is not unescaped.
    assert "<img src=x onerror=" in everything_said and "&lt;b&gt;ben:" in everything_said
    assert PAYLOADS[6] == parts(charts[1])[1]  # a title as given, however hostile
    assert "<img src=x onerror=window.__sk_pwned=1>" in parts(charts[4])[2]  # a student's name


# --- refused without words ------------------------------------------------------------------


def test_a_chart_without_words_is_refused_and_nothing_is_shown():
    out: list = []
    with (
        pytest.raises(ValueError, match="has no words"),
        sk.charts.on_screen(show=out.append) as ax,
    ):
        ax.bar([0, 1], [3, 4])  # a picture, but nothing says what it shows
    refused = pytest.raises(ValueError, match=r"axes 2 of 2\) has no words")
    with refused, sk.charts.on_screen(ncols=2, show=out.append) as (left, _right):
        sk.charts.plot_plan(sk.plan_week(), ax=left)
    assert out == [] and plt.get_fignums() == []


def test_a_chart_given_words_is_shown_and_a_failed_block_shows_nothing():
    out: list = []
    with sk.charts.on_screen(show=out.append, title="Two bars") as ax:
        ax.bar([0, 1], [3, 4])
        sk.charts.describe(ax, title="Bars", text="Monday 3, Tuesday 4.")
    _, title, desc = parts(out[0])
    assert (title, desc) == ("Two bars", "Monday 3, Tuesday 4.")
    with pytest.raises(ValueError, match="need a title and a text"):
        sk.charts.describe(ax, title="Bars", text=" ")
    with pytest.raises(KeyError), sk.charts.on_screen(show=out.append) as ax:
        sk.charts.body_map(ax=ax)
        raise KeyError("a lesson's own mistake")
    assert len(out) == 1


def test_words_go_with_their_axes():
    fig = plt.figure()
    ax = sk.charts.body_map(ax=fig.gca())
    assert sk.charts.chart_words(ax) is not None
    assert sk.charts.chart_words(plt.figure().gca()) is None
    n = len(screen._WORDS)
    plt.close("all")
    del fig, ax
    import gc

    gc.collect()
    assert len(screen._WORDS) < n


# --- the lessons ----------------------------------------------------------------------------

LESSONS = {
    "01_anatomy_explorer.ipynb": 3,
    "02_weekly_planner.ipynb": 1,
    "06_trainer_dashboard.ipynb": 4,
}


@pytest.mark.parametrize("name", sorted(LESSONS))
def test_the_lessons_show_their_charts_as_described_svg_and_no_png(name, tmp_path):
    path = ROOT / "notebooks" / name
    source = path.read_text(encoding="utf-8")
    assert "matplotlib" not in source and "plt." not in source
    params = {"export_dir": str(tmp_path / "exports")} if "export_dir" in source else {}
    nb = run_notebook(path, tmp_path / name, params)
    charts, pngs = [], 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            pngs += "image/png" in data or "image/svg+xml" in data
            assert "<Axes" not in "".join(data.get("text/plain", ""))  # words, never a repr
            markup = "".join(data.get("text/html", ""))
            if 'class="sk-screen-chart"' in markup:
                assert_one_labelled_svg(markup)
                charts.append(markup)
    assert pngs == 0
    assert len(charts) == LESSONS[name]
    assert np.all([len(re.search(r"<desc>(.*?)</desc>", c, re.S).group(1)) > 100 for c in charts])


# --- the progress charts: the same words as the progress tab's own SVG ------------------------


@pytest.mark.parametrize(
    ("plot", "words"),
    [
        ("plot_weekly_sessions", lambda log: sk.charts.progress_svg.weekly_sessions_words(log)),
        ("plot_minutes_by_muscle", lambda log: sk.charts.progress_svg.minutes_by_muscle_words(log)),
        ("plot_calendar", lambda log: sk.charts.progress_svg.calendar_words(log)),
        ("plot_discomfort", lambda log: sk.charts.progress_svg.discomfort_words(log)),
    ],
)
def test_a_progress_chart_on_screen_says_what_the_progress_tab_says(plot, words, tmp_path):
    log = sk.SessionLog(tmp_path / "log.sqlite")
    assert "No" in parts(shown(lambda ax: getattr(sk.charts, plot)(log, ax=ax)))[2]
    sample = sk.sample_log()
    _, _, desc = parts(
        shown(
            lambda ax: (
                getattr(sk.charts, plot)(sample, weeks=16, ax=ax)
                if plot != "plot_discomfort"
                else getattr(sk.charts, plot)(sample, ax=ax)
            )
        )
    )
    assert desc == words(sample)
