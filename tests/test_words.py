"""stretchkit.words: results for a reader, and files handed to them from the page."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest

import stretchkit as sk
from stretchkit import words


def test_a_saved_file_downloads_from_the_page_with_its_own_bytes(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    plan = sk.plan_week(days=2, minutes=10)
    paths = [
        sk.plan_to_csv(plan, folder / "week.csv"),
        sk.plan_to_ics(plan, folder / "w.ics", start=dt.date(2027, 1, 4)),
    ]
    shown = words.saved(paths)
    assert str(shown) == "Saved week.csv and w.ics in the folder exports."
    links = re.findall(r'download="([^"]+)" href="data:([^;]+);base64,([^"]+)"', shown.markup)
    assert [(n, m) for n, m, _ in links] == [("week.csv", "text/csv"), ("w.ics", "text/calendar")]
    for (_, _, data), path in zip(links, paths, strict=True):
        assert base64.b64decode(data) == path.read_bytes()


def test_a_hostile_file_name_is_escaped_and_a_huge_file_is_named_not_inlined(tmp_path, monkeypatch):
    odd = tmp_path / 'x"><img src=y onerror=alert(1)>.csv'
    odd.write_text("a\n")
    link = words.download_link(odd)
    assert "<img" not in link and "&lt;img" in link
    monkeypatch.setattr(words, "LINK_BYTES", 1)
    big = words.download_link(odd)
    assert "href" not in big and "too big to link here" in big


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda: sk.plan_week(minutes=4), "4 minutes is too short"),
        (lambda: sk.plan_week(conditions=["sciatica"]), "plan again saying so"),
        (lambda: sk.make_quiz(500), "500 questions is more than"),
    ],
)
def test_a_problem_is_told_without_the_code_of_its_arguments(make, said):
    with pytest.raises((ValueError, sk.SafetyError)) as caught:
        make()
    assert re.search(r"\b[a-z_]+=", str(caught.value)), "the programmer's message names it"
    told = words.problem(caught.value)
    assert said in str(told)
    assert not re.search(r"\b[a-z_]+=(True|False|\d)", str(told)), str(told)
