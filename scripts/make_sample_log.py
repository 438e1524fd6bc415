"""Write data/sample_log.csv: twelve weeks of one made-up person's stretching, from a seed.

The person works at a desk in Berlin and starts stretching on Monday 31 August 2026:

- weeks 1-2: two short sessions a week, getting used to it;
- weeks 3-6: three or four sessions, on weekday mornings and at the weekend;
- week 7: a sharp pain in the left Figure-Four on Thursday; the hold is cut short and noted;
- week 8: one gentle session only, while it settles;
- weeks 9-12: back to three to five sessions a week.

Discomfort in the glute stretches starts around 5 of 10 and eases by about a third of a point a
week; the moving and resting stretches stay low. Holds vary a few seconds around the tables'
20-30 s, and now and then a stretch is skipped. Times carry Berlin's UTC offset, which changes
from +02:00 to +01:00 on 25 October. The random choices come from one seed, so the file is the
same on every run.

    python scripts/make_sample_log.py           # rewrite data/sample_log.csv
    python scripts/make_sample_log.py --check   # exit 1 if the file is not what the seed makes
"""

from __future__ import annotations

import random
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import stretchkit as sk
from stretchkit.log import SessionLog

SEED = 7
FIRST_MONDAY = date(2026, 8, 31)
ZONE = ZoneInfo("Europe/Berlin")
OUT = Path(__file__).resolve().parent.parent / "data" / "sample_log.csv"

# Sessions per week, week by week; week 7 holds the sharp pain, week 8 the rest after it.
SESSIONS_PER_WEEK = [2, 2, 3, 3, 4, 3, 3, 1, 4, 3, 5, 4]
PAIN_WEEK, PAIN_DAY = 7, 3  # Thursday of week 7
ORDER = ["cat_cow", "knee_to_chest", "figure_four", "seated_glute", "supine_twist", "childs_pose"]
START_DISCOMFORT = {
    "cat_cow": 1.5,
    "knee_to_chest": 3.5,
    "figure_four": 5.5,
    "seated_glute": 5.0,
    "supine_twist": 3.0,
    "childs_pose": 1.0,
}
NOTES = [
    "Stiff after a long day at the desk.",
    "Felt easier than last week.",
    'Left hip "tight", eased off a little.',
    "-2 on the glutes compared with Monday",
    "Short on time, kept it brief.",
]


def make_log(path: Path) -> SessionLog:
    rng = random.Random(SEED)
    stretches = sk.load_stretches().set_index("stretch_id")
    log = SessionLog(path)
    for week, count in enumerate(SESSIONS_PER_WEEK, start=1):
        days = sorted(rng.sample(range(7), count))
        if week == PAIN_WEEK and PAIN_DAY not in days:
            days = sorted({*days[:-1], PAIN_DAY})
        for day in days:
            when = FIRST_MONDAY + timedelta(weeks=week - 1, days=day)
            hour, minute = (
                (rng.choice([9, 10]), rng.choice([0, 15, 30]))
                if day >= 5
                else (
                    7,
                    rng.choice([0, 10, 20, 30, 40]),
                )
            )
            started = datetime(when.year, when.month, when.day, hour, minute, tzinfo=ZONE)
            entries = []
            gentle = week == PAIN_WEEK + 1
            for stretch_id in ORDER:
                if gentle and stretch_id in ("figure_four", "seated_glute"):
                    continue
                if stretch_id not in ("cat_cow", "childs_pose") and rng.random() < 0.1:
                    continue  # skipped today
                row = stretches.loc[stretch_id]
                sides = ["left", "right"] if row["per_side"] else ["both"]
                ease = 0.35 * (week - 1)
                for side in sides:
                    hold = rng.randint(int(row["hold_min_s"]) - 2, int(row["hold_max_s"]) + 3)
                    level = START_DISCOMFORT[stretch_id] - ease + rng.uniform(-1, 1)
                    entry = {
                        "stretch_id": stretch_id,
                        "side": side,
                        "seconds": hold if row["kind"] == "static" else 60,
                        "discomfort": max(0, min(10, round(level))),
                    }
                    pain = week == PAIN_WEEK and day == PAIN_DAY
                    if pain and stretch_id == "figure_four" and side == "left":
                        entry.update(
                            seconds=8,
                            discomfort=7,
                            sharp_pain=True,
                            notes="Sharp pain shooting down the left leg; stopped at once.",
                        )
                        entries.append(entry)
                        break
                    entries.append(entry)
                if entries and entries[-1].get("sharp_pain"):
                    break
            sharp = any(e.get("sharp_pain") for e in entries)
            notes = (
                "Stopped after the sharp pain; will ask the physiotherapist."
                if sharp
                else (rng.choice(NOTES) if rng.random() < 0.25 else None)
            )
            log.add_session(
                entries,
                started_at=started,
                notes=notes,
                warmed_up=rng.random() < 0.85,
                session_id=f"{rng.getrandbits(64):016x}",
            )
    return log


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        log = make_log(Path(tmp) / "log.sqlite")
        made = log.export_csv(Path(tmp) / "sample_log.csv").read_text()
        log.close()
    if "--check" in argv:
        if OUT.read_text() != made:
            print(f"{OUT} differs from what seed {SEED} makes; run {__file__}")
            return 1
        print(f"{OUT} is what seed {SEED} makes")
        return 0
    OUT.write_text(made)
    print(f"wrote {OUT}: {made.count(chr(10)) - 1} holds")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
