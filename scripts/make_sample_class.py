"""Write data/sample_class/: a made-up class of nine students' exported logs, from a seed.

The class starts on Monday 28 September 2026 and runs for eight weeks, to Sunday 22 November.
Each student kept a log with the kit and sent the trainer its exchange CSV
(``SessionLog.export_csv``, lesson 04), named after them. Days stretched, week by week:

- amira: 4-5 days every week, always on the 3-5 day goal;
- ben: mostly 3 days, twice only 2; he lives in London, so his times carry London's offset;
- chloe: starts strong (4 days), fades, and logs nothing in the last two weeks;
- dev: starts with 1 day and builds up to 5;
- elena: 2 days every week: below the 3-5 day target, on the 2-3 day minimum;
- farid: pushes the glute stretches harder each week, and on Thursday 22 October feels a
  sharp pain in the right Seated Glute; he stops, rests a week, then comes back without it;
- grace: 6-7 days a week, for persistent tightness;
- hugo: on and off (3, 0, 1, 0, 2, 3, 0, 1 days), and the stretches do not get easier;
- ivy: 3 days every week, but her file was edited in a spreadsheet and one seconds value on
  line 20 reads like "20s", so the importer refuses the whole file: the dashboard names it
  and reads the other eight.

Discomfort starts around 5 of 10 in the glute stretches and lower in the others, and eases
week by week for most; static holds vary a few seconds around the tables' 20-30 s, Cat-Cow
(a flowing stretch, timed) keeps within the table's range, and now and then a stretch is
skipped. The clocks change on 25 October (+02:00 to +01:00 in Berlin, +01:00 to
+00:00 in London). The random choices come from one seed, so the files are the same on every
run.

    python scripts/make_sample_class.py           # rewrite data/sample_class/*.csv
    python scripts/make_sample_class.py --check   # exit 1 if the files are not what the seed makes
"""

from __future__ import annotations

import csv
import io
import random
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import stretchkit as sk
from stretchkit.log import SessionLog

SEED = 2026
FIRST_MONDAY = date(2026, 9, 28)
WEEKS = 8
OUT = Path(__file__).resolve().parent.parent / "data" / "sample_class"

ORDER = ["cat_cow", "knee_to_chest", "figure_four", "seated_glute", "supine_twist", "childs_pose"]
GLUTES = ("figure_four", "seated_glute")
START_DISCOMFORT = {
    "cat_cow": 1.5,
    "knee_to_chest": 3.5,
    "figure_four": 5.0,
    "seated_glute": 5.0,
    "supine_twist": 3.0,
    "childs_pose": 1.0,
}
NOTES = [
    "Stiff after a long day at the desk.",
    "Felt easier than last week.",
    "Short on time, kept it brief.",
    "Did it after a walk, felt loose.",
    "Hips tight after cycling.",
]


@dataclass(frozen=True)
class Student:
    days: tuple[int, ...]  # days stretched, week by week
    zone: str = "Europe/Berlin"
    ease: float = 0.3  # discomfort points a week the stretches get easier (negative: harder)
    glute_push: float = 0.0  # points a week the glute stretches get harder, pushed too far


STUDENTS = {
    "amira": Student((4, 5, 4, 4, 5, 4, 5, 4), ease=0.35),
    "ben": Student((3, 3, 2, 3, 3, 2, 3, 3), zone="Europe/London", ease=0.25),
    "chloe": Student((4, 4, 3, 2, 1, 1, 0, 0)),
    "dev": Student((1, 2, 2, 3, 3, 4, 4, 5)),
    "elena": Student((2, 2, 2, 2, 2, 2, 2, 2), ease=0.2),
    "farid": Student((3, 4, 3, 3, 1, 0, 2, 3), ease=0.2, glute_push=0.7),
    "grace": Student((6, 7, 6, 7, 7, 6, 7, 6), ease=0.3),
    "hugo": Student((3, 0, 1, 0, 2, 3, 0, 1), ease=-0.1),
    "ivy": Student((3, 3, 3, 3, 3, 3, 3, 3)),
}
# Farid's sharp pain: week 4, Thursday, the right side of the Seated Glute.
PAIN = ("farid", 4, 3, "seated_glute", "right")
# Ivy's file: the seconds on this line get an "s" after them, as a spreadsheet user might type.
BROKEN, BROKEN_LINE = "ivy", 20


def holds_for(name: str, student: Student, week: int, day: int, rng: random.Random) -> list:
    stretches = sk.load_stretches().set_index("stretch_id")
    pain_name, pain_week, _, pain_stretch, _ = PAIN
    after_pain = name == pain_name and week > pain_week
    entries = []
    for stretch_id in ORDER:
        if after_pain and (
            stretch_id == pain_stretch or (week == pain_week + 1 and stretch_id in GLUTES)
        ):
            continue  # left out after the sharp pain; the whole glute work in the week after
        painful = (name, week, day, stretch_id) == PAIN[:4]
        if stretch_id not in ("cat_cow", "childs_pose") and rng.random() < 0.12 and not painful:
            continue  # skipped today
        row = stretches.loc[stretch_id]
        level = START_DISCOMFORT[stretch_id] - student.ease * (week - 1)
        if stretch_id in GLUTES and not after_pain:
            level += student.glute_push * (week - 1)
        for side in ["left", "right"] if row["per_side"] else ["both"]:
            low, high = int(row["hold_min_s"]), int(row["hold_max_s"])
            hold = rng.randint(low - 2, high + 3)
            if row["kind"] != "static":  # a flowing stretch is timed, so it keeps to the table
                hold = min(max(hold, low), high)
            entry = {
                "stretch_id": stretch_id,
                "side": side,
                "seconds": hold,
                "discomfort": max(0, min(10, round(level + rng.uniform(-1, 1)))),
            }
            if (name, week, day, stretch_id, side) == PAIN:
                entry.update(
                    seconds=6,
                    discomfort=8,
                    sharp_pain=True,
                    notes="Sharp pain in the right buttock, down the back of the thigh.",
                )
                entries.append(entry)
                return entries  # stopped at once
            entries.append(entry)
    return entries


def make_log(name: str, student: Student, path: Path, rng: random.Random) -> SessionLog:
    zone = ZoneInfo(student.zone)
    log = SessionLog(path)
    for week, count in enumerate(student.days, start=1):
        days = sorted(rng.sample(range(7), count))
        if (name, week) == PAIN[:2] and PAIN[2] not in days:
            days = sorted({*days[:-1], PAIN[2]})
        for day in days:
            when = FIRST_MONDAY + timedelta(weeks=week - 1, days=day)
            if day >= 5:
                hour, minute = rng.choice([9, 10, 17]), rng.choice([0, 15, 30])
            else:
                hour, minute = rng.choice([7, 7, 18, 21]), rng.choice([0, 10, 20, 30, 40])
            started = datetime(when.year, when.month, when.day, hour, minute, tzinfo=zone)
            entries = holds_for(name, student, week, day, rng)
            sharp = any(e.get("sharp_pain") for e in entries)
            notes = (
                "Stopped after the sharp pain."
                if sharp
                else (rng.choice(NOTES) if rng.random() < 0.2 else None)
            )
            log.add_session(
                entries,
                started_at=started,
                notes=notes,
                warmed_up=rng.random() < 0.8,
                session_id=f"{rng.getrandbits(64):016x}",
            )
    return log


def spoil(text: str, line: int) -> str:
    """The exported text with the seconds on ``line`` written as a spreadsheet user might."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    seconds = rows[0].index("seconds")
    rows[line - 1][seconds] += "s"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def make_class() -> dict[str, str]:
    """Every file of the class, by name, as text."""
    rng = random.Random(SEED)
    files = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, student in STUDENTS.items():
            log = make_log(name, student, Path(tmp) / f"{name}.sqlite", rng)
            text = log.export_csv(Path(tmp) / f"{name}.csv").read_text()
            log.close()
            files[f"{name}.csv"] = spoil(text, BROKEN_LINE) if name == BROKEN else text
    return files


def main(argv: list[str]) -> int:
    made = make_class()
    there = {p.name: p for p in OUT.glob("*.csv")} if OUT.is_dir() else {}
    if "--check" in argv:
        wrong = sorted(
            {n for n in made if n not in there or there[n].read_text() != made[n]}
            | (set(there) - set(made))
        )
        if wrong:
            print(f"{OUT}: {', '.join(wrong)} differ from what seed {SEED} makes; run {__file__}")
            return 1
        print(f"{OUT} is what seed {SEED} makes")
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name in set(there) - set(made):
        there[name].unlink()  # a student renamed or removed in this script
    for name, text in made.items():
        (OUT / name).write_text(text)
    holds = sum(text.count("\n") - 1 for text in made.values())
    print(f"wrote {len(made)} files to {OUT}: {holds} holds")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
