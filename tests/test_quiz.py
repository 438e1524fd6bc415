"""The quiz: every answer is checked against the tables by an oracle written apart from the
quiz code, for many seeds, on the built-in tables and on a trainer's own; then the widget is
taken through a whole quiz without a browser."""

from __future__ import annotations

import html
import math
import re
import sys

import ipywidgets as widgets
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stretchkit as sk
from stretchkit.errors import UnknownNameError
from stretchkit.quiz import (
    ACTION_WORDS,
    BEFORE_WORDS,
    KIND_WORDS,
    QUIZ_COLUMNS,
    SIDE_WORDS,
    TOPICS,
    make_quiz,
    quiz_text,
    quiz_topics,
    score_quiz,
)
from stretchkit.schema import ACTIONS
from stretchkit.widgets.widget_quiz import LiveRegion, Quiz, quiz
from tests.test_explore import add_hamstring_stretch
from tests.test_validation import edit

SEEDS = range(200)


# --- the oracle: what the tables say, read without the quiz code ----------------------


class Tables:
    """The facts a question may ask about, read straight from the loaders."""

    def __init__(self, data_dir=None):
        self.stretches = sk.load_stretches(data_dir=data_dir).set_index("stretch_id")
        self.muscles = sk.load_muscles(data_dir=data_dir).set_index("muscle_id")
        self.links = sk.load_stretch_muscles(data_dir=data_dir)
        self.guides = sk.load_guidelines(data_dir=data_dir).set_index("guideline_id")
        self.drawn = set(sk.load_poses(data_dir=data_dir)["stretch_id"])
        self.pairs = set(zip(self.links["stretch_id"], self.links["muscle_id"], strict=True))
        self.muscle_by_name = dict(zip(self.muscles["name"], self.muscles.index, strict=True))
        self.stretch_by_name = dict(zip(self.stretches["name"], self.stretches.index, strict=True))
        g = self.guides
        self.numbers = {
            (float(r.value_min), float(r.value_max))
            for r in g.dropna(subset=["value_min", "value_max"]).itertuples()
        } | {(float(r.hold_min_s), float(r.hold_max_s)) for r in self.stretches.itertuples()}
        weekly = g[g["unit"] == "sessions/week"]
        self.weekly_bands = set(zip(weekly["value_min"], weekly["value_max"], strict=True))
        # Fewer sessions than any band of the tables: the one weekly band not read from a row.
        self.too_few = (0.0, float(math.ceil(weekly["value_min"].min())) - 1)

    def questions_per_topic(self) -> dict[str, int]:
        g, s = self.guides, self.stretches
        every_muscle, every_stretch = set(self.muscles.index), set(s.index)
        targets = {sid: {m for x, m in self.pairs if x == sid} for sid in s.index}
        reachers = {m: {x for x, y in self.pairs if y == m} for m in self.muscles.index}
        return {
            "targets": sum(1 for t in targets.values() if t != every_muscle),
            "reaches": sum(1 for r in reachers.values() if r and r != every_stretch),
            "kind": len(s),
            "per_side": len(s),
            "hold": len(s) + 1,
            "frequency": int((g["category"] == "frequency").sum()),
            "sharp_pain": int((g["action"] == "stop").sum()),
            "consult": int((g["category"] == "contraindication").sum()),
            "picture": len(self.drawn & every_stretch) if len(s) > 1 else 0,
        }


_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(?: to (\d+(?:\.\d+)?))? (seconds|minutes)$")
_WEEKLY = re.compile(r"^(\d+(?:\.\d+)?)(?: to (\d+(?:\.\d+)?))? sessions a week$")


def parse(pattern: re.Pattern, text: str) -> tuple[float, float, str]:
    m = pattern.match(text)
    assert m, f"not a band: {text!r}"
    lo = float(m[1])
    hi = float(m[2]) if m[2] else lo
    unit = m.group(3) if pattern is _DURATION else "sessions a week"
    return lo, hi, unit


def seconds(text: str) -> tuple[float, float]:
    lo, hi, unit = parse(_DURATION, text)
    k = 60 if unit == "minutes" else 1
    return lo * k, hi * k


def inverse(words: dict) -> dict:
    return {v: k for k, v in words.items()}


def check_question(row, t: Tables) -> None:
    """One question against the tables: the right answer is right, every other is wrong."""
    choices = list(row.choices)
    assert 2 <= len(choices) <= 4
    assert len(set(choices)) == len(choices), choices
    assert choices[row.answer] == row.answer_text
    wrong = [c for i, c in enumerate(choices) if i != row.answer]
    key = row.source.split(": ", 1)[1]
    assert f"Source: {row.source.split(':')[0]}, row {key}" in row.explanation
    topic, subject = str(row.topic), row.subject

    if topic == "targets":
        name = t.stretches.at[subject, "name"]
        assert name in row.text
        right = t.muscle_by_name[row.answer_text]
        assert (subject, right) in t.pairs
        assert row.source == f"stretch_muscles.csv: {subject}, {right}"
        for c in wrong:
            assert (subject, t.muscle_by_name[c]) not in t.pairs, (subject, c)
        # Wrong muscles come from the regions the stretch targets while any are left.
        regions = {t.muscles.at[m, "region"] for s, m in t.pairs if s == subject}
        near = [
            m
            for m in t.muscles.index
            if t.muscles.at[m, "region"] in regions and (subject, m) not in t.pairs
        ]
        picked_near = [c for c in wrong if t.muscle_by_name[c] in near]
        assert len(picked_near) == min(len(near), 3)
    elif topic == "reaches":
        right = t.stretch_by_name[row.answer_text]
        assert t.muscles.at[subject, "name"] in row.text
        assert (right, subject) in t.pairs
        assert row.source == f"stretch_muscles.csv: {right}, {subject}"
        for c in wrong:
            assert (t.stretch_by_name[c], subject) not in t.pairs, (subject, c)
    elif topic == "kind":
        kinds = inverse(KIND_WORDS)
        assert kinds[row.answer_text] == t.stretches.at[subject, "kind"]
        assert all(kinds[c] != t.stretches.at[subject, "kind"] for c in wrong)
        assert row.source == f"stretches.csv: {subject}"
    elif topic == "per_side":
        sides = inverse(SIDE_WORDS)
        assert sides[row.answer_text] == bool(t.stretches.at[subject, "per_side"])
        assert all(sides[c] != sides[row.answer_text] for c in wrong)
    elif topic == "hold":
        if row.source.startswith("stretches.csv"):
            s = t.stretches.loc[subject]
            expected = (float(s.hold_min_s), float(s.hold_max_s))
            assert t.stretches.at[subject, "name"] in row.text
        else:
            assert row.source == "guidelines.csv: hold"
            g = t.guides.loc["hold"]
            k = 60 if g.unit == "min" else 1
            expected = (g.value_min * k, g.value_max * k)
        assert seconds(row.answer_text) == expected
        for c in wrong:
            lo, hi = seconds(c)
            assert hi < expected[0] or lo > expected[1], f"{c!r} overlaps {expected}"
            assert parse(_DURATION, c)[:2] in t.numbers, f"{c!r}: numbers not in the tables"
    elif topic == "frequency":
        g = t.guides.loc[subject]
        assert g.category == "frequency" and g.title in row.text
        right = parse(_WEEKLY, row.answer_text)[:2]
        assert right == (g.value_min, g.value_max)
        for c in wrong:
            lo, hi = parse(_WEEKLY, c)[:2]
            assert hi < right[0] or lo > right[1], f"{c!r} overlaps {right}"
            assert (lo, hi) in t.weekly_bands or (lo, hi) == t.too_few, c
    elif topic in ("sharp_pain", "consult"):
        g = t.guides.loc[subject]
        assert g.title in row.text
        if topic == "sharp_pain":
            assert g.action == "stop"
            assert row.text == f"{g.title}: what should you do?"
            actions = inverse(ACTION_WORDS)
        else:
            assert g.category == "contraindication"
            assert row.text.startswith("Before you start stretching")
            actions = inverse(BEFORE_WORDS)
            # Asked before stretching: stopping is never a wrong answer, nor offered at all.
            assert ACTION_WORDS["stop"] not in choices
            assert {actions[c] for c in wrong} <= {None, "ease_off"}
        assert actions[row.answer_text] == g.action
        caution = [None, *ACTIONS]
        for c in wrong:  # never a safer choice than the table's
            assert caution.index(actions[c]) < caution.index(g.action)
    elif topic == "picture":
        # The stretch the picture is drawn from is the answer; any other stretch is wrong.
        assert subject in t.drawn
        assert row.answer_text == t.stretches.at[subject, "name"]
        assert row.source == f"poses.csv: {subject}"
        number = list(t.stretches.index).index(subject) + 1
        assert row.text == f"Which stretch does this picture show? (picture {number})"
        assert row.answer_text not in row.text
        for c in wrong:
            assert t.stretch_by_name[c] != subject, c
    else:
        raise AssertionError(f"unknown topic {topic}")


def check_quiz(q: pd.DataFrame, t: Tables) -> None:
    assert list(q.columns) == list(QUIZ_COLUMNS)
    assert q["question"].tolist() == list(range(1, len(q) + 1))
    assert not q["text"].duplicated().any()
    assert not q[["topic", "subject"]].duplicated().any()
    for row in q.itertuples(index=False):
        check_question(row, t)


# --- the questions --------------------------------------------------------------------


def test_every_question_for_many_seeds_is_right_by_the_tables():
    t = Tables()
    total = sum(t.questions_per_topic().values())
    for seed in SEEDS:
        check_quiz(make_quiz(total, seed=seed), t)


def test_trainers_catalog_makes_its_own_questions(tables):
    add_hamstring_stretch(tables)
    t = Tables(tables)
    counts = t.questions_per_topic()
    total = sum(counts.values())
    assert total == sum(Tables().questions_per_topic().values()) + 5
    seen_as_wrong = False
    for seed in range(60):
        q = make_quiz(total, seed=seed, data_dir=tables)
        check_quiz(q, t)
        mine = q[q["subject"].isin(["standing_hamstring", "hamstrings"])]
        assert sorted(map(str, mine["topic"])) == sorted(
            ["targets", "reaches", "kind", "per_side", "hold"]
        )
        assert q["text"].str.contains("Standing Hamstring").sum() == 4
        other = q[(q["topic"] == "targets") & (q["subject"] != "standing_hamstring")]
        seen_as_wrong |= any("Hamstrings" in c for c in other["choices"])
    assert seen_as_wrong  # the new muscle is a wrong answer for the old stretches
    with pytest.raises(ValueError, match="n=52 is more than the 51 distinct questions"):
        make_quiz(52, data_dir=tables)


def test_an_overlapping_hold_is_never_a_wrong_answer(tables):
    edit(
        tables / "stretches.csv",
        "figure-four stretch,static,supine,main,true,20,30,",
        "figure-four stretch,static,supine,main,true,25,40,",
    )
    t = Tables(tables)
    assert t.stretches.at["figure_four", "hold_max_s"] == 40
    offered = set()
    for seed in range(40):
        q = make_quiz(46, seed=seed, data_dir=tables).set_index(["topic", "subject"])
        four = q.loc[("hold", "figure_four")]
        assert four.answer_text == "25 to 40 seconds"
        assert "20 to 30 seconds" not in four.choices
        offered.update(q.loc[("hold", "knee_to_chest")].choices)
        check_quiz(q.reset_index()[list(QUIZ_COLUMNS)], t)
    assert "25 to 40 seconds" not in offered


def test_a_stretch_that_targets_every_muscle_is_not_asked_which(tables):
    muscles = sk.load_muscles()["muscle_id"]
    with (tables / "stretch_muscles.csv").open("a") as f:
        for m in muscles:
            if m not in {"erector_spinae", "quadratus_lumborum", "obliques", "gluteus_medius"}:
                f.write(f"supine_twist,{m},\n")
    t = Tables(tables)
    counts = quiz_topics(data_dir=tables).set_index("topic")["questions"]
    assert counts["targets"] == 5
    assert counts.to_dict() == t.questions_per_topic()
    q = make_quiz(int(counts.sum()), data_dir=tables)
    assert ("targets", "supine_twist") not in set(zip(q["topic"], q["subject"], strict=True))
    check_quiz(q, t)


def test_a_trainers_guidelines_with_a_repeated_title_still_read_apart(tables):
    with (tables / "guidelines.csv").open("a") as f:
        f.write(
            "frequency_beginners,frequency,A workable routine,1,2,sessions/week,all,,"
            '"Beginners start with 1 to 2 sessions in a week."\n'
        )
    t = Tables(tables)
    q = make_quiz(4, topics=["frequency"], data_dir=tables).set_index("subject")
    assert q.at["frequency_beginners", "answer_text"] == "1 to 2 sessions a week"
    assert q.at["frequency_beginners", "text"].endswith("(frequency_beginners)")
    assert "1 to 2 sessions a week" in q.at["frequency_target", "choices"]
    check_quiz(q.reset_index()[list(QUIZ_COLUMNS)], t)


def test_an_overlapping_weekly_band_is_never_a_wrong_answer():
    offered = {}
    for seed in range(40):
        q = make_quiz(3, seed=seed, topics=["frequency"]).set_index("subject")
        for subject, choices in q["choices"].items():
            offered.setdefault(subject, set()).update(choices)
    assert offered["frequency_minimum"] == {
        "2 to 3 sessions a week",
        "7 sessions a week",
        "0 to 1 sessions a week",
    }
    assert offered["frequency_target"] == {
        "3 to 5 sessions a week",
        "7 sessions a week",
        "0 to 1 sessions a week",
    }
    assert "0 to 1 sessions a week" in offered["frequency_persistent"]


def test_consult_questions_ask_what_to_do_before_starting():
    q = make_quiz(5, topics=["consult"]).set_index("subject")
    assert q.at["severe_pain", "text"] == (
        "Before you start stretching, this applies to you: Severe pain. What should you do?"
    )
    for row in q.itertuples():
        assert sorted(row.choices) == sorted(BEFORE_WORDS.values())
        assert row.answer_text == ACTION_WORDS["consult_professional"]


def test_topic_counts_match_the_tables():
    counts = quiz_topics()
    assert counts["topic"].tolist() == list(TOPICS)
    assert str(counts["topic"].dtype) == "category" and counts["topic"].cat.ordered
    assert counts.dtypes.astype(str).tolist() == ["category", "string", "int64"]
    assert counts.set_index("topic")["questions"].to_dict() == Tables().questions_per_topic()


def test_declared_dtypes():
    q = make_quiz(10)
    assert q.dtypes.astype(str).to_dict() == {
        "question": "int64",
        "topic": "category",
        "subject": "string",
        "text": "string",
        "choices": "object",
        "answer": "int64",
        "answer_text": "string",
        "explanation": "string",
        "source": "string",
    }
    assert q["topic"].cat.categories.tolist() == list(TOPICS) and q["topic"].cat.ordered
    assert all(isinstance(c, list) for c in q["choices"])


def test_same_seed_same_quiz_other_seed_other_quiz():
    first = make_quiz(10, seed=3)
    pd.testing.assert_frame_equal(first, make_quiz(10, seed=3))
    assert not first.equals(make_quiz(10, seed=4))
    orders = {tuple(make_quiz(10, seed=s)["text"]) for s in range(20)}
    assert len(orders) == 20


def test_a_short_quiz_is_the_start_of_a_long_one_and_covers_every_topic():
    long = make_quiz(40, seed=5)
    pd.testing.assert_frame_equal(make_quiz(9, seed=5), long.head(9))
    assert set(map(str, long.head(len(TOPICS))["topic"])) == set(TOPICS)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**63),
    topics=st.sets(st.sampled_from(list(TOPICS)), min_size=1),
    data=st.data(),
)
def test_any_seed_and_topics(seed, topics, data):
    t = Tables()
    counts = t.questions_per_topic()
    n = data.draw(st.integers(1, sum(counts[x] for x in topics)))
    q = make_quiz(n, seed=seed, topics=sorted(topics))
    assert len(q) == n and set(map(str, q["topic"])) <= topics
    check_quiz(q, t)
    # A question reads the same whatever else the quiz asks.
    every = make_quiz(46, seed=seed).set_index(["topic", "subject"])
    for row in q.itertuples(index=False):
        same = every.loc[(row.topic, row.subject)]
        assert (same.choices, same.answer) == (row.choices, row.answer)


# --- errors that teach ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n": 0}, ValueError, r"n must be a whole number from 1 up, e\.g\. n=10, not 0"),
        ({"n": -3}, ValueError, "not -3"),
        ({"n": "10"}, TypeError, r"n must be a whole number .* not '10'"),
        ({"n": True}, TypeError, "not True"),
        ({"n": 2.5}, TypeError, "not 2.5"),
        (
            {"n": 47},
            ValueError,
            r"n=47 is more than the 46 distinct questions these tables give "
            r"\(targets 6, reaches 6, kind 6, per_side 6, hold 7, frequency 3, sharp_pain 1, "
            r"consult 5, picture 6\); ask for n=46 or fewer$",
        ),
        (
            {"n": 4, "topics": ["frequency"]},
            ValueError,
            r"n=4 is more than the 3 distinct .* \(frequency 3\); "
            r"ask for n=3 or fewer, or add topics$",
        ),
        ({"seed": -1}, ValueError, r"seed must be a whole number from 0 up, e\.g\. seed=0, not -1"),
        ({"seed": 1.5}, TypeError, "seed must be a whole number"),
        (
            {"topics": ["hols"]},
            UnknownNameError,
            r"unknown topic 'hols'; did you mean 'hold'\? known topics: targets, reaches, kind",
        ),
        ({"topics": ["consultation"]}, UnknownNameError, "did you mean 'consult'"),
        ({"topics": ["anatomy"]}, UnknownNameError, r"unknown topic 'anatomy'; known topics: "),
        ({"topics": []}, ValueError, "topics is empty; give at least one of: targets, "),
        ({"topics": 3}, TypeError, r"topics must be a list of topic names, e\.g\."),
        ({"topics": [None]}, UnknownNameError, "unknown topic None"),
    ],
)
def test_bad_arguments_are_explained(kwargs, error, message):
    with pytest.raises(error, match=message):
        make_quiz(**kwargs)


def test_topics_are_forgiving_about_spelling():
    q = make_quiz(7, topics=["Per side", "sharp-pain", "per_side"])
    assert set(map(str, q["topic"])) == {"per_side", "sharp_pain"}
    assert make_quiz(1, topics="kind")["topic"].tolist() == ["kind"]


# --- marking and the handout ----------------------------------------------------------


def test_score_takes_indexes_letters_texts_and_none():
    q = make_quiz(4, seed=2)
    right = q["answer"].tolist()
    letters = "".join("ABCD"[i] for i in right)
    assert score_quiz(q, right)["correct"].all()
    assert score_quiz(q, letters)["correct"].all()
    assert score_quiz(q, letters.lower())["correct"].all()
    assert score_quiz(q, q["answer_text"].tolist())["correct"].all()
    marked = score_quiz(q, {2: q.answer_text[1]})
    assert marked["correct"].tolist() == [False, True, False, False]
    assert marked["chosen"].isna().tolist() == [True, False, True, True]
    wrong = [(a + 1) % len(c) for a, c in zip(right, q["choices"], strict=True)]
    assert not score_quiz(q, wrong)["correct"].any()
    assert score_quiz(q, right).dtypes.astype(str).to_dict() == {
        "question": "int64",
        "topic": "category",
        "text": "string",
        "chosen": "string",
        "answer_text": "string",
        "correct": "bool",
        "explanation": "string",
        "source": "string",
    }


@pytest.mark.parametrize(
    ("answers", "error", "message"),
    [
        ([0], ValueError, r"1 answers for 2 questions; give one answer per question"),
        ({5: 0}, ValueError, r"answers names question\(s\) 5 that the quiz does not have"),
        ([9, 0], ValueError, r"the answer to question 1 is 9; give the index of a choice"),
        (["Maybe", 0], ValueError, r"question 1 is 'Maybe'.* its text: A\. "),
        ([True, 0], ValueError, "question 1 is True"),
        (7, TypeError, "answers must be a list"),
    ],
)
def test_bad_answers_are_explained(answers, error, message):
    q = make_quiz(2, topics=["kind"])
    with pytest.raises(error, match=message):
        score_quiz(q, answers)


def test_repeated_question_numbers_are_refused_with_the_fix():
    both = pd.concat([make_quiz(2, seed=1), make_quiz(2, seed=2)])
    assert both["question"].tolist() == [1, 2, 1, 2]
    fix = re.escape("renumber with q.assign(question=range(1, len(q) + 1))")
    for call in (lambda: score_quiz(both, "AAAA"), lambda: quiz_text(both)):
        with pytest.raises(ValueError, match=r"question number\(s\) 1, 2 more than once.*" + fix):
            call()
    renumbered = both.assign(question=range(1, len(both) + 1))
    assert score_quiz(renumbered, renumbered["answer"].tolist())["correct"].all()


def test_score_needs_a_quiz():
    with pytest.raises(ValueError, match=r"quiz is missing the column.*make_quiz"):
        score_quiz(pd.DataFrame({"question": [1]}), [0])
    with pytest.raises(TypeError, match="quiz must be a table made by make_quiz"):
        score_quiz([1, 2], [0])


def test_handout_and_answer_key():
    q = make_quiz(5, seed=9)
    handout = quiz_text(q)
    key = quiz_text(q, answers=True)
    assert "Answer" not in handout and "Source:" not in handout
    for row in q.itertuples():
        assert f"{row.question}. {row.text}" in handout
        for i, c in enumerate(row.choices):
            assert f"   {'ABCD'[i]}. {c}\n" in handout + "\n"
        assert f"   Answer: {'ABCD'[row.answer]}. {row.explanation}" in key


# --- the widget -------------------------------------------------------------------------


def shown(box, css_class: str):
    stack = [box]
    while stack:
        w = stack.pop(0)
        if css_class in getattr(w, "_dom_classes", ()):
            return w
        stack.extend(getattr(w, "children", ()))
    raise AssertionError(f"no widget with class {css_class}")


def test_widget_parts_are_labelled_and_classed():
    box = quiz(n=3)
    assert isinstance(box, widgets.VBox) and "sk-quiz" in box._dom_classes
    for name, css in [
        ("question", "sk-quiz-question"),
        ("choices", "sk-quiz-choices"),
        ("check", "sk-quiz-check"),
        ("next", "sk-quiz-next"),
        ("feedback", "sk-quiz-feedback"),
        ("score", "sk-quiz-score"),
        ("restart", "sk-quiz-restart"),
    ]:
        assert shown(box, css) is getattr(box, name)
    assert isinstance(box.choices, widgets.RadioButtons)
    assert box.choices.description == "Your answer"
    assert box.choices.options == tuple(box.questions.choices[0])
    assert box.choices.value is None
    assert (box.check.description, box.next.description) == ("Check", "Next question")
    assert "Question 1 of 3" in box.question.value
    assert html.escape(box.questions.text[0]) in box.question.value
    css = box.children[0].value
    assert "font-size:16px" in css and ".sk-quiz" in css


def test_check_without_an_answer_asks_for_one():
    box = quiz(n=2)
    box.check.click()
    assert "Pick an answer first" in box.feedback.value
    assert box.answers == {} and box.next.disabled and not box.check.disabled


def test_a_whole_quiz_then_start_again():
    box = quiz(n=6, seed=4)
    expected = make_quiz(6, seed=4)
    pd.testing.assert_frame_equal(box.questions, expected)
    missed = []
    for i, row in enumerate(expected.itertuples()):
        assert box.position == i and box.choices.options == tuple(row.choices)
        assert box.next.disabled
        if i % 2 == 0:
            box.choices.value = row.answer_text
        else:
            box.choices.value = next(c for c in row.choices if c != row.answer_text)
            missed.append(row)
        box.check.click()
        words = "Right." if i % 2 == 0 else "Not quite."
        assert words in box.feedback.value  # in words, never by colour alone
        assert html.escape(row.explanation) in box.feedback.value
        assert box.choices.disabled and box.check.disabled and not box.next.disabled
        box.check.click()  # a second press changes nothing
        right = (i + 2) // 2
        assert f"Score so far: {right} right out of {i + 1} answered" in box.score.value
        last = i == len(expected) - 1
        assert box.next.description == ("See my score" if last else "Next question")
        box.next.click()
    assert box.finished
    assert "Final score: 3 out of 6" in box.score.value
    assert box.score.value.count("<li") == 3
    for row in missed:
        assert html.escape(row.text) in box.score.value
        assert f"the answer is “{html.escape(row.answer_text)}”" in box.score.value
    assert box.result["correct"].tolist() == [True, False] * 3
    assert box.choices.layout.display == "none"
    box.restart.click()
    assert (box.seed, box.position, box.answers, box.finished) == (5, 0, {}, False)
    pd.testing.assert_frame_equal(box.questions, make_quiz(6, seed=5))
    assert box.choices.layout.display is None and not box.choices.disabled
    assert "Score so far: 0 right out of 0 answered" in box.score.value
    assert box.feedback.value == ""


def test_all_right_says_so():
    box = quiz(n=2, topics=["per_side"])
    for row in box.questions.itertuples():
        box.choices.value = row.answer_text
        box.check.click()
        box.next.click()
    assert "Final score: 2 out of 2" in box.score.value
    assert "every question right" in box.score.value


def test_a_trainers_quiz_starts_again_with_the_same_questions(tables):
    add_hamstring_stretch(tables)
    mine = make_quiz(45, seed=1, data_dir=tables)
    mine = mine[mine["subject"] == "standing_hamstring"]
    box = quiz(mine)
    assert "Standing Hamstring" in box.question.value
    box.choices.value = box.questions.answer_text[0]
    box.check.click()
    box.restart.click()
    pd.testing.assert_frame_equal(box.questions, mine.reset_index(drop=True))
    assert box.answers == {}


def test_widget_escapes_a_trainers_text(tables):
    edit(tables / "stretches.csv", "Knee-to-Chest,", "<b>Knee</b> & Chest,")
    q = make_quiz(6, topics=["kind"], data_dir=tables)
    box = quiz(q[q["subject"] == "knee_to_chest"])
    assert "&lt;b&gt;Knee&lt;/b&gt; &amp; Chest" in box.question.value
    assert "<b>Knee</b>" not in box.question.value
    box.choices.value = box.choices.options[0]
    box.check.click()
    assert "<b>Knee</b>" not in box.feedback.value
    box.next.click()
    assert "<b>Knee</b>" not in box.score.value


def test_feedback_is_one_live_region_that_stays_on_the_page():
    box = quiz(n=2)
    region = box.feedback
    assert isinstance(region, LiveRegion) and "sk-quiz-feedback" in region._dom_classes
    esm = LiveRegion._esm
    # The region is made once, when shown; a verdict only changes what is inside it.
    assert esm.count("createElement") == 1 and esm.count("appendChild") == 1
    for attribute in ('"role", "status"', '"aria-live", "polite"', '"aria-atomic", "true"'):
        assert f"setAttribute({attribute})" in esm
    assert 'region.innerHTML = model.get("value")' in esm
    assert 'model.on("change:value", update)' in esm
    box.choices.value = box.questions.answer_text[0]
    box.check.click()
    assert box.feedback is region and "Right." in region.value
    # The verdict itself carries no role: a live region inside a live region is read twice.
    assert "role=" not in region.value
    box.next.click()
    box.choices.value = box.choices.options[0]
    box.check.click()
    box.next.click()
    right = int(box.result["correct"].sum())
    assert f"Quiz finished: {right} out of 2 right" in region.value


def test_a_combined_trainers_quiz_is_renumbered_and_scored():
    first, second = make_quiz(2, seed=1), make_quiz(2, seed=2)
    both = pd.concat([first, second])
    box = quiz(both)
    assert box.questions["question"].tolist() == [1, 2, 3, 4]
    assert box.questions["text"].tolist() == both["text"].tolist()
    assert both["question"].tolist() == [1, 2, 1, 2]  # the trainer's table is left alone
    for i, row in enumerate(box.questions.itertuples()):
        box.choices.value = row.choices[0]  # always the first choice, as in the browser test
        box.check.click()
        assert box.answers[i] == row.choices[0]
        box.next.click()
    right = int((box.questions["answer"] == 0).sum())
    assert box.error is None and box.finished
    assert box.answers == {i: c[0] for i, c in enumerate(box.questions["choices"])}
    assert f"Final score: {right} out of 4" in box.score.value
    assert box.result["correct"].tolist() == (box.questions["answer"] == 0).tolist()


def test_an_error_in_a_button_is_shown_never_swallowed(monkeypatch):
    box = quiz(n=2)
    # Broken after it was built, as by hand: the next mark is refused with the fix.
    box.questions = box.questions.assign(question=1)
    box.choices.value = box.questions.answer_text[0]
    box.check.click()
    assert "Something went wrong" in box.feedback.value
    assert "renumber with q.assign(question=range(1, len(q) + 1))" in box.feedback.value
    assert box.error.startswith("ValueError: quiz has question number(s) 1 more than once")

    def broken(*args, **kwargs):
        raise RuntimeError("the <tables> are gone")

    box = quiz(n=2)
    module = sys.modules[quiz.__module__]
    monkeypatch.setattr(module, "score_quiz", broken)
    box.choices.value = box.questions.answer_text[0]
    box.check.click()
    assert "RuntimeError: the &lt;tables&gt; are gone" in box.feedback.value
    assert "<tables>" not in box.feedback.value
    box.restart.click()
    assert "the &lt;tables&gt; are gone" in box.feedback.value


def test_the_quiz_state_is_declared_and_its_actions_can_be_called():
    box = quiz(n=2, seed=0)
    assert isinstance(box, Quiz) and isinstance(box, sk.widgets.KitWidget)
    changed = []
    box.observe(lambda c: changed.append(c["name"]), names=["position", "answers", "finished"])
    box.choices.value = box.questions.answer_text[0]
    box.check_answer()
    assert box.answers == {0: box.questions.answer_text[0]} and changed == ["answers"]
    box.next_question()
    assert box.position == 1 and changed == ["answers", "position"]
    box.check_answer()  # no answer picked: asked for one, nothing marked
    assert "Pick an answer first" in box.feedback.value and box.answers.keys() == {0}


def test_widget_explains_bad_input():
    with pytest.raises(ValueError, match="questions has no rows"):
        quiz(make_quiz(2).iloc[:0])
    with pytest.raises(UnknownNameError, match="did you mean 'hold'"):
        quiz(topics=["holds"])
