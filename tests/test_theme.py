"""Issue 17: the kit's colours follow JupyterLab's theme, and its text reads in both themes.

The contrast of every text/background pair the kit uses is computed from the values JupyterLab
4's own light and dark theme CSS gives the variables (read from the installed package), and
the markup of the widgets, cards, boxes and charts is checked for colours that are neither a
theme variable nor a declared data colour.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest

import stretchkit as sk
from stretchkit import anatomy, theme
from stretchkit.charts import style

THEMES = Path(sys.prefix) / "share" / "jupyter" / "lab" / "themes" / "@jupyterlab"
_VAR = re.compile(r"--jp-([\w-]+)\s*:\s*([^;}]+)")


def _rgb(value: str) -> tuple[float, float, float, float]:
    """A CSS colour (hex, white, rgba(), or var(--md-x, fallback)) as r, g, b in 0-1 and alpha."""
    value = value.strip()
    fallback = re.fullmatch(r"var\(--[\w-]+\s*,\s*(.+)\)", value)
    if fallback:
        return _rgb(fallback.group(1))
    if value == "white":
        return (1.0, 1.0, 1.0, 1.0)
    if value.startswith("#"):
        h = value[1:]
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255, 1.0)
    rgba = re.fullmatch(r"rgba?\(([^)]*)\)", value)
    assert rgba, f"cannot read the colour {value!r}"
    parts = [float(p) for p in rgba.group(1).split(",")]
    alpha = parts[3] if len(parts) == 4 else 1.0
    return (parts[0] / 255, parts[1] / 255, parts[2] / 255, alpha)


def _over(top, below):
    """``top`` composited over the opaque ``below``."""
    a = top[3]
    return (*(a * t + (1 - a) * b for t, b in zip(top[:3], below[:3], strict=True)), 1.0)


def _mix(a, b, share_a: float):
    return (*(share_a * x + (1 - share_a) * y for x, y in zip(a[:3], b[:3], strict=True)), 1.0)


def _luminance(c) -> float:
    def lin(v):
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(v) for v in c[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(text, background) -> float:
    background = _over(background, (1.0, 1.0, 1.0, 1.0))
    lighter, darker = sorted((_luminance(_over(text, background)), _luminance(background)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def jupyterlab_theme(name: str) -> dict:
    css = THEMES / f"theme-{name}-extension" / "index.css"
    if not css.exists():
        pytest.skip(f"JupyterLab's {name} theme is not installed at {css}")
    values = {k: v.strip() for k, v in _VAR.findall(css.read_text(encoding="utf-8"))}
    colours = {}
    for key in theme.LIGHT_FALLBACK:
        colours[key] = _rgb(values[key])
    # The page under a warning: the warn colour mixed into the page (color-mix in srgb).
    colours["warn-fill"] = _mix(
        colours["warn-color0"], _over(colours["layout-color1"], (1, 1, 1, 1)), theme.WARN_TINT
    )
    return colours


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_text_background_pair_reads_in_both_themes(name):
    colours = jupyterlab_theme(name)
    low = {}
    for text, background in theme.PAIRS:
        ratio = contrast(colours[text], colours[background])
        if ratio < 4.5:
            low[(text, background)] = round(ratio, 2)
    assert low == {}


def test_the_fallbacks_are_the_light_theme():
    light = jupyterlab_theme("light")
    for key, fallback in theme.LIGHT_FALLBACK.items():
        seen = _over(light[key], light["layout-color0"])
        assert max(abs(a - b) for a, b in zip(seen, _rgb(fallback), strict=True)) < 1.5 / 255, key


def test_fixed_pairs_read_too():
    """The timer's buttons: white text on a state colour, the same in both themes."""
    css = (Path(sk.__file__).parent / "widgets" / "timer.css").read_text(encoding="utf-8")
    found = dict(re.findall(r"--sk-([\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    for button in ("hold", "pain-button"):
        assert contrast(_rgb(found["on-state"]), _rgb(found[button])) >= 4.5


# -- no colour outside the theme, but data -------------------------------------------

_DATA_COLOURS = {
    c.lower()
    for c in (
        *anatomy.LIT_COLOURS,
        anatomy.UNLIT,
        anatomy.HATCH,
        style.WARM_UP_COLOUR,
        style.STRETCH_COLOUR,
        style.CHANGE_COLOUR,
        style.FOCUS_COLOUR,
    )
}
_PAINT = re.compile(r"""(?:fill|stroke|color|background)\s*[:=]\s*["']?([^;"'}>]+)""", re.I)


def _stray_colours(markup: str) -> set[str]:
    """Colours in ``markup`` that are neither a theme variable nor a data colour."""
    stray = set()
    for value in _PAINT.findall(markup):
        value = value.strip().lower()
        if value.startswith(("var(--jp-", "color-mix(", "url(#", "none", "inherit")):
            continue
        if value in _DATA_COLOURS or value.startswith("var(--sk-"):
            continue
        stray.add(value)
    return stray


def test_widgets_cards_boxes_and_charts_use_only_theme_and_data_colours(tmp_path):
    import tests.test_hostile_markup as hostile_tests  # a module: its tests not collected here
    from stretchkit.results import result_html
    from stretchkit.widgets.widget_attention import advice_html

    planner = sk.widgets.planner(log=False)
    progress = sk.widgets.progress(sample=True, export_dir=tmp_path)
    pieces = {
        "planner": "".join(hostile_tests.markup_of(planner)),
        "progress": "".join(hostile_tests.markup_of(progress)),
        "card": sk.stretch_card("figure_four")._repr_html_(),
        "safety": sk.safety_note()._repr_html_(),
        "plan": sk.plan_week(days=3, minutes=15)._repr_html_(),
        "result": result_html("plan", "A week", ["Mon"], ["A note"], "Stop.", pd.DataFrame()),
        "body map": anatomy.body_map_svg(highlight=["piriformis"]),
        "attention": advice_html(progress.session_log, progress.catalog),
        "timer": (Path(sk.__file__).parent / "widgets" / "timer.css").read_text(),
    }
    stray = {name: _stray_colours(markup) for name, markup in pieces.items()}
    assert {k: v for k, v in stray.items() if v} == {}


def test_every_widget_chart_has_its_words(tmp_path):
    """Each chart is SVG with role="img", a title and a description in words (axe's svg-img-alt);
    the progress chart's description is the text shown under it."""
    planner = sk.widgets.planner(log=False)
    chart = planner._chart.value
    assert chart.count('role="img"') == chart.count("<title>") == chart.count("<desc>") == 2
    for row in sk.plan_summary(planner.plan, by="muscle", catalog=planner.catalog).itertuples():
        assert f"{row.name}: {round(row.minutes, 1):g}" in chart
    progress = sk.widgets.progress(sample=True, export_dir=tmp_path)
    for key, svg in progress.charts.items():
        words = re.search(r"<desc>(.*?)</desc>", svg.value).group(1)
        assert svg.value.startswith('<svg role="img"') and "<title>" in svg.value
        assert f"<p>{words}</p>" == progress._chart_texts[key].value
        assert "#fff" not in svg.value.lower() and "white" not in svg.value  # no white page
