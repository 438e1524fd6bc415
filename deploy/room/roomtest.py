"""A room of devices on the kit's Voila app: they arrive together, use it, leave.

``make roomtest N=30`` (or ``python deploy/room/roomtest.py --devices 30``) serves the app as a
trainer does for a room (``make app``, with ``ROOM=1`` so the app saves nothing), but on
127.0.0.1 and a free port. Then N devices arrive at the same moment. Most of them are
simulated: each does over HTTP and the kernel's websocket what a Voila page does (gets the
page, asks the kernel for the state of the widgets, opens the tabs, plans a week, answers
quiz questions) and checks every answer. A few (``--browsers``) are real Chromium pages at a
phone's size. Then they leave: half the simulated devices say goodbye as the kit's page does
(``voila/api/shutdown/<kernel>``), the other half just vanish (a phone switched off), which the
server must notice and cull; the Chromium pages are closed, and their page frees its kernel.

It prints one line per device (seconds until the page was usable, failures), the memory of
the server and its kernels (baseline, peak, per device), then how long the memory took to come
back to the baseline once the room had left and how many kernels were left. Everything it
started is stopped by process id before it returns, also on Ctrl+C or an error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # deploy/, for loadtest.py
from loadtest import MemorySampler, free_port, launch, running, stop_pids

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CHROMIUM = "/usr/bin/chromium"
FIRST_TAB = "Explore the muscles"
PLAN_TAB = "Plan your week"
QUIZ_TAB = "Quiz"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: Goals a room must meet.
GOAL_MB_PER_DEVICE = 150
GOAL_SETTLE_S = 900
#: Memory is "back" within the larger of these above the baseline: the server keeps a little
#: of what it served (Python's heap does not shrink to the byte), never a kernel (140 MB).
TOLERANCE_FRACTION = 0.10
TOLERANCE_BYTES = 30 * 2**20
#: ... and it must stay back this long to count.
SETTLE_HOLD_S = 10
MB = 2**20
#: serve.py's line for each generation of Voila it starts.
GENERATION_RE = re.compile(r"generation (\d+) \(process \d+\) serves")


# --- The server -------------------------------------------------------------------------------
@dataclass
class Server:
    """``make app`` as a room gets it (``ROOM=1``), on 127.0.0.1 and a free port."""

    scratch: Path
    port: int = field(default_factory=free_port)
    voila_args: str = ""
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        """The make command; ``-o .venv/.lab`` because ``make roomtest`` has installed the
        environment already (and a test must never reinstall the shared one)."""
        return [
            "make",
            "--no-print-directory",
            "-o",
            ".venv/.lab",
            "app",
            "HOST=127.0.0.1",
            "ROOM=1",
            f"PORT={self.port}",
            f"VOILA_ARGS={self.voila_args}",
        ]

    def start(self, *, timeout: float = 120) -> None:
        """Start the app and wait until it accepts connections (no page is asked for: a page
        would start a kernel and spoil the baseline)."""
        self.log_path = self.scratch / "voila.log"
        env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(self.scratch / "runtime")}
        self.process = launch(self.command(), cwd=ROOT, env=env, log_path=self.log_path)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"`make app` exited with code {self.process.returncode}; its log ends:\n"
                    f"{self.log_tail()}"
                )
            with socket.socket() as sock, contextlib.suppress(OSError):
                sock.settimeout(1)
                sock.connect(("127.0.0.1", self.port))
                return
            time.sleep(0.25)
        raise RuntimeError(f"the app did not listen within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path or not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def renewals(self) -> list[str]:
        """The lines of the log where serve.py started a generation of Voila (the first is
        the start; each further one, a renewal or a replacement)."""
        if not self.log_path or not self.log_path.exists():
            return []
        text = self.log_path.read_text(errors="replace")
        return [line for line in text.splitlines() if GENERATION_RE.search(line)]

    def stop(self, seen: dict[int, float]) -> list[str]:
        """Stop serve.py first (it stops its Voila, which shuts its kernels down), then
        whatever is left of ``seen``. Its Voila is not signalled itself: serve.py would
        start another."""
        import psutil

        for pid, started in seen.items():
            process = running(pid, started)
            with contextlib.suppress(psutil.Error):
                command = process.cmdline()[:3] if process else []
                if any(p.endswith("serve.py") for p in command) and "--generation" not in command:
                    process.terminate()
        if self.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(20)
        return stop_pids(seen)


# --- The page's config and the widget protocol ------------------------------------------------
CONFIG_RE = re.compile(
    r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*</script>', re.S
)


def page_config(page: str) -> dict:
    """The page's ``jupyter-config-data``: its ``kernelId`` and ``baseUrl`` among others."""
    found = CONFIG_RE.search(page)
    if not found:
        raise ValueError("the page has no jupyter-config-data script")
    config = json.loads(found.group(1))
    if not config.get("kernelId"):
        raise ValueError("the page's jupyter-config-data has no kernelId")
    return config


def message(msg_type: str, content: dict, *, channel: str = "shell") -> dict:
    """A Jupyter message as a page sends it over the kernel's websocket."""
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "device",
            "session": uuid.uuid4().hex,
            "date": datetime.now(UTC).isoformat(),
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": content,
        "channel": channel,
        "buffers": [],
    }


def decode(frame: bytes | str) -> dict:
    """A websocket frame as a message: JSON text, or the binary form a message with buffers
    takes (a count, offsets, then the JSON and the buffers, which are dropped here)."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i : 8 + 4 * i], "big") for i in range(count)]
    end = offsets[1] if count > 1 else len(frame)
    return json.loads(frame[offsets[0] : end].decode())


def refs(state) -> list[str]:
    """The model ids a widget's state points to (``IPY_MODEL_<id>``), in order."""
    found = []
    if isinstance(state, str):
        if state.startswith("IPY_MODEL_"):
            found.append(state[len("IPY_MODEL_") :])
    elif isinstance(state, dict):
        for value in state.values():
            found.extend(refs(value))
    elif isinstance(state, list | tuple):
        for value in state:
            found.extend(refs(value))
    return found


class Widgets:
    """A page's side of the widgets: the kernel's models by comm id, kept up to date from the
    messages the kernel sends over one websocket."""

    def __init__(self, ws_url: str, *, cookies: str, timeout: float):
        import websocket

        try:
            self.ws = websocket.create_connection(ws_url, header=[f"Cookie: {cookies}"], timeout=30)
        except websocket.WebSocketBadStatusException as error:
            if error.status_code != 404:
                raise
            raise RuntimeError(
                "the page's kernel was gone when the page connected to it (HTTP 404): shut "
                "down, or culled between the page and its websocket (culling too short?)"
            ) from error
        self.timeout = timeout
        self.models: dict[str, dict] = {}
        self.comms: dict[str, str] = {}

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()

    def send(self, msg: dict) -> None:
        self.ws.send(json.dumps(msg))

    def comm_msg(self, comm_id: str, data: dict) -> None:
        self.send(message("comm_msg", {"comm_id": comm_id, "data": data}))

    def update(self, comm_id: str, state: dict) -> None:
        """Change a widget as a page does when its control is used."""
        self.comm_msg(comm_id, {"method": "update", "state": state, "buffer_paths": []})
        self.models[comm_id].update(state)

    def click(self, comm_id: str) -> None:
        self.comm_msg(comm_id, {"method": "custom", "content": {"event": "click"}})

    def pump(self, wait: float) -> None:
        """Read one message if one comes within ``wait`` seconds and apply it."""
        import websocket

        self.ws.settimeout(max(wait, 0.05))
        try:
            msg = decode(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            return
        kind = msg.get("header", {}).get("msg_type")
        content = msg.get("content", {})
        if kind == "comm_info_reply":
            self.comms.update({k: v.get("target_name", "") for k, v in content["comms"].items()})
        elif kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.models[content["comm_id"]] = dict(content["data"].get("state", {}))
        elif kind == "comm_msg" and content.get("data", {}).get("method") in (
            "update",
            "echo_update",
        ):
            self.models.setdefault(content["comm_id"], {}).update(content["data"].get("state", {}))
        elif kind == "comm_close":
            self.models.pop(content.get("comm_id"), None)

    def wait(self, ready, what: str, *, timeout: float | None = None):
        """Read messages until ``ready()`` gives something true, and return it; raise a
        TimeoutError naming ``what`` if the kernel has not answered in time."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            found = ready()
            if found:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(
                    f"{what}: no answer from the kernel in {timeout or self.timeout:.0f} s"
                )
            self.pump(min(left, 1.0))

    def load(self) -> None:
        """Ask for every widget's state, as a page does when it connects."""
        self.send(message("comm_info_request", {"target_name": "jupyter.widget"}))
        self.wait(lambda: self.comms, "the list of widgets (comm_info_request)")
        for comm_id, target in self.comms.items():
            if target == "jupyter.widget":
                self.comm_msg(comm_id, {"method": "request_state"})

    def find(self, test) -> list[str]:
        """Ids of the models whose state passes ``test``."""
        return [i for i, s in list(self.models.items()) if s and test(s)]

    def subtree(self, comm_id: str) -> set[str] | None:
        """Every model ``comm_id`` leads to, itself included, or None while one is missing."""
        seen, todo = set(), [comm_id]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            state = self.models.get(current)
            if not state:
                return None
            seen.add(current)
            todo.extend(refs(state))
        return seen

    def in_tree(self, comm_id: str, test) -> list[str]:
        """Models under ``comm_id`` whose state passes ``test`` (none while one is missing)."""
        tree = self.subtree(comm_id) or set()
        return [i for i in tree if test(self.models[i])]


def is_app_tabs(state: dict) -> bool:
    return state.get("_model_name") == "TabModel" and FIRST_TAB in (state.get("titles") or [])


def has_class(name: str):
    return lambda state: name in (state.get("_dom_classes") or [])


def is_built(state: dict) -> bool:
    """Whether a widget is one of the kit's (a CSS class ``sk-...``), not the tab's holder or
    its "Opening ..." placeholder, which have none of their own."""
    classes = state.get("_dom_classes") or []
    return any(c.startswith("sk-") and c != "sk-app-page" for c in classes)


# --- A simulated device -----------------------------------------------------------------------
@dataclass
class Device:
    """What happened to one device."""

    index: int
    kind: str  # "page" (simulated) or "chromium"
    leave: str = ""  # "goodbye", "vanish" or "close"
    usable_s: float | None = None
    work_s: float | None = None
    kernel_id: str = ""
    failures: list[str] = field(default_factory=list)
    #: Set once the device can arrive (a browser has started).
    ready: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def name(self) -> str:
        return f"device-{self.index:02d}"

    def fail(self, text: str) -> None:
        self.failures.append(text)


def usable(client: Widgets) -> str | None:
    """The app's Tab's id once it and everything under its first tab have arrived."""
    for tab_id in client.find(is_app_tabs):
        children = refs(client.models[tab_id].get("children", []))
        if children and client.subtree(children[0]):
            return tab_id
    return None


def open_tab(client: Widgets, tab_id: str, title: str, ready, *, what: str) -> str:
    """Choose tab ``title`` and wait until its page holds what ``ready`` looks for; return
    the tab's page (its holder's) id."""
    titles = client.models[tab_id]["titles"]
    if title not in titles:
        raise RuntimeError(f"the app has no tab {title!r}; its tabs are {titles}")
    index = titles.index(title)
    client.update(tab_id, {"selected_index": index})
    holder = refs(client.models[tab_id]["children"])[index]
    client.wait(lambda: client.in_tree(holder, ready), what)
    return holder


def plan_a_week(client: Widgets, tab_id: str, device: Device) -> None:
    """On "Plan your week", choose another number of days a week and check the new plan."""
    holder = open_tab(
        client,
        tab_id,
        PLAN_TAB,
        lambda s: s.get("description") == "Days a week",
        what="the planner's controls",
    )
    [days_id] = client.in_tree(holder, lambda s: s.get("description") == "Days a week")
    [week_id] = client.in_tree(holder, has_class("sk-week-box"))
    before = client.models[week_id].get("value", "")
    labels = client.models[days_id]["_options_labels"]
    current = client.models[days_id].get("index")
    choice = 4 if current != labels.index("4") else 5  # a plan of other days than the first
    choice_index = labels.index(str(choice))
    client.update(days_id, {"index": choice_index})
    week = client.wait(
        lambda: (v := client.models[week_id].get("value", "")) != before and v,
        f"the week's plan after choosing {choice} days a week",
    )
    named = [d for d in WEEKDAYS if f">{d}<" in week]
    if len(named) != choice:
        device.fail(f"the plan for {choice} days a week names the days {named}")


def answer_quiz(client: Widgets, tab_id: str, device: Device, *, questions: int = 3) -> None:
    """On "Quiz", answer ``questions`` questions (always the first choice) and check that each
    gets a verdict, and the score counts them."""
    holder = open_tab(
        client, tab_id, QUIZ_TAB, has_class("sk-quiz-check"), what="the quiz's questions"
    )
    [choices] = client.in_tree(holder, has_class("sk-quiz-choices"))
    [check] = client.in_tree(holder, has_class("sk-quiz-check"))
    [next_] = client.in_tree(holder, has_class("sk-quiz-next"))
    [feedback] = client.in_tree(holder, has_class("sk-quiz-feedback"))
    [question] = client.in_tree(holder, has_class("sk-quiz-question"))
    [score] = client.in_tree(holder, has_class("sk-quiz-score"))
    for number in range(1, questions + 1):
        asked = client.models[question].get("value", "")
        if f"Question {number} of" not in asked:
            device.fail(f"question {number}: the quiz shows {asked[:80]!r}")
            return
        client.update(choices, {"index": 0})
        client.click(check)
        verdict = client.wait(
            lambda: (
                (v := client.models[feedback].get("value", "")) and "sk-quiz-verdict" in v and v
            ),
            f"the verdict on question {number}",
        )
        if "Right." not in verdict and "Not quite." not in verdict:
            device.fail(
                f"question {number}: the verdict says neither right nor wrong: {verdict[:120]!r}"
            )
        client.wait(
            lambda n=number: f"out of {n} answered" in client.models[score].get("value", ""),
            f"the score after question {number}",
        )
        client.click(next_)
        client.wait(
            lambda n=number: f"Question {n + 1} of" in client.models[question].get("value", ""),
            f"question {number + 1}",
        )


def say_goodbye(session, base: str, kernel_id: str) -> None:
    """Free the kernel as the kit's page does when it goes (its pagehide handler)."""
    xsrf = session.cookies.get("_xsrf")
    if not xsrf:
        raise RuntimeError("the page set no _xsrf cookie, so it cannot say goodbye")
    reply = session.post(
        f"{base}voila/api/shutdown/{kernel_id}", headers={"X-XSRFToken": xsrf}, timeout=30
    )
    if reply.status_code >= 300:
        raise RuntimeError(f"goodbye (voila/api/shutdown): HTTP {reply.status_code}")


def open_page(url: str, session, *, timeout: float) -> tuple[Widgets, str, str]:
    """Get the app's page with a ``requests`` session and connect to its kernel as the page
    does: the widget client (its widgets not yet loaded), the kernel's id, the server's base."""
    page = session.get(f"{url}/", timeout=timeout)
    if page.status_code != 200:
        raise RuntimeError(f"the page: HTTP {page.status_code}")
    config = page_config(page.text)
    kernel_id = config["kernelId"]
    base_path = config.get("baseUrl") or "/"
    cookies = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    ws_url = (
        f"ws://{url.split('://', 1)[1]}{base_path}api/kernels/{kernel_id}/channels"
        f"?session_id={uuid.uuid4().hex}"
    )
    return Widgets(ws_url, cookies=cookies, timeout=timeout), kernel_id, url + base_path


def simulated_device(url: str, device: Device, *, start: threading.Event, timeout: float) -> Device:
    """One device: get the page, load the widgets, use three tabs, leave (see the module)."""
    import requests

    session = requests.Session()
    client = None
    start.wait()
    t0 = time.monotonic()
    try:
        client, device.kernel_id, base = open_page(url, session, timeout=timeout)
        client.load()
        tab_id = client.wait(lambda: usable(client), "the app's tabs (the first page usable)")
        device.usable_s = time.monotonic() - t0
        t1 = time.monotonic()
        plan_a_week(client, tab_id, device)
        titles = client.models[tab_id]["titles"]
        for title in titles:  # the others, as a curious student would
            if title not in (FIRST_TAB, PLAN_TAB, QUIZ_TAB):
                open_tab(client, tab_id, title, is_built, what=f"the tab {title!r}")
        answer_quiz(client, tab_id, device)
        device.work_s = time.monotonic() - t1
        if device.leave == "goodbye":
            say_goodbye(session, base, device.kernel_id)
    except Exception as error:  # every failure is reported, none stops the room
        device.fail(f"{type(error).__name__}: {error}")
    finally:
        if client is not None:
            client.close()  # "vanish": the websocket just goes, the server must cull
        session.close()
    return device


def chromium_device(
    url: str, device: Device, *, start: threading.Event, timeout: float, seen: dict[int, float]
) -> Device:
    """One real phone-sized Chromium page: load it, open "Plan your week" and "Quiz", close it."""
    from playwright.sync_api import sync_playwright

    ms = timeout * 1000
    try:
        before = own_processes()
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                page = browser.new_page(viewport={"width": 390, "height": 844})
                for pid, started in own_processes().items() - before.items():
                    seen.setdefault(pid, started)
                device.ready.set()
                start.wait()
                t0 = time.monotonic()
                page.goto(f"{url}/", timeout=ms)
                page.get_by_role("tab", name=FIRST_TAB).wait_for(timeout=ms)
                device.usable_s = time.monotonic() - t0
                device.kernel_id = page.evaluate(
                    "JSON.parse(document.getElementById('jupyter-config-data').textContent)"
                    ".kernelId"
                )
                t1 = time.monotonic()
                page.get_by_role("tab", name=PLAN_TAB).click(timeout=ms)
                page.locator(".sk-week").first.wait_for(timeout=ms)
                page.get_by_role("tab", name=QUIZ_TAB).click(timeout=ms)
                page.locator(".sk-quiz-question", has_text="Question 1 of").wait_for(timeout=ms)
                device.work_s = time.monotonic() - t1
                page.close(run_before_unload=True)
                time.sleep(1)  # the goodbye is sent as the page goes
            finally:
                browser.close()
    except Exception as error:
        device.fail(f"{type(error).__name__}: {str(error).splitlines()[0]}")
    finally:
        device.ready.set()  # a browser that failed to start does not hold the room back
    return device


def own_processes() -> dict[int, float]:
    """This process's descendants now, id to start time. Those that appear while a device
    launches its browser (the Playwright driver, Chromium's processes) go to ``seen``, to be
    stopped by id at the end even if the device never closed them; a browser that was
    already there (a test session's own) is left alone."""
    import psutil

    found = {}
    for process in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            found[process.pid] = process.create_time()
    return found


def check_freed(url: str, room: list[Device], *, timeout: float = 15) -> None:
    """Each device that said goodbye (or whose page was closed) must have freed its kernel
    within ``timeout`` seconds: Voila answers 404 for it. Those that vanished are left to
    the server's culling."""
    import requests

    deadline = time.monotonic() + timeout
    for device in room:
        if device.leave == "vanish" or not device.kernel_id or device.failures:
            continue
        while True:
            reply = requests.get(f"{url}/api/kernels/{device.kernel_id}", timeout=10)
            if reply.status_code == 404:
                break
            if time.monotonic() > deadline:
                device.fail(
                    f"its kernel was still running {timeout:.0f} s after it left "
                    f"({device.leave}): GET /api/kernels/<id> answered HTTP {reply.status_code}"
                )
                break
            time.sleep(0.5)


# --- The room ---------------------------------------------------------------------------------
def room_devices(devices: int, browsers: int) -> list[Device]:
    """The room: the first ``browsers`` are Chromium, the rest simulated, half of which say
    goodbye and half vanish."""
    room = []
    for i in range(1, devices + 1):
        if i <= browsers:
            room.append(Device(i, "chromium", leave="close"))
        else:
            room.append(Device(i, "page", leave="goodbye" if (i - browsers) % 2 else "vanish"))
    return room


@dataclass
class Settle:
    """How the memory came back after the room left."""

    back: bool
    seconds: float
    memory: int
    kernels: int


def tolerance(baseline: int) -> int:
    """How far above the baseline memory still counts as back."""
    return max(int(baseline * TOLERANCE_FRACTION), TOLERANCE_BYTES)


def wait_to_settle(sampler: MemorySampler, baseline: int, *, timeout: float, out) -> Settle:
    """Sample the memory every 2 s until it is back to the baseline with no kernel left, and
    has stayed so for ``SETTLE_HOLD_S`` (a moment's low while serve.py swaps its Voila server
    does not count), or ``timeout`` seconds have gone; print a line every 30 s. The seconds
    given are those until it came back to stay."""
    t0 = time.monotonic()
    said = 0.0
    back_since = None
    while True:
        memory, kernels = sampler.measure(), sampler.kernels()
        spent = time.monotonic() - t0
        if memory <= baseline + tolerance(baseline) and kernels == 0:
            back_since = spent if back_since is None else back_since
            if spent - back_since >= SETTLE_HOLD_S:
                return Settle(True, back_since, memory, kernels)
        else:
            back_since = None
        if spent >= timeout:
            return Settle(False, spent, memory, kernels)
        if spent - said >= 30:
            said = spent
            print(
                f"  {spent:4.0f} s: {memory / MB:,.0f} MB, {kernels} kernels left",
                file=out,
                flush=True,
            )
        time.sleep(2)


def median(values: list[float]) -> float | None:
    values = sorted(values)
    return values[len(values) // 2] if values else None


def summarize(
    room: list[Device], *, baseline: int, peak: int, settle: Settle, settle_timeout: float
) -> dict:
    """The numbers of a room and whether each goal was met (pure: no printing)."""
    n = len(room)
    times = [d.usable_s for d in room if d.usable_s is not None]
    failed = [d.name for d in room if d.failures]
    per_device = (peak - baseline) / n if n else 0
    goals = {
        f"{n} devices, 0 failures": not failed and len(times) == n,
        f"<= {GOAL_MB_PER_DEVICE} MB per device": per_device <= GOAL_MB_PER_DEVICE * MB,
        f"memory back to baseline within {settle_timeout / 60:g} min": settle.back
        and settle.seconds <= settle_timeout,
    }
    return {
        "devices": n,
        "failures": sum(len(d.failures) for d in room),
        "failed": failed,
        "usable": len(times),
        "usable_median_s": median(times),
        "usable_max_s": max(times) if times else None,
        "baseline": baseline,
        "peak": peak,
        "per_device": per_device,
        "settle_back": settle.back,
        "settle_s": settle.seconds,
        "settle_memory": settle.memory,
        "kernels_left": settle.kernels,
        "goals": goals,
        "ok": all(goals.values()),
    }


def report(room: list[Device], summary: dict, *, kind: str, out=sys.stdout) -> None:
    """Print one line per device, then the totals and the goals."""
    print(
        f"\n{'device':<10} {'kind':<8} {'leaves':<8} {'usable s':>8} {'work s':>7}  failures",
        file=out,
    )
    for d in room:
        usable_s = f"{d.usable_s:8.1f}" if d.usable_s is not None else f"{'-':>8}"
        work = f"{d.work_s:7.1f}" if d.work_s is not None else f"{'-':>7}"
        print(
            f"{d.name:<10} {d.kind:<8} {d.leave:<8} {usable_s} {work}  "
            f"{'; '.join(d.failures) or 'none'}",
            file=out,
        )
    s = summary
    print(f"\n{s['devices']} devices, {s['failures']} failures", file=out)
    if s["usable_median_s"] is not None:
        print(
            f"time to a usable page: median {s['usable_median_s']:.1f} s, slowest "
            f"{s['usable_max_s']:.1f} s ({s['usable']} of {s['devices']} usable)",
            file=out,
        )
    print(
        f"memory ({kind} of Voila and its kernels): baseline {s['baseline'] / MB:,.0f} MB, "
        f"peak {s['peak'] / MB:,.0f} MB, per device {s['per_device'] / MB:,.0f} MB",
        file=out,
    )
    tol = tolerance(s["baseline"])
    print(
        f"after they left: {'back' if s['settle_back'] else 'NOT back'} to the baseline "
        f"(+{tol / MB:,.0f} MB) in {s['settle_s']:.0f} s, at {s['settle_memory'] / MB:,.0f} MB, "
        f"{s['kernels_left']} kernels left",
        file=out,
    )
    if not s["settle_back"] and s["kernels_left"] == 0:
        print(
            f"  every kernel is gone: the server itself holds "
            f"{(s['settle_memory'] - s['baseline']) / MB:,.0f} MB more than before the room",
            file=out,
        )
    print("goals:", file=out)
    for goal, met in s["goals"].items():
        print(f"  {goal}: {'met' if met else 'NOT met'}", file=out)


def steady(sampler: MemorySampler, *, timeout: float = 20) -> int:
    """The server's memory once it has finished starting: sampled every second until three
    samples in a row are within 1 MB of each other, or ``timeout`` seconds have gone."""
    samples = [sampler.measure()]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(1)
        samples.append(sampler.measure())
        last = samples[-3:]
        if len(last) == 3 and max(last) - min(last) <= MB:
            break
    return samples[-1]


def arrive(url: str, room: list[Device], *, timeout: float, seen: dict[int, float], out):
    """Run every device in its own thread, all released at once by one Event when the
    browsers have started; wait for them all, each for at most five steps' ``timeout``.

    The threads are daemons: after Ctrl+C, or a device stuck past its time (reported as a
    failure), nothing waits for them, and the server stopping ends their connections.
    """
    start = threading.Event()
    threads = []
    for device in room:
        work = chromium_device if device.kind == "chromium" else simulated_device
        kwargs = {"start": start, "timeout": timeout}
        if device.kind == "chromium":
            kwargs["seen"] = seen
        else:
            device.ready.set()
        thread = threading.Thread(
            target=work, args=(url, device), kwargs=kwargs, name=device.name, daemon=True
        )
        thread.start()
        threads.append(thread)
    for device in room:
        if not device.ready.wait(120):
            device.fail("its browser did not start within 120 s")
    print(f"{len(room)} devices arrive together", file=out, flush=True)
    start.set()
    deadline = time.monotonic() + 5 * timeout
    for device, thread in zip(room, threads, strict=True):
        thread.join(max(deadline - time.monotonic(), 0))
        if thread.is_alive():
            device.fail(f"still busy {5 * timeout:.0f} s after arriving: given up")


def run_room(
    server: Server,
    room: list[Device],
    *,
    timeout: float,
    settle_timeout: float,
    seen: dict[int, float],
    out,
) -> dict:
    """Start the app, measure, let the room arrive and leave, wait for memory to settle."""
    server.start()
    assert server.process is not None
    sampler = MemorySampler(server.process.pid, seen=seen)
    baseline = steady(sampler)
    print(f"app at {server.url}; baseline {baseline / MB:,.0f} MB ({sampler.kind})", file=out)
    sampler.start()
    try:
        arrive(server.url, room, timeout=timeout, seen=seen, out=out)
    finally:
        sampler.stop()
    peak = max(sampler.peak, sampler.measure())
    check_freed(server.url, room)
    print(
        f"the room has left; waiting for the memory to come back (up to {settle_timeout:.0f} s)",
        file=out,
    )
    settle = wait_to_settle(sampler, baseline, timeout=settle_timeout, out=out)
    summary = summarize(
        room, baseline=baseline, peak=peak, settle=settle, settle_timeout=settle_timeout
    )
    summary["memory_kind"] = sampler.kind
    summary["generations"] = len(server.renewals())
    report(room, summary, kind=sampler.kind, out=out)
    print(
        f"Voila's server was started {summary['generations']} time(s): at the start, and each "
        "time serve.py renewed it",
        file=out,
    )
    if summary["failures"]:
        print(f"the app's log ends:\n{server.log_tail()}", file=out)
    return summary


def roomtest(
    devices: int = 30,
    *,
    browsers: int | None = None,
    voila_args: str = "",
    timeout: float = 300,
    settle: float = GOAL_SETTLE_S,
    out=sys.stdout,
) -> dict:
    """Serve the app, let a room of ``devices`` use it and leave, report; see the module."""
    if browsers is None:
        browsers = 3 if devices >= 10 else min(1, devices)
    if not 0 <= browsers <= devices:
        raise ValueError(f"browsers={browsers}: give 0 to {devices}")
    scratch = Path(tempfile.mkdtemp(prefix="skroom-"))
    server = Server(scratch, voila_args=voila_args)
    seen: dict[int, float] = {}
    room = room_devices(devices, browsers)
    print(f"`{shlex.join(server.command())}` in {ROOT}", file=out)
    summary: dict = {}
    try:
        summary = run_room(server, room, timeout=timeout, settle_timeout=settle, seen=seen, out=out)
    finally:
        outlived = server.stop(seen)
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"processes started: {len(seen)}; stopped at the end: {len(outlived)}", file=out)
    summary.update(
        {"room": room, "pids": dict(seen), "outlived": outlived, "command": server.command()}
    )
    return summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", "-n", type=int, default=30, help="devices in the room (30)")
    parser.add_argument(
        "--browsers", type=int, help="how many are real Chromium pages (3; 1 under 10 devices)"
    )
    parser.add_argument(
        "--voila-args",
        default="",
        help="more Voila options, e.g. shorter culling: '--MappingKernelManager.cull_idle_timeout"
        "=10 --MappingKernelManager.cull_interval=3' (default: none, the environment's own)",
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds per step (300)")
    parser.add_argument(
        "--settle",
        type=float,
        default=GOAL_SETTLE_S,
        help=f"seconds to wait for the memory to come back ({GOAL_SETTLE_S})",
    )
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # progress shows as it comes, also in a file
    if args.devices < 1:
        parser.error(f"--devices {args.devices}: give 1 or more")
    # Stopped from outside (kill, CI's timeout): still stop the app and all it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    summary = roomtest(
        args.devices,
        browsers=args.browsers,
        voila_args=args.voila_args,
        timeout=args.timeout,
        settle=args.settle,
    )
    return 0 if summary.get("ok") else 1


if __name__ == "__main__":
    sys.exit(main())
