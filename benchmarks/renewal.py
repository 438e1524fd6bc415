"""A device arriving while ``make app`` renews its server (goal: never turned away).

``make app`` on 127.0.0.1 with serve.py told to renew its Voila server 1 s after the last
kernel went. Each round a page is loaded and says goodbye, so the server has served and is
renewed; meanwhile a client asks the server for a small answer (Voila's themes API, answered
by the server itself without a kernel) every 50 ms until the next generation serves, and
records how long each answer took and whether any connection was refused. Beside it, the
same request on the same server when nothing is being renewed: the baseline.

Run alone with ``python benchmarks/renewal.py``; ``benchmarks/run.py`` runs it as section 12.
"""

from __future__ import annotations

import importlib.util
import shutil
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3
EVERY_S = 0.05
ARGS = (
    "--recycle-idle=1 --recycle-above=0 "
    "--MappingKernelManager.cull_idle_timeout=10 --MappingKernelManager.cull_interval=3"
)


def _roomtest():
    spec = importlib.util.spec_from_file_location(
        "roomtest", ROOT / "deploy" / "room" / "roomtest.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["roomtest"] = module
    spec.loader.exec_module(module)
    return module


def _ask(url: str) -> tuple[float, str | None]:
    """Seconds for one answer, and what went wrong (None: answered)."""
    t0 = time.perf_counter()
    try:
        urllib.request.urlopen(f"{url}/voila/api/themes/none", timeout=60)
    except urllib.error.HTTPError:
        pass  # the server answered (404 for a theme it does not have)
    except OSError as error:
        return time.perf_counter() - t0, f"{type(error).__name__}: {error}"
    return time.perf_counter() - t0, None


def _visit(rt, url: str) -> None:
    """A page loaded and left as the kit's page leaves: the server has served once more."""
    import requests

    with requests.Session() as session:
        page = session.get(f"{url}/", timeout=60)
        kernel_id = rt.page_config(page.text)["kernelId"]
        rt.say_goodbye(session, f"{url}/", kernel_id)


def measure(rounds: int = ROUNDS) -> dict:
    rt = _roomtest()
    scratch = Path(tempfile.mkdtemp(prefix="skrenew-"))
    server = rt.Server(scratch, voila_args=ARGS)
    seen: dict[int, float] = {}
    out: dict = {"rounds": []}
    try:
        server.start()
        from loadtest import MemorySampler

        sampler = MemorySampler(server.process.pid, seen=seen)
        sampler.start()
        while not server.renewals():
            time.sleep(0.2)
        quiet = [_ask(server.url)[0] for _ in range(40)]
        out["quiet"] = {"median_s": statistics.median(quiet), "max_s": max(quiet)}
        for _ in range(rounds):
            before = len(server.renewals())
            _visit(rt, server.url)
            times, refused = [], []
            t0 = time.monotonic()
            while len(server.renewals()) == before and time.monotonic() - t0 < 60:
                spent, error = _ask(server.url)
                times.append(spent)
                if error:
                    refused.append(error)
                time.sleep(EVERY_S)
            renewed = len(server.renewals()) > before
            out["rounds"].append(
                {
                    "renewed": renewed,
                    "asked": len(times),
                    "slowest_s": max(times),
                    "refused": refused,
                    "seconds_to_renewed": time.monotonic() - t0,
                }
            )
        sampler.stop()
    finally:
        server.stop(seen)
        shutil.rmtree(scratch, ignore_errors=True)
    return out


def report(r: dict) -> None:
    print("12. a device arriving while make app renews its server (never turned away)")
    if "error" in r:
        print(f"   failed: {r['error']}")
        return
    quiet = r["quiet"]
    print(f"   the server's own answer, no renewal  median {quiet['median_s'] * 1000:.1f} ms, "
          f"max {quiet['max_s'] * 1000:.1f} ms")  # fmt: skip
    for i, one in enumerate(r["rounds"], 1):
        print(f"   renewal {i}: {'renewed' if one['renewed'] else 'NOT renewed'} "
              f"{one['seconds_to_renewed']:.1f} s after the page left; {one['asked']} asked "
              f"meanwhile, slowest {one['slowest_s']:.2f} s "
              f"({one['slowest_s'] / quiet['median_s']:.0f}x the median), "
              f"{len(one['refused'])} refused")  # fmt: skip
    refused = sum(len(one["refused"]) for one in r["rounds"])
    renewed = all(one["renewed"] for one in r["rounds"])
    print(f"   goal: every renewal done and no connection refused: "
          f"{'met' if renewed and not refused else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    report(measure())
