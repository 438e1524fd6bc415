"""The room test (deploy/room/roomtest.py): a small room on a real ``make app``, and its pure
parts (the page's config, the widget references, the report's arithmetic)."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "deploy" / "room" / "roomtest.py"
MB = 2**20
# Culling as short as the test can afford: a kernel left without a word goes within ~13 s.
SHORT_CULLING = "--MappingKernelManager.cull_idle_timeout=10 --MappingKernelManager.cull_interval=3"


def load_roomtest():
    """The script as a module (deploy/ is no package)."""
    spec = importlib.util.spec_from_file_location("roomtest", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["roomtest"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


rt = load_roomtest()


def test_page_config_is_read_from_the_page():
    config = {"baseUrl": "/", "kernelId": "abc-123", "token": ""}
    page = (
        '<html><head><script id="jupyter-config-data" type="application/json">\n'
        f"{json.dumps(config)}\n</script></head><body>…</body></html>"
    )
    assert rt.page_config(page) == config
    with pytest.raises(ValueError, match="no jupyter-config-data"):
        rt.page_config("<html></html>")
    empty = page.replace("abc-123", "")
    with pytest.raises(ValueError, match="no kernelId"):
        rt.page_config(empty)


def test_widget_references_and_binary_frames():
    state = {"children": ["IPY_MODEL_a", "IPY_MODEL_b"], "layout": "IPY_MODEL_c", "value": "x"}
    assert rt.refs(state) == ["a", "b", "c"]
    body = json.dumps({"header": {"msg_type": "comm_msg"}}).encode()
    frame = (2).to_bytes(4, "big") + (12).to_bytes(4, "big") + (12 + len(body)).to_bytes(4, "big")
    assert rt.decode(frame + body + b"\x00\x01") == {"header": {"msg_type": "comm_msg"}}


def test_room_is_split_between_browsers_goodbyes_and_vanishing():
    room = rt.room_devices(7, 1)
    assert [d.kind for d in room] == ["chromium"] + ["page"] * 6
    assert [d.leave for d in room[1:]].count("goodbye") == 3
    assert [d.leave for d in room[1:]].count("vanish") == 3


def test_report_arithmetic_and_goals():
    room = rt.room_devices(3, 0)
    for device, seconds in zip(room, (2.0, 4.0, 3.0), strict=True):
        device.usable_s = seconds
    room[2].fail("the verdict on question 1: no answer from the kernel in 60 s")
    settle = rt.Settle(back=True, seconds=42, memory=110 * MB, kernels=0)
    summary = rt.summarize(
        room, baseline=100 * MB, peak=400 * MB, settle=settle, settle_timeout=900
    )
    assert summary["per_device"] == 100 * MB
    assert (summary["usable_median_s"], summary["usable_max_s"]) == (3.0, 4.0)
    assert summary["failures"] == 1 and summary["failed"] == ["device-03"]
    assert summary["goals"] == {
        "3 devices, 0 failures": False,
        "<= 150 MB per device": True,
        "memory back to baseline within 15 min": True,
    }
    assert not summary["ok"]
    out = io.StringIO()
    rt.report(room, summary, kind="PSS", out=out)
    text = out.getvalue()
    assert "per device 100 MB" in text and "3 devices, 0 failures: NOT met" in text
    assert "back to the baseline (+30 MB) in 42 s" in text
    assert rt.tolerance(1000 * MB) == 100 * MB and rt.tolerance(100 * MB) == 30 * MB
    # All kernels gone but the server grown past the tolerance: not back, and said so.
    grown = rt.Settle(back=False, seconds=900, memory=222 * MB, kernels=0)
    summary = rt.summarize(room, baseline=100 * MB, peak=400 * MB, settle=grown, settle_timeout=900)
    assert summary["goals"]["memory back to baseline within 15 min"] is False
    out = io.StringIO()
    rt.report(room, summary, kind="PSS", out=out)
    assert "the server itself holds 122 MB more than before the room" in out.getvalue()


@pytest.mark.browser
def test_a_small_room_is_held_and_memory_comes_back():
    """Three devices, one of them Chromium, on a real `make app`, with culling shortened."""
    out = io.StringIO()
    t0 = time.monotonic()
    summary = rt.roomtest(3, browsers=1, voila_args=SHORT_CULLING, timeout=60, settle=90, out=out)
    text = out.getvalue()
    assert summary["failures"] == 0, text
    assert all(d.usable_s is not None and not d.failures for d in summary["room"]), text
    assert [d.kind for d in summary["room"]].count("chromium") == 1
    assert summary["settle_back"] and summary["kernels_left"] == 0, text
    assert summary["ok"], text
    assert summary["pids"], "the test saw no process of the app"
    alive = [pid for pid, started in summary["pids"].items() if rt.running(pid, started)]
    assert not alive, f"processes the room test started still run: {alive}"
    goals = list(summary["goals"])
    assert [g.split(" within")[0] for g in goals] == [
        "3 devices, 0 failures",
        "<= 150 MB per device",
        "memory back to baseline",
    ]
    for goal in goals:
        assert f"  {goal}: met\n" in text, text
    assert time.monotonic() - t0 < 120, text
