"""The explorer's interaction latency in a real browser, beside a bare widget round trip.

Voila serves a page with the explorer and a bare ipywidgets button whose click handler bumps a
label. In Debian's Chromium, each sample is timed inside the page with ``performance.now()``:
from the change (a muscle picked, or the button clicked) until the DOM shows the answer (cards
and body map both updated, or the label changed). Samples of the two alternate, so machine
noise hits both alike.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import nbformat

SAMPLES = 30
MUSCLES = [
    "Piriformis",
    "Quadratus lumborum",
    "Obliques",
    "Erector spinae",
    "Gluteus medius",
    "Gluteus maximus",
]
BROWSER = os.environ.get("STRETCHKIT_BROWSER", "/usr/bin/chromium")

# The bare round trip: a button whose click bumps a label, shared by every latency page.
PING_WIDGETS = """
import ipywidgets as w
import stretchkit as sk

count = w.Label("0")
count.add_class("bench-pong")
ping = w.Button(description="ping")
ping.add_class("bench-ping")
ping.on_click(lambda _: setattr(count, "value", str(int(count.value) + 1)))
"""
PAGE = (
    PING_WIDGETS
    + """w.VBox([w.HBox([ping, count]), sk.widgets.explorer()])
"""
)

PICK = """async (label) => {
  const sel = document.querySelector('.sk-muscles select');
  const cards = document.querySelector('.sk-cards');
  const map = document.querySelector('.sk-map');
  if (![...sel.options].some(o => o.value === label)) return {missing: label};
  const seen = new Set();
  const done = new Promise(resolve => {
    const watch = (el, name) => new MutationObserver((_, obs) => {
      seen.add(name); obs.disconnect(); if (seen.size === 2) resolve();
    }).observe(el, {subtree: true, childList: true, characterData: true});
    watch(cards, 'cards'); watch(map, 'map');
  });
  const t0 = performance.now();
  for (const o of sel.options) o.selected = (o.value === label);  // text has nbsp
  sel.dispatchEvent(new Event('change', {bubbles: true}));
  const late = new Promise(resolve => setTimeout(() => resolve('late'), 3000));
  if (await Promise.race([done, late]) === 'late') {
    return {late: [...seen], selected: [...sel.selectedOptions].map(o => o.value),
            status: document.querySelector('.sk-status').textContent};
  }
  return performance.now() - t0;
}"""

PING = """async () => {
  const label = document.querySelector('.bench-pong');
  const before = label.textContent;
  const done = new Promise(resolve => new MutationObserver((_, obs) => {
    if (label.textContent !== before) { obs.disconnect(); resolve(); }
  }).observe(label, {subtree: true, childList: true, characterData: true}));
  const t0 = performance.now();
  document.querySelector('.bench-ping button, button.bench-ping').click();
  await done;
  return performance.now() - t0;
}"""


def percentile(xs: list[float], q: float) -> float:
    return statistics.quantiles(xs, n=100, method="inclusive")[int(q) - 1]


@contextmanager
def served(code: str):
    """Voila serving a one-cell notebook of ``code`` on loopback: its URL while it runs."""
    with tempfile.TemporaryDirectory() as tmp:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        nb.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nbformat.write(nb, Path(tmp) / "latency.ipynb")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        voila = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "voila"),
                "--no-browser",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
                "latency.ipynb",
            ],
            cwd=tmp,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}/"
        finally:
            os.killpg(voila.pid, signal.SIGTERM)
            voila.wait(timeout=20)


def launch(p):
    """Debian's Chromium, as the browser tests launch it."""
    return p.chromium.launch(
        executable_path=BROWSER,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    )


def measure() -> dict:
    from playwright.sync_api import sync_playwright

    with served(PAGE) as url, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector(".sk-cards .sk-card", timeout=90_000)
        page.wait_for_selector(".bench-ping", timeout=90_000)
        page.set_default_timeout(20_000)
        for i in range(3):  # warm up both paths
            page.evaluate(PICK, MUSCLES[i])
            page.evaluate(PING)
        bare, pick, late = [], [], []
        for i in range(SAMPLES):
            bare.append(page.evaluate(PING))
            got = page.evaluate(PICK, MUSCLES[(i + 3) % len(MUSCLES)])
            if isinstance(got, dict):  # no answer within 3 s: report, never hide
                late.append(got)
            else:
                pick.append(got)
        browser.close()
    return {
        "samples": SAMPLES,
        "bare_p50_ms": statistics.median(bare),
        "bare_p95_ms": percentile(bare, 95),
        "explorer_p50_ms": statistics.median(pick),
        "explorer_p95_ms": percentile(pick, 95),
        "unanswered": late,
    }


def report(r: dict) -> None:
    ratio = r["explorer_p95_ms"] / r["bare_p95_ms"]
    r["p95_ratio"] = ratio
    print(f"4. explorer latency in Voila + Chromium ({r['samples']} interactions each, alternated)")
    print(
        f"   bare button round trip   p50 {r['bare_p50_ms']:6.1f} ms   "
        f"p95 {r['bare_p95_ms']:6.1f} ms"
    )
    print(
        f"   pick a muscle -> cards   p50 {r['explorer_p50_ms']:6.1f} ms   "
        f"p95 {r['explorer_p95_ms']:6.1f} ms"
    )
    print(f"   p95 ratio                {ratio:6.2f}x   (goal: p95 <= 150 ms and <= 3x)")
    print(f"   unanswered within 3 s    {len(r['unanswered'])}")
    for miss in r["unanswered"]:
        print(f"     {miss}")


if __name__ == "__main__":
    report(measure())
