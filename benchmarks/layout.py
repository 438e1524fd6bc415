"""How long the printed handout and lesson pack take for a trainer's long names.

A copy of the built-in tables gets a stretch name (then, separately, a muscle name) of 10,
2,400, 10,000 and 100,000 characters without a space. Each is printed with
:func:`~stretchkit.plan_handout` (a 3-day plan) and :func:`~stretchkit.lesson_pack`, beside the
ordinary tables in the same run: absolute time, ratio to the ordinary tables, and the outcome
(printed, or refused with its message). The goal: every one printed or refused within 2 s more
than the ordinary tables take.

The layout engine once cut a word wider than its column by measuring ever shorter starts of
it, so its time grew with the cube of the word's length; that cut is kept below as a
reference and timed beside today's for words it can still finish.

``measure()`` returns the numbers, ``report(d)`` prints them; ``python benchmarks/layout.py``
does both.
"""

from __future__ import annotations

import csv
import statistics
import tempfile
import time
import warnings
from pathlib import Path

LENGTHS = (10, 2_400, 10_000, 100_000)
REFERENCE_LENGTHS = (300, 1_200, 2_400)  # the old cut's time grows with the square or worse
REFERENCE_BUDGET = 90.0  # seconds the old cut may be expected to take on one word
COLUMN, SIZE = 511.0, 11.0  # a full A4 line at the handout's largest size, in points


def _name(n: int) -> str:
    return ("Wi" * (n // 2 + 1))[:n]  # a wide and a narrow letter, so no glyph is typical


def _tables(folder: Path, table: str, name: str) -> Path:
    import stretchkit as sk

    tables = sk.copy_tables(folder)
    path = tables / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[1]["name"] = name  # Figure-Four, or Quadratus lumborum
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return tables


def _cold() -> None:
    """Forget every measure the layout keeps, so each run lays its text out from nothing."""
    from stretchkit.charts import layout

    for cached in (layout.em, layout._wrapped, layout._starts, layout._lead_width):
        cached.cache_clear()
    layout._ADVANCES.clear()


def _time(call, repeats: int) -> dict:
    times, outcome = [], "printed"
    for _ in range(repeats):
        _cold()
        start = time.perf_counter()
        try:
            call()
        except ValueError as error:
            outcome = f"refused: {error}"
        times.append(time.perf_counter() - start)
    return {"seconds": statistics.median(times), "outcome": outcome}


def _print_both(tables, folder: Path, repeats: int) -> dict:
    import stretchkit as sk
    from stretchkit.charts import lesson_pack, plan_handout

    plan = sk.plan_week(days=3, minutes=15, data_dir=tables)
    return {
        "handout": _time(lambda: plan_handout(plan, folder / "week.pdf", data_dir=tables), repeats),
        "pack": _time(lambda: lesson_pack(folder / "class.pdf", data_dir=tables), repeats),
    }


def _old_wrap(text, width, size, weight="normal", style="normal", *, first=None) -> list[str]:
    """The layout's word wrap as it was, its cut measuring ever shorter starts of a long word
    (a reference for the benchmark; the package no longer uses it)."""
    from stretchkit.charts.layout import em as _em

    space = size * (_em("a a", weight, style) - _em("aa", weight, style))
    lines: list[str] = []
    line: list[str] = []
    used = 0.0

    def room():
        return width if lines or first is None else first

    for word in str(text).split():
        w = size * _em(word, weight, style)
        if line and used + space + w <= room():
            line.append(word)
            used += space + w
            continue
        if line:
            lines.append(" ".join(line))
        elif first is not None and not lines and w > first and first < width:
            lines.append("")
        while w > room() and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and size * _em(word[:cut], weight, style) > room():
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
            w = size * _em(word, weight, style)
        line, used = [word], w
    if line or not lines:
        lines.append(" ".join(line))
    return lines


def _cuts() -> list[dict]:
    from stretchkit.charts.layout import wrap as _wrap

    rows, last = [], None  # last: (chars, seconds) of the old cut
    for n in sorted({*REFERENCE_LENGTHS, *LENGTHS[1:]}):
        word = _name(n)
        _cold()
        start = time.perf_counter()
        new = _wrap(word, COLUMN, SIZE)
        row = {"chars": n, "new_s": time.perf_counter() - start, "lines": len(new)}
        expected = last[1] * (n / last[0]) ** 2 if last else 0.0
        if n in REFERENCE_LENGTHS and expected <= REFERENCE_BUDGET:
            _cold()
            start = time.perf_counter()
            old = _old_wrap(word, COLUMN, SIZE)
            row["old_s"] = time.perf_counter() - start
            row["same_lines"] = old == new
            last = (n, row["old_s"])
        rows.append(row)
    return rows


def measure(repeats: int = 3) -> dict:
    """Time the handout and the pack for long names against the ordinary tables, and the
    word cut against the old one."""
    import matplotlib

    matplotlib.use("Agg")
    warnings.simplefilter("ignore")  # a refused layout is an outcome here, not a warning
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        import stretchkit as sk

        ordinary = sk.copy_tables(folder / "ordinary")
        _print_both(ordinary, folder, 1)  # fonts loaded, modules warm
        results = {"ordinary": _print_both(ordinary, folder, repeats), "names": []}
        for table in ("stretches", "muscles"):
            for n in LENGTHS:
                tables = _tables(folder / f"{table}-{n}", table, _name(n))
                row = {"table": table, "chars": n, **_print_both(tables, folder, repeats)}
                results["names"].append(row)
    results["cut"] = _cuts()
    return results


def report(d: dict) -> None:
    base = d["ordinary"]
    print("8. Long names in the printed handout (3-day plan) and lesson pack")
    print(
        f"  ordinary tables        handout {base['handout']['seconds']:6.2f} s   "
        f"pack {base['pack']['seconds']:6.2f} s"
    )
    for row in d["names"]:
        cells = []
        for what in ("handout", "pack"):
            r = row[what]
            ratio = r["seconds"] / base[what]["seconds"]
            extra = r["seconds"] - base[what]["seconds"]
            verdict = "ok" if extra <= 2.0 else "OVER"
            kind = "printed" if r["outcome"] == "printed" else "refused"
            cells.append(f"{what} {r['seconds']:6.2f} s {ratio:5.2f}x {kind:8} {verdict:4}")
        table = {"stretches": "stretch", "muscles": "muscle"}[row["table"]]
        print(f"  {table:8} {row['chars']:>7,} chars  " + "   ".join(cells))
    refused = {r[w]["outcome"] for r in d["names"] for w in ("handout", "pack")} - {"printed"}
    for message in sorted(refused):
        print(f"    {message[:150]}")
    print(f"Cutting one word of 'WiWi...' into a {COLUMN:g} pt column at {SIZE:g} pt")
    for row in d["cut"]:
        old = (
            f"old cut {row['old_s']:8.3f} s ({'same' if row['same_lines'] else 'other'} lines)"
            if "old_s" in row
            else "old cut not run (too slow)"
        )
        print(f"  {row['chars']:>7,} chars  new {row['new_s']:7.3f} s  {old}")


if __name__ == "__main__":
    report(measure())
