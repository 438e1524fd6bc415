"""Benchmarks, printed as absolute times and as ratios measured in this one run.

1. ``import stretchkit`` + loading every table, against ``import pandas`` alone (goal <= 1.3x).
2. The validated, typed load of the tables, against a bare ``pandas.read_csv`` of the same files.
3. The wall time of every notebook under papermill (goal: all together <= 60 s on 2 cores).
4. The explorer's latency in Voila and Chromium, beside a bare widget round trip (goal: p95
   <= 150 ms and <= 3x), and the body map drawn as SVG against a matplotlib re-render.
5. ``plan_week`` for the full catalog (goal <= 50 ms), for a tight budget that rotates the
   stretches, for a budget too short (the minimum is searched), and for a trainer's catalog of
   60 stretches, each beside one ``load_catalog()`` snapshot in the same process.
6. The session log: importing an exchange CSV of 1,000,000 holds, appending one session to a
   log of 1,000 holds and to one of 1,000,000 (goal: <= 2x), opening and reading the big log,
   and the weekly summary and chart of it (goal <= 2 s); and what keeping ``log.sqlite``
   complete on its own after every write costs: one append with the rollback journal, beside
   the write-ahead log without a checkpoint that the log used before and the write-ahead log
   with a checkpoint after each commit (the alternative not taken).
7. The guided-session timer's real-time drift in Voila and Chromium over a routine of 142 s,
   beside an ``ipywidgets.Play`` countdown and a kernel ``time.sleep(1)`` loop in the same page,
   extrapolated to 10 minutes (goal: the timer <= 20 ms). About 5 minutes of real time.

8. The printed handout and lesson pack for a trainer's names of 10 to 100,000 characters with
   no space, beside the ordinary tables (goal: printed or refused within 2 s more), and the old
   word cut timed beside today's (``benchmarks/layout.py``).
9. Every control of the planner and the progress tab, worked as a person does in Voila and
   Chromium, timed from the input event to the last change of the page, beside the bare widget
   round trip (goal: p95 <= 150 ms for every control; ``benchmarks/control_latency.py``).
10. A stretch card with its figure, beside the same card without one, median and p95 (goal:
    <= 50 ms; ``benchmarks/figures.py``, which also runs alone).
11. ``make app`` with every CDN host hanging, beside nothing in the way (goal: usable within
    3 s; ``benchmarks/offline.py``).
12. A device arriving while ``make app`` renews its Voila server: the slowest answer and any
    refused connection, beside the same request when nothing is renewed (goal: none refused;
    ``benchmarks/renewal.py``).

Run with ``make bench``; results are also written to ``benchmarks/results/latest.json``.
"""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import json
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 9

IMPORT_PANDAS = """
import time; t = time.perf_counter()
import pandas
print(time.perf_counter() - t)
"""
IMPORT_KIT = """
import time; t = time.perf_counter()
import stretchkit as sk
for load in (sk.load_muscles, sk.load_stretches, sk.load_stretch_muscles, sk.load_steps,
             sk.load_guidelines, sk.load_poses):
    load()
print(time.perf_counter() - t)
"""
LOAD_BARE = """
import pandas as pd, stretchkit as sk, time
from stretchkit.schema import TABLES
folder = sk.data_path()
t = time.perf_counter()
for table in TABLES.values():
    pd.read_csv(folder / table.file)
print(time.perf_counter() - t)
"""
LOAD_KIT = """
import stretchkit as sk, time
t = time.perf_counter()
for load in (sk.load_muscles, sk.load_stretches, sk.load_stretch_muscles, sk.load_steps,
             sk.load_guidelines, sk.load_poses):
    load()
print(time.perf_counter() - t)
"""


def child(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def paired(a: str, b: str) -> tuple[list[float], list[float]]:
    """Run two fresh-process measurements alternately, so machine noise hits both alike."""
    xs, ys = [], []
    child(a), child(b)  # warm the file cache
    for _ in range(REPEATS):
        xs.append(child(a))
        ys.append(child(b))
    return xs, ys


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def compare(title: str, baseline: tuple[str, str], ours: tuple[str, str], goal: str = "") -> dict:
    """Print and return the medians of two paired measurements and their ratio."""
    base_t, our_t = paired(baseline[1], ours[1])
    b, o = statistics.median(base_t), statistics.median(our_t)
    print(title)
    print(f"   {baseline[0]:<38} {ms(b)}")
    print(f"   {ours[0]:<38} {ms(o)}")
    print(f"   {'ratio':<38} {o / b:7.2f}x{goal}\n")
    return {"baseline_s": b, "ours_s": o, "ratio": o / b}


def median_ms(fn, repeats: int = REPEATS) -> float:
    """Median wall time of ``fn`` in this process, in ms, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def run_notebooks() -> dict[str, float]:
    import papermill as pm

    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
            # Files a lesson saves go to the temporary folder, not into the checkout.
            params = {"export_dir": tmp} if "export_dir" in path.read_text() else {}
            t = time.perf_counter()
            pm.execute_notebook(
                str(path),
                str(Path(tmp) / path.name),
                parameters=params,
                cwd=str(path.parent),
                kernel_name="python3",
                progress_bar=False,
            )
            times[path.stem] = time.perf_counter() - t
    return times


def render_costs() -> dict[str, float]:
    """One body-map update: the SVG string the explorer sends, against re-drawing the
    matplotlib figure to PNG as a figure-based widget would."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from stretchkit import anatomy, charts

    highlight = {"piriformis": 2, "gluteus_medius": 2, "gluteus_maximus": 1}
    fig, ax = plt.subplots(figsize=(9, 6))

    def png():
        ax.clear()
        charts.body_map(highlight=highlight, ax=ax)
        fig.savefig(io.BytesIO(), format="png", dpi=80)

    def svg():
        anatomy.body_map_svg(highlight)

    out = {name: median_ms(fn) for name, fn in (("matplotlib_png_ms", png), ("svg_ms", svg))}
    plt.close(fig)
    return out


def big_catalog(folder: Path, n: int = 60) -> Path:
    """The built-in tables plus copies of the held stretches, up to ``n`` stretches."""
    import stretchkit as sk

    sk.copy_tables(folder)
    cat = sk.load_catalog()
    held = cat.stretches[cat.stretches["role"] == "main"]
    stretches, links = [], []
    for i in range(n - len(cat.stretches)):
        row = held.iloc[i % len(held)]
        sid = f"{row.stretch_id}_v{i}"
        stretches.append(
            f"{sid},{row['name']} variation {i},,static,{row.position},main,"
            f"{str(row.per_side).lower()},20,30,,,\n"
        )
        for m in cat.stretch_muscles.query("stretch_id == @row.stretch_id").muscle_id:
            links.append(f"{sid},{m},\n")
    with (folder / "stretches.csv").open("a") as f:
        f.writelines(stretches)
    with (folder / "stretch_muscles.csv").open("a") as f:
        f.writelines(links)
    with (folder / "stretch_steps.csv").open("a") as f:
        f.writelines(f"{s.split(',')[0]},1,,Ease into it.\n" for s in stretches)
    return folder


def plan_costs() -> dict:
    import stretchkit as sk

    def too_short(**kw):
        with contextlib.suppress(ValueError):
            sk.plan_week(**kw)

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        big = big_catalog(Path(tmp) / "big")
        cases = {
            "full catalog, 3 x 15 min": (lambda: sk.plan_week(), None),
            "tight, 7 x 7 min, focus piriformis": (
                lambda: sk.plan_week(days=7, minutes=7, focus="piriformis"),
                None,
            ),
            "too short: minimum searched": (lambda: too_short(minutes=4), None),
            "60 stretches, 5 x 20 min": (
                lambda: sk.plan_week(days=5, minutes=20, data_dir=big),
                big,
            ),
        }
        for name, (fn, data_dir) in cases.items():
            load = median_ms(lambda d=data_dir: sk.load_catalog(data_dir=d), repeats=30)
            ours = median_ms(fn, repeats=30)
            out[name] = {"plan_ms": ours, "load_catalog_ms": load, "ratio": ours / load}
    # The planner widget's Python side of one change: plan, table, notes and the chart PNG.
    box = sk.widgets.planner(export_dir=tempfile.mkdtemp())
    minutes = box.controls["minutes"]
    out["planner widget update"] = {
        "ms": median_ms(lambda: setattr(minutes, "value", 23 - minutes.value), repeats=15),
        "plan_ms": out["full catalog, 3 x 15 min"]["plan_ms"],
    }
    return out


ZONE = ZoneInfo("Europe/Berlin")


def exchange_csv(path: Path, holds: int, *, first: date, last: date) -> Path:
    """An exchange CSV of ``holds`` holds in sessions of 10 to 14, spread evenly over the days
    from ``first`` to ``last`` at morning-to-evening times, with random ids as the log makes."""
    import stretchkit as sk
    from stretchkit.log import EXCHANGE_COLUMNS, OPTIONAL_COLUMNS

    rng = random.Random(holds)
    table = sk.load_catalog().stretches
    sided = table.loc[table["per_side"], "stretch_id"].tolist()
    days = (last - first).days + 1
    written = 0
    with path.open("w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow([*EXCHANGE_COLUMNS, *OPTIONAL_COLUMNS])
        while written < holds:
            n = min(rng.randint(10, 14), holds - written)
            day = first + timedelta(days=written * days // holds)
            start = datetime.combine(day, datetime.min.time(), ZONE)
            start += timedelta(minutes=rng.randrange(6 * 60, 21 * 60))
            sid, started = f"{rng.getrandbits(64):016x}", start.isoformat()
            warmed, notes = rng.choice(["true", "false", ""]), rng.choice(["", "", "", "stiff"])
            # A warm-up, stretches on both sides in turn, a restorative one to finish.
            moves = [("cat_cow", "both")]
            while len(moves) < n - 1:
                stretch = rng.choice(sided)
                moves += [(stretch, "left"), (stretch, "right")]
            moves = [*moves[: n - 1], ("childs_pose", "both")][-n:]
            for stretch, side in moves:
                seconds, discomfort = rng.randint(20, 60), rng.randint(0, 6)
                sharp = "true" if rng.random() < 0.0005 else "false"
                row = [sid, started, stretch, side, seconds, discomfort, sharp, "", warmed, notes]
                out.writerow(row)
            written += n
    return path


def log_costs() -> dict:
    """Build a small and a big session log, time writing to and reading from them."""
    import stretchkit as sk

    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        big_csv = exchange_csv(
            folder / "big.csv", 1_000_000, first=date(2019, 1, 1), last=date(2025, 12, 31)
        )
        out["write_csv_s"] = time.perf_counter() - t
        small_csv = exchange_csv(
            folder / "small.csv", 1_000, first=date(2025, 10, 1), last=date(2025, 12, 31)
        )
        small = sk.SessionLog(folder / "small.sqlite")
        small.import_csv(small_csv)
        big = sk.SessionLog(folder / "big.sqlite")
        t = time.perf_counter()
        imported = big.import_csv(big_csv)
        out["import_s"] = time.perf_counter() - t
        out["import_holds"] = imported.holds_added
        out["import_sessions"] = imported.sessions_added

        # One session of 12 holds, as the timer saves it; the two logs take turns so that
        # machine noise hits both alike.
        sided = ("figure_four", "seated_glute", "supine_twist", "knee_to_chest", "figure_four")
        holds = [
            {"stretch_id": "cat_cow", "seconds": 60},
            *(
                {"stretch_id": s, "side": side, "seconds": 30, "discomfort": 2}
                for s in sided
                for side in ("left", "right")
            ),
            {"stretch_id": "childs_pose", "seconds": 60},
        ]
        start = datetime(2026, 1, 5, 7, 30, tzinfo=ZONE)
        times: dict[str, list[float]] = {"1k": [], "1M": []}
        for i in range(31):
            for name, log in (("1k", small), ("1M", big)):
                t = time.perf_counter()
                log.add_session(holds, started_at=start + timedelta(minutes=i))
                if i:  # the first append of each is a warm-up
                    times[name].append(time.perf_counter() - t)
        out["append_1k_ms"] = statistics.median(times["1k"]) * 1000
        out["append_1M_ms"] = statistics.median(times["1M"]) * 1000
        small.close()
        big.close()
        out["completion"] = completion_costs(folder, small_csv, holds, start)

        path = folder / "big.sqlite"
        out["open_ms"] = median_ms(lambda: sk.SessionLog(path).close(), repeats=5)
        with sk.SessionLog(path) as log:
            out["sessions_ms"] = median_ms(log.sessions, repeats=3)
            out["entries_ms"] = median_ms(log.entries, repeats=1)  # 3 s a call
        out["weekly"] = weekly_costs(path)
    return out


def completion_costs(folder: Path, small_csv: Path, holds: list[dict], start: datetime) -> dict:
    """One append to a log of 1,000 holds, three ways, taking turns: the rollback journal the
    log uses (the main file complete after every commit), the write-ahead log it used before
    (recent sessions only in ``-wal`` until about 4 MB of them), and the write-ahead log with a
    ``wal_checkpoint(TRUNCATE)`` after each commit. The two write-ahead logs are the same
    SessionLog with its connection switched back, so everything else is alike."""
    import stretchkit as sk

    logs = {}
    for name in ("rollback", "wal", "wal_checkpoint"):
        log = sk.SessionLog(folder / f"completion-{name}.sqlite")
        log.import_csv(small_csv)
        if name != "rollback":
            log._db.execute("PRAGMA journal_mode = WAL")
            log._db.execute("PRAGMA synchronous = FULL")
        logs[name] = log
    times: dict[str, list[float]] = {name: [] for name in logs}
    for i in range(61):
        for name, log in logs.items():
            t = time.perf_counter()
            log.add_session(holds, started_at=start + timedelta(minutes=i))
            if name == "wal_checkpoint":
                busy, _, _ = log._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                assert busy == 0, "the checkpoint was blocked"
            if i:
                times[name].append(time.perf_counter() - t)
    wal_bytes = (folder / "completion-wal.sqlite-wal").stat().st_size
    for log in logs.values():
        log.close()
    return {f"{name}_ms": statistics.median(ts) * 1000 for name, ts in times.items()} | {
        "wal_bytes_after_60": wal_bytes
    }


def weekly_costs(path: Path) -> dict | None:
    """Open the log, summarise it by week and draw the weekly chart to PNG; None while
    ``stretchkit.progress`` and ``charts.plot_weekly_sessions`` are not there yet."""
    if importlib.util.find_spec("stretchkit.progress") is None:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import stretchkit as sk
    from stretchkit import charts, progress

    if not hasattr(charts, "plot_weekly_sessions"):
        return None
    parts: dict[str, list[float]] = {"open": [], "summary": [], "chart": [], "total": []}
    for _ in range(3):
        t0 = time.perf_counter()
        log = sk.SessionLog(path)
        t1 = time.perf_counter()
        progress.weekly_sessions(log)
        t2 = time.perf_counter()
        fig, ax = plt.subplots(figsize=(9, 4))
        charts.plot_weekly_sessions(log, ax=ax)
        fig.savefig(io.BytesIO(), format="png", dpi=100)
        t3 = time.perf_counter()
        plt.close(fig)
        log.close()
        for name, seconds in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
            parts[name].append(seconds)
    return {f"{name}_s": statistics.median(ts) for name, ts in parts.items()}


def print_log(r: dict) -> None:
    rate = r["import_holds"] / r["import_s"]
    rows = [
        (
            f"import_csv, {r['import_holds']:,} holds",
            f"{r['import_s']:7.1f} s   ({rate:,.0f} holds/s, {r['import_sessions']:,} sessions)",
        ),
        ("  writing that CSV with the csv module", f"{r['write_csv_s']:7.1f} s"),
        ("add_session (12 holds), log of 1k holds", ms(r["append_1k_ms"] / 1000)),
        ("add_session (12 holds), log of 1M holds", ms(r["append_1M_ms"] / 1000)),
        (
            "  ratio 1M / 1k",
            f"{r['append_1M_ms'] / r['append_1k_ms']:7.2f}x   (goal <= 2x; medians of 30, "
            "the two logs in turn)",
        ),
        ("SessionLog(path), 1M holds", ms(r["open_ms"] / 1000)),
        (".sessions(), 1M holds", ms(r["sessions_ms"] / 1000)),
        (".entries(), 1M holds", ms(r["entries_ms"] / 1000)),
    ]
    c = r.get("completion")
    if c:
        rows += [
            ("log.sqlite complete after each write:", "(add_session, 12 holds, logs of 1k holds)"),
            ("  rollback journal (now)", f"{c['rollback_ms']:7.2f} ms"),
            ("  WAL, no checkpoint (before)", f"{c['wal_ms']:7.2f} ms"),
            (
                "    ratio now / before",
                f"{c['rollback_ms'] / c['wal_ms']:7.2f}x   (+{c['rollback_ms'] - c['wal_ms']:.2f} "
                f"ms a write; medians of 60, in turn; before, 60 sessions were "
                f"{c['wal_bytes_after_60'] / 1024:.0f} KB in -wal only)",
            ),
            ("  WAL + checkpoint (not taken)", f"{c['wal_checkpoint_ms']:7.2f} ms"),
        ]
    for label, value in rows:
        print(f"   {label:<40} {value}")
    weekly = r["weekly"]
    if weekly is None:
        print("   (weekly summary not available yet)")
        return
    print(
        f"   {'open + weekly_sessions + chart to PNG':<40} {weekly['total_s']:7.2f} s   "
        f"(goal <= 2 s; 1M holds)\n"
        f"     open {weekly['open_s']:.2f} s, weekly_sessions {weekly['summary_s']:.2f} s, "
        f"plot_weekly_sessions + savefig {weekly['chart_s']:.2f} s"
    )


def main() -> None:
    print(
        f"stretchkit benchmarks on {platform.node()} ({platform.machine()}, "
        f"Python {platform.python_version()}), medians of {REPEATS} fresh processes\n"
    )
    result = {}

    result["import"] = compare(
        "1. import cost",
        ("import pandas", IMPORT_PANDAS),
        ("import stretchkit + load every table", IMPORT_KIT),
        goal="   (goal <= 1.30x)",
    )
    result["load"] = compare(
        "2. loading the six tables",
        ("bare pandas.read_csv", LOAD_BARE),
        ("validated, typed stretchkit loaders", LOAD_KIT),
    )

    times = run_notebooks()
    total = sum(times.values())
    result["notebooks_s"] = times
    print("3. notebooks under papermill (kernel start included)")
    for name, seconds in times.items():
        print(f"   {name:<38} {seconds:7.2f} s")
    print(f"   all together                           {total:7.2f} s   (goal <= 60 s)")

    print()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import explorer_latency

    latency = explorer_latency.measure()
    explorer_latency.report(latency)
    costs = render_costs()
    latency.update(costs)
    result["explorer"] = latency
    print(
        f"   body map update, SVG     {costs['svg_ms']:6.1f} ms   vs matplotlib re-render to "
        f"PNG {costs['matplotlib_png_ms']:6.1f} ms "
        f"({costs['matplotlib_png_ms'] / costs['svg_ms']:.0f}x)"
    )

    print("\n5. plan_week, medians of 30 calls in one process (goal <= 50 ms)")
    plans = plan_costs()
    result["plan_week"] = plans
    widget = plans.pop("planner widget update")
    for name, r in plans.items():
        print(
            f"   {name:<38} {r['plan_ms']:7.1f} ms   vs load_catalog() "
            f"{r['load_catalog_ms']:5.2f} ms ({r['ratio']:.1f}x)"
        )
    result["planner_widget_update_ms"] = widget["ms"]
    print(
        f"   planner widget, one change (Python side) {widget['ms']:5.1f} ms, of which plan_week "
        f"{widget['plan_ms']:.1f} ms; the rest is the table and the chart"
    )

    print("\n6. the session log (SQLite, rollback journal, synchronous=EXTRA), in one process")
    result["log"] = log_costs()
    print_log(result["log"])

    print()
    import timer_drift

    try:
        drift = timer_drift.measure()
    except Exception as exc:  # a failure here must not lose sections 1-6
        traceback.print_exc()
        drift = {"error": f"{type(exc).__name__}: {exc}"}
    timer_drift.report(drift)
    result["timer_drift"] = drift

    # Sections 8-12, each in its own module: one failing must not lose the others.
    sections = (
        ("layout", "layout"),
        ("controls", "control_latency"),
        ("figures", "figures"),
        ("offline", "offline"),
        ("renewal", "renewal"),
    )
    for key, name in sections:
        print()
        module = importlib.import_module(name)
        try:
            result[key] = module.measure()
            module.report(result[key])
        except Exception as exc:
            traceback.print_exc()
            result[key] = {"error": f"{type(exc).__name__}: {exc}"}

    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
