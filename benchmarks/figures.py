"""What the figure costs a stretch card: ``stretch_card(...)._repr_html_()`` with its figure,
beside the same card without one, in this one process (goal: a card with its figure <= 50 ms).

The card without a figure is the same code with the figure's two calls (the SVG and its words)
replaced by empty text, so the difference is the figure alone. Samples of the two alternate
over every stretch, so machine noise hits both alike. Three cases:

- ``catalog=`` given (the explorer, the app): the geometry is parsed once per catalog;
- a fresh catalog each time (the first card of a new ``load_catalog()``): parsing included;
- no catalog (``stretch_card("cat_cow")`` in a notebook): the tables are read each call.

Run alone with ``python benchmarks/figures.py``; ``benchmarks/run.py`` runs it as section 10.
"""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager

ROUNDS = 40  # each round draws every stretch's card once with and once without its figure


@contextmanager
def _no_figure():
    from stretchkit import cards

    saved = cards.figure_svg, cards.figure_description
    cards.figure_svg = lambda *a, **k: ""
    cards.figure_description = lambda *a, **k: ""
    try:
        yield
    finally:
        cards.figure_svg, cards.figure_description = saved


def _stats(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000, "n": len(ordered)}


def _paired(make_catalog, rounds: int) -> dict[str, dict[str, float]]:
    import stretchkit as sk

    ids = list(sk.load_catalog().stretches["stretch_id"])
    with_fig: list[float] = []
    without: list[float] = []

    def once(sid: str) -> float:
        kwargs = make_catalog()
        t = time.perf_counter()
        sk.stretch_card(sid, **kwargs)._repr_html_()
        return time.perf_counter() - t

    for sid in ids:  # warm both paths
        once(sid)
        with _no_figure():
            once(sid)
    for _ in range(rounds):
        for sid in ids:
            with_fig.append(once(sid))
            with _no_figure():
                without.append(once(sid))
    a, b = _stats(with_fig), _stats(without)
    return {
        "with_figure": a,
        "without_figure": b,
        "figure_ms": a["median_ms"] - b["median_ms"],
        "ratio": a["median_ms"] / b["median_ms"],
    }


def measure(rounds: int = ROUNDS) -> dict:
    import stretchkit as sk
    from stretchkit.figures import figure_svg

    cat = sk.load_catalog()
    result = {
        "catalog given": _paired(lambda: {"catalog": cat}, rounds),
        "fresh catalog": _paired(lambda: {"catalog": sk.load_catalog()}, max(rounds // 4, 5)),
        "no catalog": _paired(lambda: {}, max(rounds // 4, 5)),
    }
    # The SVG alone, parsed geometry cached, for the record.
    times = []
    for _ in range(rounds):
        for sid in cat.stretches["stretch_id"]:
            t = time.perf_counter()
            figure_svg(sid, catalog=cat)
            times.append(time.perf_counter() - t)
    result["figure_svg alone"] = _stats(times)
    return result


def report(r: dict) -> None:
    print("10. a stretch card with its figure, beside the same card without (goal <= 50 ms)")
    for case in ("catalog given", "fresh catalog", "no catalog"):
        c = r[case]
        a, b = c["with_figure"], c["without_figure"]
        print(
            f"   {case:<15} with figure    median {a['median_ms']:6.2f} ms  p95 "
            f"{a['p95_ms']:6.2f} ms   (n={a['n']})"
        )
        print(
            f"   {'':<15} without figure median {b['median_ms']:6.2f} ms  p95 "
            f"{b['p95_ms']:6.2f} ms   (+{c['figure_ms']:.2f} ms, {c['ratio']:.2f}x)"
        )
    s = r["figure_svg alone"]
    print(
        f"   figure_svg alone, catalog given: median {s['median_ms']:.2f} ms, "
        f"p95 {s['p95_ms']:.2f} ms"
    )


if __name__ == "__main__":
    report(measure())
