"""A multiple-choice quiz made from the tables, and the marking of its answers.

Every question, right answer and wrong answer is read from the tables, never typed here:
which muscles a stretch targets and which stretches reach a muscle from
``stretch_muscles.csv``; kinds, sides and holds from ``stretches.csv``; how often to stretch,
what to do on sharp pain and when to see a professional first from ``guidelines.csv`` (through
:func:`stretchkit.safety_rules`); which stretch a picture shows from ``poses.csv``. A
trainer's own catalog therefore makes its own questions.

A wrong answer is always wrong by the tables and never a safer choice than the right one:

- another stretch than the one a picture shows, preferring those done in the same position;
  a stretch drawn exactly alike is never offered;
- a muscle the stretch does not target, or a stretch that does not reach the muscle,
  preferring those of the same body region (they are the ones people mix up);
- the other kind of stretch, or the other answer about sides;
- a duration that does not overlap the right one: another duration of the tables (a hold,
  the warm-up), or the same numbers in the other unit (seconds for minutes);
- a weekly band that does not overlap the right one: another frequency guideline's band,
  or, when too few are left, fewer sessions than the lowest band of the tables
  (``0 to 1 sessions a week`` when the lowest starts at 2);
- for sharp pain, only actions less cautious than the table's (carry on, ease off); for the
  conditions to check with a professional before starting, only ways of stretching anyway
  (as usual, or gently), never stopping: a learner is never marked wrong for choosing the
  safer thing.

The words shown for a kind, a side or an action are this module's labels for the values of
the schema (:data:`KIND_WORDS`, :data:`SIDE_WORDS`, :data:`ACTION_WORDS`, and
:data:`BEFORE_WORDS` for what to do before starting); which of them is right always comes
from the table.
"""

from __future__ import annotations

import difflib
import os
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from .catalog import Catalog, lookup_key, use_catalog
from .errors import UnknownNameError
from .figures import figure_description
from .safety import safety_rules
from .schema import ACTIONS

__all__ = [
    "ACTION_WORDS",
    "BEFORE_WORDS",
    "KIND_WORDS",
    "MAX_CHOICES",
    "QUIZ_COLUMNS",
    "SCORE_COLUMNS",
    "SIDE_WORDS",
    "TOPICS",
    "check_quiz",
    "make_quiz",
    "quiz_text",
    "quiz_topics",
    "score_quiz",
]

DataDir = str | os.PathLike | None

#: The kinds of question, in the order a lesson meets them, and what each asks about.
TOPICS = {
    "targets": "which muscles a stretch targets",
    "reaches": "which stretch reaches a given muscle",
    "kind": "whether a stretch is static (held) or dynamic (moving)",
    "per_side": "whether a stretch is done on each side in turn",
    "hold": "how long to hold a stretch",
    "frequency": "how often to stretch",
    "sharp_pain": "what to do on sharp or radiating pain",
    "consult": "when to see a healthcare professional first",
    "picture": "which stretch a picture shows",
}
TOPIC_DTYPE = pd.CategoricalDtype(list(TOPICS), ordered=True)
#: Topics added since the first eight: they take their turn after those, so a seed gives the
#: questions it gave before they came (a trainer's printed answer key stays right) and asks
#: theirs after.
_LATER = ("picture",)
#: A question offers the right answer and up to three wrong ones.
MAX_CHOICES = 4

QUIZ_COLUMNS = (
    "question",
    "topic",
    "subject",
    "text",
    "choices",
    "answer",
    "answer_text",
    "explanation",
    "source",
)
_DTYPES: dict[str, str | pd.CategoricalDtype] = {
    "question": "int64",
    "topic": TOPIC_DTYPE,
    "subject": "string",
    "text": "string",
    "choices": "object",
    "answer": "int64",
    "answer_text": "string",
    "explanation": "string",
    "source": "string",
}
SCORE_COLUMNS = (
    "question",
    "topic",
    "text",
    "chosen",
    "answer_text",
    "correct",
    "explanation",
    "source",
)
_SCORE_DTYPES: dict[str, str | pd.CategoricalDtype] = {
    "question": "int64",
    "topic": TOPIC_DTYPE,
    "text": "string",
    "chosen": "string",
    "answer_text": "string",
    "correct": "bool",
    "explanation": "string",
    "source": "string",
}

#: How a choice names each kind of stretch (``kind`` in stretches.csv).
KIND_WORDS = {
    "static": "Static: you hold one position",
    "dynamic": "Dynamic: you keep moving, one movement per breath",
}
#: How a choice names each value of ``per_side`` in stretches.csv.
SIDE_WORDS = {
    True: "Yes: one side, then the other",
    False: "No: both sides at once",
}
#: How a choice names each ``action`` of guidelines.csv, least cautious first (``None``: the
#: row asks for no action, as for the mild discomfort of a stretch).
ACTION_WORDS = {
    None: "Carry on: that is just the stretch working",
    "ease_off": "Ease off to a mild pull, then carry on",
    "stop": "Stop the stretch at once",
    "consult_professional": (
        "Check with a doctor, physiotherapist or other healthcare professional before stretching"
    ),
}
#: How a choice names an ``action`` when the question is what to do *before* starting to
#: stretch (the conditions of the ``consult_professional`` section): stopping a stretch not
#: yet begun is no answer, so a wrong choice is always a way of stretching anyway.
BEFORE_WORDS = {
    None: "Stretch as usual",
    "ease_off": "Stretch gently, only to a mild pull",
    "consult_professional": ACTION_WORDS["consult_professional"],
}
_CAUTION = (None, *ACTIONS)  # the schema lists actions from least to most cautious
_UNIT_WORDS = {"s": "seconds", "min": "minutes", "sessions/week": "sessions a week"}
_TO_SECONDS = {"s": 1, "min": 60}


@dataclass(frozen=True)
class _Stem:
    """One question before the seed picks its answer and wrong choices.

    ``right`` lists every answer the tables make right, each with its explanation and source;
    ``wrong`` lists the choices the tables make wrong, in tiers, most plausible first.
    """

    topic: str
    subject: str
    text: str
    right: tuple[tuple[str, str, str], ...]
    wrong: tuple[tuple[str, ...], ...]

    @property
    def askable(self) -> bool:
        return bool(self.right) and any(self.wrong)


# --- reading the tables into questions ------------------------------------------------


def _and(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _number(cell: object) -> float:
    """A cell of a catalog row that holds a number, as read: an int or a float."""
    # The stubs type a row's cells as any scalar. The catalog's number columns hold ints and
    # floats, and every caller reads a cell the catalog requires or has filtered for.
    assert isinstance(cell, int | float)
    return cell


def _band(lo: float, hi: float, unit: str) -> str:
    """``'20 to 30 seconds'``, ``'7 sessions a week'``."""
    words = _UNIT_WORDS.get(unit, unit)
    return f"{lo:g} {words}" if lo == hi else f"{lo:g} to {hi:g} {words}"


def _tiers(*groups: Iterable[str], exclude: Iterable[str] = ()) -> tuple[tuple[str, ...], ...]:
    """Tiers of distinct choices; a choice stays in the first tier it appears in."""
    seen = set(exclude)
    out = []
    for group in groups:
        tier = []
        for choice in group:
            if choice not in seen:
                seen.add(choice)
                tier.append(choice)
        out.append(tuple(tier))
    return tuple(out)


def _targets(cat: Catalog) -> list[_Stem]:
    muscles = cat.muscles.set_index("muscle_id")
    links = cat.stretch_muscles
    stems = []
    for s in cat.stretches.itertuples(index=False):
        mine = links[links["stretch_id"] == s.stretch_id]
        named = [
            str(muscles.at[m, "name"]) + (f" ({note})" if pd.notna(note) else "")
            for m, note in zip(mine["muscle_id"], mine["note"], strict=True)
        ]
        summary = f"{s.name} stretches {_and(named)}."
        right = tuple(
            (
                str(muscles.at[m, "name"]),
                f"{summary} Source: stretch_muscles.csv, row {s.stretch_id}, {m}.",
                f"stretch_muscles.csv: {s.stretch_id}, {m}",
            )
            for m in mine["muscle_id"]
        )
        regions = set(muscles.loc[list(mine["muscle_id"]), "region"])
        others = muscles[~muscles.index.isin(mine["muscle_id"])]
        near = others["region"].isin(regions)
        stems.append(
            _Stem(
                "targets",
                str(s.stretch_id),
                f"Which of these muscles does {s.name} stretch?",
                right,
                _tiers(others.loc[near, "name"], others.loc[~near, "name"]),
            )
        )
    return stems


def _reaches(cat: Catalog) -> list[_Stem]:
    muscles = cat.muscles.set_index("muscle_id")
    stretches = cat.stretches.set_index("stretch_id")
    links = cat.stretch_muscles
    region_of = links["muscle_id"].map(muscles["region"])
    stems = []
    for m in cat.muscles.itertuples(index=False):
        reach = list(dict.fromkeys(links.loc[links["muscle_id"] == m.muscle_id, "stretch_id"]))
        names = [str(stretches.at[s, "name"]) for s in reach]
        summary = f"{m.name} is reached by {_and(names)}." if names else ""
        right = tuple(
            (
                str(stretches.at[s, "name"]),
                f"{summary} Source: stretch_muscles.csv, row {s}, {m.muscle_id}.",
                f"stretch_muscles.csv: {s}, {m.muscle_id}",
            )
            for s in reach
        )
        # A stretch that reaches a neighbour of this muscle is the one people mix up.
        nearby = set(links.loc[region_of == m.region, "stretch_id"])
        others = stretches[~stretches.index.isin(reach)]
        near = others.index.isin(list(nearby))
        stems.append(
            _Stem(
                "reaches",
                str(m.muscle_id),
                f"Which of these stretches reaches the {m.name}?",
                right,
                _tiers(others.loc[near, "name"], others.loc[~near, "name"]),
            )
        )
    return stems


def _kind(cat: Catalog) -> list[_Stem]:
    g = cat.guidelines
    kinds = [str(k) for k in cat.stretches["kind"].cat.categories]
    stems = []
    for s in cat.stretches.itertuples(index=False):
        timing = g.loc[(g["category"] == "timing") & (g["applies_to"] == s.kind), "text"]
        extra = "".join(f" {t}" for t in timing)
        kind = str(s.kind)
        stems.append(
            _Stem(
                "kind",
                str(s.stretch_id),
                f"Is {s.name} a static (held) or a dynamic (moving) stretch?",
                (
                    (
                        KIND_WORDS.get(kind, kind),
                        f"{s.name} is a {s.kind} stretch.{extra} "
                        f"Source: stretches.csv, row {s.stretch_id} (kind).",
                        f"stretches.csv: {s.stretch_id}",
                    ),
                ),
                _tiers([KIND_WORDS.get(k, k) for k in kinds if k != s.kind]),
            )
        )
    return stems


def _per_side(cat: Catalog) -> list[_Stem]:
    stems = []
    for s in cat.stretches.itertuples(index=False):
        how = (
            "is done on each side in turn, each side for the full hold"
            if s.per_side
            else "works both sides at once"
        )
        stems.append(
            _Stem(
                "per_side",
                str(s.stretch_id),
                f"Do you do {s.name} on each side in turn?",
                (
                    (
                        SIDE_WORDS[bool(s.per_side)],
                        f"{s.name} {how}. Source: stretches.csv, row {s.stretch_id} (per_side).",
                        f"stretches.csv: {s.stretch_id}",
                    ),
                ),
                _tiers([SIDE_WORDS[not s.per_side]]),
            )
        )
    return stems


def _durations(cat: Catalog) -> tuple[list, list]:
    """Every duration of the tables as (seconds from, seconds to, text), and the same numbers
    in the other unit, the mix-up learners make."""
    found: list[tuple[float, float, str]] = [
        (int(_number(s.hold_min_s)), int(_number(s.hold_max_s)), "s")
        for s in cat.stretches.itertuples()
    ]
    g = cat.guidelines.dropna(subset=["value_min", "value_max", "unit"])
    found += [
        (float(_number(r.value_min)), float(_number(r.value_max)), str(r.unit))
        for r in g.itertuples()
        if r.unit in _TO_SECONDS
    ]
    swap = {"s": "min", "min": "s"}

    def as_seconds(items):
        return [(lo * _TO_SECONDS[u], hi * _TO_SECONDS[u], _band(lo, hi, u)) for lo, hi, u in items]

    return as_seconds(found), as_seconds([(lo, hi, swap[u]) for lo, hi, u in found])


def _not_overlapping(candidates, lo_s: float, hi_s: float) -> list[str]:
    return [text for lo, hi, text in candidates if hi < lo_s or lo > hi_s]


def _hold(cat: Catalog) -> list[_Stem]:
    real, swapped = _durations(cat)
    stems = []
    for s in cat.stretches.itertuples(index=False):
        lo, hi = _number(s.hold_min_s), _number(s.hold_max_s)
        band = _band(lo, hi, "s")
        if s.kind == "dynamic":
            text = f"How long do you keep {s.name} going?"
            say = f"Keep {s.name} going for {band}, one movement per breath"
        else:
            side = " on each side" if s.per_side else ""
            text = f"How long do you hold {s.name}{side}?"
            say = f"Hold {s.name}{side} for {band}"
        stems.append(
            _Stem(
                "hold",
                str(s.stretch_id),
                text,
                (
                    (
                        band,
                        f"{say}. Source: stretches.csv, row {s.stretch_id} "
                        f"(hold_min_s {lo}, hold_max_s {hi}).",
                        f"stretches.csv: {s.stretch_id}",
                    ),
                ),
                _tiers(
                    _not_overlapping(real, lo, hi),
                    _not_overlapping(swapped, lo, hi),
                    exclude=[band],
                ),
            )
        )
    g = cat.guidelines
    rows = g[(g["guideline_id"] == "hold") & g["unit"].isin(list(_TO_SECONDS))]
    for r in rows.itertuples(index=False):
        what = {"static": "held (static) stretch", "dynamic": "moving (dynamic) stretch"}
        unit, value_min, value_max = str(r.unit), _number(r.value_min), _number(r.value_max)
        lo, hi = value_min * _TO_SECONDS[unit], value_max * _TO_SECONDS[unit]
        band = _band(value_min, value_max, unit)
        stems.append(
            _Stem(
                "hold",
                str(r.guideline_id),
                f"How long should you stay in each {what.get(str(r.applies_to), 'stretch')}?",
                (
                    (
                        band,
                        f"{r.text} Source: guidelines.csv, row {r.guideline_id}.",
                        f"guidelines.csv: {r.guideline_id}",
                    ),
                ),
                _tiers(
                    _not_overlapping(real, lo, hi),
                    _not_overlapping(swapped, lo, hi),
                    exclude=[band],
                ),
            )
        )
    return stems


def _frequency(cat: Catalog) -> list[_Stem]:
    g = cat.guidelines
    bands = g[(g["unit"] == "sessions/week") & g["value_min"].notna() & g["value_max"].notna()]
    found: list[tuple[float, float, str]] = []
    for o in bands.itertuples():
        lo, hi = _number(o.value_min), _number(o.value_max)
        found.append((float(lo), float(hi), _band(lo, hi, str(o.unit))))
    # Fewer sessions than the lowest band of the tables: clearly too few for every guideline.
    below = []
    if found:
        top = np.ceil(min(lo for lo, _, _ in found)) - 1
        if top >= 0:
            below = [(0.0, top, _band(0, top, "sessions/week"))]
    stems = []
    for r in bands[bands["category"] == "frequency"].itertuples(index=False):
        value_min, value_max = _number(r.value_min), _number(r.value_max)
        band = _band(value_min, value_max, str(r.unit))
        lo, hi = float(value_min), float(value_max)
        stems.append(
            _Stem(
                "frequency",
                str(r.guideline_id),
                f"{r.title}: how often do the guidelines say to stretch?",
                (
                    (
                        band,
                        f"{r.text} Source: guidelines.csv, row {r.guideline_id} "
                        f"({r.title}: {band}).",
                        f"guidelines.csv: {r.guideline_id}",
                    ),
                ),
                _tiers(
                    _not_overlapping(found, lo, hi), _not_overlapping(below, lo, hi), exclude=[band]
                ),
            )
        )
    return stems


def _what_to_do(cat: Catalog, rules: pd.DataFrame, section: str, topic: str) -> list[_Stem]:
    actions = cat.guidelines.set_index("guideline_id")["action"]
    before = section == "consult_professional"  # asked before any stretch has started
    words = BEFORE_WORDS if before else ACTION_WORDS
    stems = []
    for r in rules[rules["section"] == section].itertuples(index=False):
        action = actions.get(r.guideline_id)
        action = None if pd.isna(action) else str(action)
        # Only less cautious actions are wrong: a safer choice is never marked wrong. Before
        # starting, "stop" is no wrong answer either: only ways of stretching anyway are.
        milder = _CAUTION[: _CAUTION.index(action)] if action in _CAUTION else ()
        milder = tuple(a for a in milder if a in words)
        text = (
            f"Before you start stretching, this applies to you: {r.title}. What should you do?"
            if before
            else f"{r.title}: what should you do?"
        )
        stems.append(
            _Stem(
                topic,
                str(r.guideline_id),
                text,
                (
                    (
                        words.get(action, str(action).replace("_", " ")),
                        f"{r.text} Source: guidelines.csv, row {r.guideline_id} (action {action}).",
                        f"guidelines.csv: {r.guideline_id}",
                    ),
                ),
                _tiers([words[a] for a in reversed(milder)]),
            )
        )
    return stems


#: The question a picture asks; its number tells the pictures of a quiz apart without naming
#: the stretch (it is the stretch's row in stretches.csv).
PICTURE_QUESTION = "Which stretch does this picture show? (picture {})"


def _picture(cat: Catalog) -> list[_Stem]:
    poses = cat.poses
    key = ["frame", "side", "view", "point", "x", "y"]
    drawings = {
        str(sid): frozenset(map(tuple, rows[key].astype(str).itertuples(index=False)))
        for sid, rows in poses.groupby("stretch_id", sort=False, observed=True)
    }
    stretches = cat.stretches
    stems = []
    for k, s in enumerate(stretches.itertuples(index=False), start=1):
        sid = str(s.stretch_id)
        if sid not in drawings:
            continue
        # A stretch drawn exactly alike could be what the picture shows: never a wrong answer.
        alike = {o for o, d in drawings.items() if d == drawings[sid]}
        others = stretches[~stretches["stretch_id"].isin(list(alike))]
        near = (others["position"] == s.position).to_numpy()
        description = figure_description(sid, catalog=cat)
        stems.append(
            _Stem(
                "picture",
                sid,
                PICTURE_QUESTION.format(k),
                (
                    (
                        str(s.name),
                        f"The picture shows {description} Source: poses.csv, row {sid}.",
                        f"poses.csv: {sid}",
                    ),
                ),
                _tiers(others.loc[near, "name"], others.loc[~near, "name"]),
            )
        )
    return stems


def _pool(cat: Catalog, rules: pd.DataFrame) -> dict[str, list[_Stem]]:
    """Every question the tables can give, by topic; each subject is asked about once."""
    made = {
        "targets": _targets(cat),
        "reaches": _reaches(cat),
        "kind": _kind(cat),
        "per_side": _per_side(cat),
        "hold": _hold(cat),
        "frequency": _frequency(cat),
        "sharp_pain": _what_to_do(cat, rules, "stop", "sharp_pain"),
        "consult": _what_to_do(cat, rules, "consult_professional", "consult"),
        "picture": _picture(cat),
    }
    pool = {topic: [s for s in stems if s.askable] for topic, stems in made.items()}
    # Titles of guidelines need not be unique; two questions must never read the same.
    texts = pd.Series([s.text for stems in pool.values() for s in stems])
    if texts.duplicated().any():
        clash = set(texts[texts.duplicated(keep=False)])
        pool = {
            t: [
                _Stem(s.topic, s.subject, f"{s.text} ({s.subject})", s.right, s.wrong)
                if s.text in clash
                else s
                for s in stems
            ]
            for t, stems in pool.items()
        }
    return pool


def _ask(stem: _Stem, seed: int) -> dict:
    """The question as asked under ``seed``: its right answer, wrong answers and order.

    Each question has its own random stream, so it reads the same whatever else is asked.
    """
    rng = np.random.default_rng([seed, zlib.crc32(f"{stem.topic}/{stem.subject}".encode())])
    right, explanation, source = stem.right[int(rng.integers(len(stem.right)))]
    wrong: list[str] = []
    for tier in stem.wrong:
        wrong += [tier[i] for i in rng.permutation(len(tier))]
    choices = [right, *wrong[: MAX_CHOICES - 1]]
    choices = [choices[i] for i in rng.permutation(len(choices))]
    return {
        "topic": stem.topic,
        "subject": stem.subject,
        "text": stem.text,
        "choices": choices,
        "answer": choices.index(right),
        "answer_text": right,
        "explanation": explanation,
        "source": source,
    }


# --- checking the arguments -----------------------------------------------------------


def _whole(value, name: str, lo: int, example: str) -> int:
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise TypeError(
            f"{name} must be a whole number from {lo} up, e.g. {example}, not {value!r}"
        )
    if value < lo:
        raise ValueError(f"{name} must be a whole number from {lo} up, e.g. {example}, not {value}")
    return int(value)


def _topics(topics) -> list[str]:
    if topics is None:
        return list(TOPICS)
    if isinstance(topics, str):
        topics = [topics]
    if not isinstance(topics, Iterable):
        raise TypeError(
            f"topics must be a list of topic names, e.g. topics=['hold', 'kind'], or None for "
            f"all; not {topics!r}"
        )
    keys = {lookup_key(t): t for t in TOPICS}
    wanted = set()
    for topic in topics:
        key = lookup_key(topic) if isinstance(topic, str) else ""
        if key in keys:
            wanted.add(keys[key])
            continue
        close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.6)
        hint = f"did you mean '{keys[close[0]]}'? " if close else ""
        raise UnknownNameError(f"unknown topic {topic!r}; {hint}known topics: {', '.join(TOPICS)}")
    if not wanted:
        raise ValueError(f"topics is empty; give at least one of: {', '.join(TOPICS)}")
    return [t for t in TOPICS if t in wanted]


# --- public functions -----------------------------------------------------------------


def quiz_topics(*, data_dir: DataDir = None, catalog: Catalog | None = None) -> pd.DataFrame:
    """The topics a quiz can ask about, and how many distinct questions the tables give each.

    Parameters
    ----------
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    DataFrame
        One row per topic: ``topic`` (ordered categorical), ``about`` and ``questions``.

    Examples
    --------
    >>> t = quiz_topics()
    >>> t["topic"].tolist()[:3]
    ['targets', 'reaches', 'kind']
    >>> t.set_index("topic").loc[["consult", "frequency"], "questions"].tolist()
    [5, 3]
    """
    cat = use_catalog(catalog, data_dir=data_dir)
    pool = _pool(cat, safety_rules(catalog=cat))
    return pd.DataFrame(
        {
            "topic": pd.Categorical(list(TOPICS), dtype=TOPIC_DTYPE),
            "about": pd.array(list(TOPICS.values()), dtype="string"),
            "questions": pd.array([len(pool[t]) for t in TOPICS], dtype="int64"),
        }
    )


def make_quiz(
    n: int = 10,
    *,
    seed: int = 0,
    topics: Iterable[str] | str | None = None,
    data_dir: DataDir = None,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """A multiple-choice quiz of ``n`` distinct questions, made from the tables.

    Parameters
    ----------
    n
        How many questions; at most as many as the tables give for the topics
        (see :func:`quiz_topics`).
    seed
        Picks the questions, their right answer where several are right (a stretch that
        targets three muscles), the wrong answers and the order of the choices. The same seed
        and tables give the same quiz; the first questions of a longer quiz are the
        questions of a shorter one.
    topics
        Topic names (see :data:`TOPICS`), or ``None`` for all. Questions take turns across
        the topics.
    data_dir
        A folder of custom tables; defaults to ``STRETCHKIT_DATA`` or the built-in tables.
    catalog
        Tables already loaded with :func:`~stretchkit.load_catalog`; used instead of reading
        ``data_dir`` again.

    Returns
    -------
    DataFrame
        One row per question: ``question`` (1, 2, ...), ``topic`` (ordered categorical),
        ``subject`` (the id asked about), ``text``, ``choices`` (a list of two to four
        texts), ``answer`` (the index of the right choice), ``answer_text``,
        ``explanation`` (ending with the table row it comes from) and ``source``
        (that row, e.g. ``'stretches.csv: cat_cow'``).

    Examples
    --------
    >>> q = make_quiz(3, topics=["kind"])
    >>> q[["question", "topic", "subject"]].values.tolist()
    [[1, 'kind', 'cat_cow'], [2, 'kind', 'seated_glute'], [3, 'kind', 'childs_pose']]
    >>> first = q.iloc[0]
    >>> first.text
    'Is Cat-Cow a static (held) or a dynamic (moving) stretch?'
    >>> first.choices[first.answer]
    'Dynamic: you keep moving, one movement per breath'
    >>> print(first.explanation)
    Cat-Cow is a dynamic stretch. Moving (dynamic) stretches such as Cat-Cow can be part of the warm-up. Source: stretches.csv, row cat_cow (kind).
    >>> make_quiz(47)
    Traceback (most recent call last):
    ...
    ValueError: n=47 is more than the 46 distinct questions these tables give (targets 6, reaches 6, kind 6, per_side 6, hold 7, frequency 3, sharp_pain 1, consult 5, picture 6); ask for n=46 or fewer
    """  # noqa: E501
    n = _whole(n, "n", 1, "n=10")
    seed = _whole(seed, "seed", 0, "seed=0")
    chosen = _topics(topics)
    cat = use_catalog(catalog, data_dir=data_dir)
    pool = _pool(cat, safety_rules(catalog=cat))
    available = sum(len(pool[t]) for t in chosen)
    if n > available:
        counts = ", ".join(f"{t} {len(pool[t])}" for t in chosen)
        more = "" if len(chosen) == len(TOPICS) else ", or add topics"
        raise ValueError(
            f"n={n} is more than the {available} distinct questions these tables give "
            f"({counts}); ask for n={available} or fewer{more}"
        )
    rng = np.random.default_rng(seed)
    first = [t for t in chosen if t not in _LATER]
    order = [first[i] for i in rng.permutation(len(first))]
    order += [t for t in chosen if t in _LATER]
    queues = {t: [pool[t][i] for i in rng.permutation(len(pool[t]))] for t in order}
    picked: list[_Stem] = []
    while len(picked) < n:  # topics take turns, so a short quiz still covers the ground
        for t in order:
            if queues[t] and len(picked) < n:
                picked.append(queues[t].pop(0))
    rows = [{"question": i, **_ask(stem, seed)} for i, stem in enumerate(picked, start=1)]
    return pd.DataFrame(rows, columns=list(QUIZ_COLUMNS)).astype(_DTYPES)


def _letter(i: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i]


def check_quiz(quiz) -> None:
    """Refuse a ``quiz`` that is not a table made by :func:`make_quiz` (or rows of one): a
    TypeError or ValueError says what is wrong.

    Examples
    --------
    >>> check_quiz(make_quiz(n=3, seed=1))
    """
    if not isinstance(quiz, pd.DataFrame):
        raise TypeError(f"quiz must be a table made by make_quiz(), not {type(quiz).__name__}")
    missing = [c for c in QUIZ_COLUMNS if c not in quiz.columns]
    if missing:
        raise ValueError(
            f"quiz is missing the column(s) {', '.join(missing)}; pass a table made by "
            "make_quiz(), or rows of one"
        )
    numbers = quiz["question"]
    if numbers.duplicated().any():
        twice = ", ".join(map(str, dict.fromkeys(numbers[numbers.duplicated()])))
        raise ValueError(
            f"quiz has question number(s) {twice} more than once (two quizzes put together?), "
            "so its answers cannot be told apart; renumber with "
            "q.assign(question=range(1, len(q) + 1))"
        )


def _chosen(row, given) -> str | None:
    """The text of the choice ``given`` names: its index, its letter or its text."""
    if given is None or (not isinstance(given, str | int | np.integer) and pd.isna(given)):
        return None
    choices = list(row.choices)
    if isinstance(given, str):
        if given in choices:
            return given
        letter = given.strip().upper()
        if len(letter) == 1 and "A" <= letter < _letter(len(choices)):
            return choices[ord(letter) - ord("A")]
    elif (
        isinstance(given, int | np.integer)
        and not isinstance(given, bool | np.bool_)
        and 0 <= given < len(choices)
    ):
        return choices[int(given)]
    raise ValueError(
        f"the answer to question {row.question} is {given!r}; give the index of a choice "
        f"(0 to {len(choices) - 1}), its letter (A to {_letter(len(choices) - 1)}) or its text: "
        + "; ".join(f"{_letter(i)}. {c}" for i, c in enumerate(choices))
    )


def score_quiz(quiz: pd.DataFrame, answers) -> pd.DataFrame:
    """Mark answers to a quiz: one row per question, with what was chosen and whether it is right.

    Parameters
    ----------
    quiz
        A table made by :func:`make_quiz` (or some of its rows); each question number once.
    answers
        One answer per question, in order, or a dict ``{question number: answer}``. An answer
        is the index of a choice, its letter (``"B"``), its text, or ``None`` when the question
        was not answered (it counts as wrong). A string of letters, ``"BADC"``, marks a paper
        handout in one go.

    Returns
    -------
    DataFrame
        ``question``, ``topic``, ``text``, ``chosen`` (``<NA>`` when not answered),
        ``answer_text``, ``correct`` (bool), ``explanation`` and ``source``.

    Examples
    --------
    >>> q = make_quiz(3, topics=["per_side"])
    >>> marked = score_quiz(q, [q.answer[0], "No: both sides at once", None])
    >>> marked[["question", "correct"]].values.tolist()
    [[1, True], [2, False], [3, False]]
    >>> int(marked["correct"].sum()), len(marked)
    (1, 3)
    >>> score_quiz(q, {1: "Z"})
    Traceback (most recent call last):
    ...
    ValueError: the answer to question 1 is 'Z'; give the index of a choice (0 to 1), its letter (A to B) or its text: A. Yes: one side, then the other; B. No: both sides at once
    >>> score_quiz(pd.concat([q, q]), "AAAAAA")
    Traceback (most recent call last):
    ...
    ValueError: quiz has question number(s) 1, 2, 3 more than once (two quizzes put together?), so its answers cannot be told apart; renumber with q.assign(question=range(1, len(q) + 1))
    """  # noqa: E501
    check_quiz(quiz)
    numbers = [int(x) for x in quiz["question"]]
    if isinstance(answers, Mapping):
        unknown = [k for k in answers if k not in numbers]
        if unknown:
            raise ValueError(
                f"answers names question(s) {', '.join(map(repr, unknown))} that the quiz does "
                f"not have; its questions are {', '.join(map(str, numbers))}"
            )
        given = [answers.get(k) for k in numbers]
    elif isinstance(answers, Iterable):
        given = list(answers)
        if len(given) != len(quiz):
            raise ValueError(
                f"{len(given)} answers for {len(quiz)} questions; give one answer per question "
                "(None for one not answered), or a dict {question number: answer}"
            )
    else:
        raise TypeError(
            "answers must be a list with one answer per question, or a dict "
            f"{{question number: answer}}, not {type(answers).__name__}"
        )
    rows = quiz.reset_index(drop=True)
    chosen = [_chosen(row, a) for row, a in zip(rows.itertuples(index=False), given, strict=True)]
    out = rows.assign(
        chosen=pd.array(chosen, dtype="string"),
        correct=[
            c is not None and c == r for c, r in zip(chosen, rows["answer_text"], strict=True)
        ],
    )
    return out[list(SCORE_COLUMNS)].astype(_SCORE_DTYPES)


def quiz_text(quiz: pd.DataFrame, *, answers: bool = False) -> str:
    """The quiz as plain text for a printed handout, with lettered choices.

    With ``answers=True`` it is the trainer's answer key: each question is followed by its
    right letter and the explanation, with the table row it comes from.

    Examples
    --------
    >>> q = make_quiz(1, topics=["sharp_pain"])
    >>> print(quiz_text(q))
    1. Sharp or radiating pain: what should you do?
       A. Ease off to a mild pull, then carry on
       B. Stop the stretch at once
       C. Carry on: that is just the stretch working
    >>> print(quiz_text(q, answers=True).splitlines()[-1])
       Answer: B. Sharp pain, or pain that shoots or spreads (radiates), means stop the stretch immediately. Source: guidelines.csv, row sharp_pain (action stop).
    """  # noqa: E501
    check_quiz(quiz)
    lines = []
    for row in quiz.itertuples(index=False):
        # The stubs type a cell as a scalar: a quiz's choices are lists, in object cells, and
        # its answers ints.
        choices, answer = cast(Sequence[str], row.choices), cast(int, row.answer)
        lines.append(f"{row.question}. {row.text}")
        lines += [f"   {_letter(i)}. {c}" for i, c in enumerate(choices)]
        if answers:
            lines.append(f"   Answer: {_letter(answer)}. {row.explanation}")
    return "\n".join(lines)
