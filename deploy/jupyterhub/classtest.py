"""A whole class on a real JupyterHub: students log in together and use the kit.

``make classtest N=30`` (or ``python deploy/jupyterhub/classtest.py --students 30``) starts the
hub in this folder's ``jupyterhub_config.py`` on 127.0.0.1, with the proxy from npm and a
scratch folder for its state and the students' homes. Then, twice:

1. **arrival**: every student logs in with the class password at the same moment, waits for
   their server, opens JupyterLab, starts a kernel on lesson 04 and does what the lessons do:
   loads the tables, plans a week, adds a session to their log and draws the progress charts.
   Every result is checked: the tables and the plan against this process's own copy of the
   kit, the log's file in the student's home, the charts as a real PNG.
2. **return**: the hub is stopped and started again on the same state, and the class comes
   back. Each log must hold exactly that student's session from the first run; the student
   adds a second one, and the file read back from disk must hold exactly the two.

It prints one line per student and run (seconds until the server was ready, seconds for the
work, failures), then the peak memory of everything the hub started (proportional set size,
so shared libraries count once), the memory per student, and the largest class that held
with no failure. Everything it started is stopped by process id before it returns.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # deploy/, for loadtest.py
from loadtest import MemorySampler, free_port, launch, stop_pids

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "jupyterhub_config.py"
PROXY = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
LESSON = "stretchkit/notebooks/04_progress.ipynb"
LESSONS = sorted(p.name for p in (HERE.parent.parent / "notebooks").glob("*.ipynb"))
PASSWORD = "stretch-and-breathe"
TRAINER = "trainer"
TRAINER_PASSWORD = "a-trainers-own-password-of-32-characters-at-least"
TRAINER_ENV = {"STRETCHKIT_HUB_ADMINS": TRAINER, "STRETCHKIT_HUB_ADMIN_PASSWORD": TRAINER_PASSWORD}
ACCOUNT_PREFIX = "sk-"  # as jupyterhub_config.py names each student's account
TRAINERS_GROUP = "sk-trainers"
MUSCLES = (
    "erector_spinae",
    "quadratus_lumborum",
    "gluteus_maximus",
    "gluteus_medius",
    "piriformis",
    "obliques",
)
# Stretches done one side at a time, so each session logs a left and a right hold.
STRETCHES = ("knee_to_chest", "figure_four", "seated_glute", "supine_twist")


def others_can_run(*paths: Path) -> bool:
    """Whether an account other than the owner can reach and read ``paths``."""
    for path in paths:
        path = path.resolve()
        for folder in path.parents:
            if not folder.stat().st_mode & 0o001:
                return False
        if not path.stat().st_mode & 0o004:
            return False
    return True


def hub_env() -> Path:
    """The hub's Python environment: ``STRETCHKIT_HUB_ENV`` (``make classtest`` sets it to the
    one ``scripts/build_hub_env.sh`` built, which every account can run), else this Python's."""
    chosen = os.environ.get("STRETCHKIT_HUB_ENV", "").strip()
    return Path(chosen) if chosen else Path(sys.prefix)


def separate_accounts(env: Path) -> bool:
    """Whether the hub will give each student an account of their own: it runs as root, with
    an environment the students' accounts can run. As root without one, nothing could start:
    say how to build it."""
    if os.getuid() != 0:
        return False
    python = env / "bin" / "python"
    if not others_can_run(python, CONFIG, HERE / "add_lessons.py"):
        raise SystemExit(
            f"The hub runs as root, so each student's server runs under an account of its "
            f"own, which cannot run {python} (or read {CONFIG}). Build the hub's environment "
            "with `make /opt/stretchkit-hub/.built` and give it as STRETCHKIT_HUB_ENV=/opt/"
            "stretchkit-hub (make classtest does both), from a checkout every account can read."
        )
    return True


def accounts_now() -> tuple[set[str], bool]:
    """The class accounts on this machine, and whether the trainers' group exists."""
    import grp
    import pwd

    names = {a.pw_name for a in pwd.getpwall() if a.pw_name.startswith(ACCOUNT_PREFIX)}
    try:
        grp.getgrnam(TRAINERS_GROUP)
    except KeyError:
        return names, False
    return names, True


def remove_accounts(before: tuple[set[str], bool]) -> list[str]:
    """Remove the class accounts (and the trainers' group) made since ``before``: the test
    leaves the machine's accounts as it found them. Returns what it removed."""
    names, group = accounts_now()
    removed = []
    for name in sorted(names - before[0]):
        subprocess.run(["userdel", name], check=False, capture_output=True)
        removed.append(name)
    if group and not before[1]:
        subprocess.run(["groupdel", TRAINERS_GROUP], check=False, capture_output=True)
        removed.append(TRAINERS_GROUP)
    return removed


def student_name(index: int) -> str:
    """The login name of student ``index`` (from 1)."""
    return f"student-{index:02d}"


def focus_of(index: int) -> str:
    """The muscle student ``index`` plans their week around: the class covers all six."""
    return MUSCLES[(index - 1) % len(MUSCLES)]


def mark_of(name: str, run: int) -> str:
    """The note on ``name``'s session from run ``run``: tells whose it is and when."""
    return f"{name} run {run}"


def started_of(index: int, run: int) -> str:
    """When student ``index``'s session of run ``run`` started: a different day for each."""
    return f"2026-03-{index % 28 + 1:02d}T{6 + run:02d}:30:00+01:00"


WORK = """\
import io, json, os
import matplotlib
matplotlib.use("agg")
import matplotlib.pyplot as plt
import stretchkit as sk

tables = {{n: len(getattr(sk, "load_" + n)())
          for n in ("stretches", "muscles", "stretch_muscles", "steps", "guidelines")}}
plan = sk.plan_week(days=3, minutes=15, focus=[{focus!r}])
log = sk.SessionLog()
before = sorted(log.sessions()["notes"].astype(str))
log.add_session(
    [{{"stretch_id": {stretch!r}, "side": "left", "seconds": 30, "discomfort": 2}},
     {{"stretch_id": {stretch!r}, "side": "right", "seconds": 28, "discomfort": 3}}],
    started_at={started!r}, warmed_up=True, notes={mark!r},
)
after = sorted(log.sessions()["notes"].astype(str))
fig, axes = plt.subplots(1, 3, figsize=(15, 4))
sk.charts.plot_weekly_sessions(log, ax=axes[0])
sk.charts.plot_minutes_by_muscle(log, ax=axes[1])
sk.charts.plot_discomfort(log, ax=axes[2])
png = io.BytesIO()
fig.savefig(png, format="png")
plt.close(fig)
handed_in = str(log.hand_in()) if os.environ.get("STRETCHKIT_HANDIN") else None
import resource
limit = resource.getrlimit(resource.RLIMIT_DATA)[0]
if limit != resource.RLIM_INFINITY:  # what a student sees past the memory limit
    try:
        too_much = bytearray(limit)
        over = "allocated"
        del too_much
    except MemoryError:
        over = "MemoryError"
else:
    over = None
print(json.dumps({{
    "tables": tables, "plan": plan.table.to_csv(index=False), "log": str(log.path),
    "before": before, "after": after, "holds": int(log.entries().shape[0]),
    "png_bytes": len(png.getvalue()), "png_head": png.getvalue()[:8].hex(),
    "handed_in": handed_in, "reach": reach({homes!r}, {other!r}, {trainer!r}),
    "memory_limit": None if limit == resource.RLIM_INFINITY else limit, "over_limit": over,
}}))
"""

#: What each student's kernel tries against another student (and the trainer), as a student
#: who wanted to would: every attempt must fail. Each is harmless if it did get in (a file
#: opened for appending and closed, signal 0, which only asks whether a signal may be sent).
REACH = """\
import os, json, signal
from pathlib import Path

def reach(homes, other, trainer):
    homes, me, got_in, tried = Path(homes), os.getuid(), [], []

    def attempt(what, act):
        tried.append(what)
        try:
            act()
        except OSError:
            return
        got_in.append(what)

    theirs = homes / (other or ".no-other-student")
    handin = Path(os.environ.get("STRETCHKIT_HANDIN", homes / ".handin" / "me.csv"))
    attempt("read another's log",
            lambda: open(theirs / ".local/share/stretchkit/log.sqlite", "rb").close())
    attempt("change another's log",
            lambda: open(theirs / ".local/share/stretchkit/log.sqlite", "ab").close())
    attempt("list another's home", lambda: os.listdir(theirs))
    attempt("change another's lesson",
            lambda: open(theirs / "stretchkit/notebooks/04_progress.ipynb", "ab").close())
    attempt("add a file to another's home", lambda: open(theirs / "note.txt", "x").close())
    attempt("list the homes", lambda: os.listdir(homes))
    their_handin = handin.with_name((other or ".no-other-student") + ".csv")
    attempt("change another's hand-in", lambda: open(their_handin, "ab").close())
    attempt("read another's hand-in", lambda: open(their_handin, "rb").close())
    attempt("list the hand-ins", lambda: os.listdir(handin.parent))
    attempt("add a hand-in", lambda: open(handin.with_name("fake.csv"), "x").close())
    attempt("write into the trainer's home",
            lambda: open(homes / trainer / "from-a-student.txt", "x").close())
    attempt("add start-up code for the trainer",
            lambda: (homes / trainer / ".ipython/profile_default/startup").mkdir(parents=True))
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            owner = os.stat(f"/proc/{{pid}}").st_uid
            command = open(f"/proc/{{pid}}/cmdline", "rb").read().replace(b"\\0", b" ")
        except OSError:
            continue
        if owner == me or not any(w in command for w in (b"jupyterhub", b"ipykernel")):
            continue
        attempt(f"read the environment (tokens) of process {{pid}}",
                lambda pid=pid: open(f"/proc/{{pid}}/environ", "rb").read(1))
        attempt(f"signal process {{pid}}", lambda pid=pid: os.kill(int(pid), 0))
    return {{"tried": len(tried), "got_in": got_in,
             "processes": sum(w.startswith("signal") for w in tried)}}
"""


def work_code(index: int, run: int, *, students: int, homes: Path) -> str:
    """The code student ``index`` runs in their kernel on run ``run``: the lessons' work, then
    a try at the next student's files and processes (the last student tries the first's)."""
    name = student_name(index)
    work = WORK.format(
        focus=focus_of(index),
        stretch=STRETCHES[(index - 1) % len(STRETCHES)],
        started=started_of(index, run),
        mark=mark_of(name, run),
        homes=str(homes),
        other=student_name(index % students + 1) if students > 1 else None,
        trainer=TRAINER,
    )
    return REACH.replace("{{", "{").replace("}}", "}") + "\n" + work


def expected_tables_and_plans() -> tuple[dict, dict]:
    """Row counts of the tables, and each focus's plan as CSV, from this process's kit."""
    import stretchkit as sk

    tables = {
        n: len(getattr(sk, "load_" + n)())
        for n in ("stretches", "muscles", "stretch_muscles", "steps", "guidelines")
    }
    plans = {
        m: sk.plan_week(days=3, minutes=15, focus=[m]).table.to_csv(index=False) for m in MUSCLES
    }
    return tables, plans


# --- The hub --------------------------------------------------------------------------------
@dataclass
class Hub:
    """A JupyterHub started from the class configuration, on 127.0.0.1."""

    state: Path
    homes: Path
    port: int = field(default_factory=free_port)
    env: dict = field(default_factory=dict)
    args: list = field(default_factory=list)
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    python_env: Path = field(default_factory=hub_env)

    @property
    def separate(self) -> bool:
        """Whether each student runs under an account of their own (the hub runs as root)."""
        return separate_accounts(self.python_env)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 120) -> None:
        """Start the hub and wait until it answers ``/hub/health``."""
        import requests

        self.state.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.homes.parent.chmod(0o755)  # the students' accounts walk through to their homes
        self.log_path = self.state / "jupyterhub.log"
        env = {
            **os.environ,
            "STRETCHKIT_HUB_PASSWORD": PASSWORD,
            "STRETCHKIT_HUB_HOMES": str(self.homes),
            **(TRAINER_ENV if self.separate else {}),
            **self.env,
        }
        env.pop("STRETCHKIT_HOME", None)  # each student's log goes to their own home
        env.pop("STRETCHKIT_HANDIN", None)
        bin_dir = self.python_env / "bin"
        env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
        command = [
            str(bin_dir / "jupyterhub"),
            "-f",
            str(CONFIG),
            "--ip=127.0.0.1",
            f"--port={self.port}",
            f"--JupyterHub.hub_port={free_port()}",
            f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}",
            "--Spawner.ip=127.0.0.1",
            *self.args,
        ]
        self.process = launch(command, cwd=self.state, env=env, log_path=self.log_path)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the hub exited with code {self.process.returncode}; its log "
                    f"({self.log_path}) ends:\n{self.log_tail()}"
                )
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/hub/health", timeout=2).status_code == 200:
                    return
            time.sleep(0.25)
        raise RuntimeError(f"the hub did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path or not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, *, timeout: float = 60) -> None:
        """Stop the hub; it stops the students' servers and the proxy on its way out."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def server_memory(root: int) -> dict[str, tuple[int, int]]:
    """PSS of each student's server and of its kernels, by student name."""
    import psutil

    per = {}
    with contextlib.suppress(psutil.Error):
        for child in psutil.Process(root).children():
            with contextlib.suppress(psutil.Error):
                user = child.environ().get("JUPYTERHUB_USER")
                if not user:
                    continue
                kernels = child.children(recursive=True)
                per[user] = (
                    child.memory_full_info().pss,
                    sum(p.memory_full_info().pss for p in kernels),
                )
    return per


# --- A student ------------------------------------------------------------------------------
@dataclass
class Visit:
    """What happened to one student on one run."""

    name: str
    run: int
    ready_s: float | None = None
    work_s: float | None = None
    failures: list[str] = field(default_factory=list)
    reach_tried: int = 0  # tries at another student's files and processes
    reached: list[str] = field(default_factory=list)  # those that got in

    def fail(self, message: str) -> None:
        self.failures.append(message)


def _xsrf(session, path: str) -> str:
    for cookie in session.cookies:
        if cookie.name == "_xsrf" and cookie.path == path:
            return cookie.value
    for cookie in session.cookies:
        if cookie.name == "_xsrf":
            return cookie.value
    raise RuntimeError(f"no _xsrf cookie for {path}")


def log_in(session, hub_url: str, name: str, password: str) -> None:
    """Log in through the hub's login form, as a browser does."""
    page = session.get(f"{hub_url}/hub/login", timeout=60)
    page.raise_for_status()
    token = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
    if not token:
        raise RuntimeError("the login page has no _xsrf field")
    reply = session.post(
        f"{hub_url}/hub/login",
        data={"username": name, "password": password, "_xsrf": token.group(1)},
        allow_redirects=False,
        timeout=60,
    )
    if reply.status_code != 302:
        raise RuntimeError(f"login refused: HTTP {reply.status_code}")


def wait_for_server(session, hub_url: str, name: str, *, timeout: float) -> None:
    """Ask for the server and follow its progress events until it is ready."""
    reply = session.get(f"{hub_url}/hub/spawn/{name}", allow_redirects=False, timeout=60)
    if reply.status_code not in (200, 302):
        raise RuntimeError(f"/hub/spawn answered HTTP {reply.status_code}")
    xsrf = _xsrf(session, "/hub/")
    url = f"{hub_url}/hub/api/users/{name}/server/progress?_xsrf={quote(xsrf)}"
    with session.get(url, stream=True, timeout=(60, timeout)) as events:
        if events.status_code != 200:
            raise RuntimeError(f"progress events: HTTP {events.status_code}")
        for line in events.iter_lines(decode_unicode=True):
            if not line or not line.startswith("data:"):
                continue
            event = json.loads(line[5:])
            if event.get("failed"):
                raise RuntimeError(f"the server failed to start: {event.get('message')}")
            if event.get("ready"):
                return
    raise RuntimeError("the progress events ended before the server was ready")


def execute(ws_url: str, cookies: str, code: str, *, timeout: float) -> str:
    """Run ``code`` in a kernel over its websocket; return its stdout, raise on error."""
    import websocket

    ws = websocket.create_connection(ws_url, header=[f"Cookie: {cookies}"], timeout=timeout)
    try:
        msg_id = uuid.uuid4().hex
        ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "username": "student",
                        "session": uuid.uuid4().hex,
                        "date": datetime.now(UTC).isoformat(),
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": False,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        out, reply, idle = [], None, False
        deadline = time.monotonic() + timeout
        while not (reply and idle):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no reply from the kernel in {timeout:.0f} s")
            message = json.loads(ws.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = message["header"]["msg_type"]
            if kind == "stream" and message["content"]["name"] == "stdout":
                out.append(message["content"]["text"])
            elif kind == "error":
                content = message["content"]
                raise RuntimeError(f"the kernel raised {content['ename']}: {content['evalue']}")
            elif kind == "status" and message["content"]["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                reply = message
        return "".join(out)
    finally:
        ws.close()


def visit(
    hub: Hub,
    index: int,
    run: int,
    *,
    expected,
    start: threading.Event,
    timeout: float,
    students: int = 1,
):
    """One student's visit: log in, get a server, do the work, check it."""
    import requests

    name = student_name(index)
    result = Visit(name, run)
    session = requests.Session()
    start.wait()
    t0 = time.monotonic()
    try:
        log_in(session, hub.url, name, PASSWORD)
        wait_for_server(session, hub.url, name, timeout=timeout)
        result.ready_s = time.monotonic() - t0
        t1 = time.monotonic()
        base = f"{hub.url}/user/{name}"
        landing = session.get(f"{base}/", timeout=120)
        if landing.status_code != 200 or "/lab/tree/stretchkit/notebooks/" not in landing.url:
            result.fail(f"the server opened {landing.url} (HTTP {landing.status_code})")
        headers = {"X-XSRFToken": _xsrf(session, f"/user/{name}/")}
        listing = session.get(f"{base}/api/contents/stretchkit/notebooks", timeout=60)
        lessons = sorted(
            item["name"] for item in listing.json().get("content", []) if item["type"] == "notebook"
        )
        if lessons != LESSONS:
            result.fail(f"the home holds the lessons {lessons}, not {LESSONS}")
        keep_notes(session, base, headers, result, name=name, run=run)
        ws_url = start_kernel(session, hub, name, LESSON)
        cookies = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        code = work_code(index, run, students=students, homes=hub.homes)
        out = execute(ws_url, cookies, code, timeout=timeout)
        result.work_s = time.monotonic() - t1
        check_work(result, out, hub=hub, index=index, run=run, expected=expected)
    except Exception as error:  # every failure is reported, none stops the class
        result.fail(f"{type(error).__name__}: {error}")
    return result


def start_kernel(session, hub: Hub, name: str, path: str) -> str:
    """Start a kernel on ``path`` in ``name``'s server; return its websocket's address."""
    headers = {"X-XSRFToken": _xsrf(session, f"/user/{name}/")}
    made = session.post(
        f"{hub.url}/user/{name}/api/sessions",
        json={"path": path, "type": "notebook", "name": "", "kernel": {"name": "python3"}},
        headers=headers,
        timeout=120,
    )
    made.raise_for_status()
    kernel = made.json()["kernel"]["id"]
    return (
        f"ws://127.0.0.1:{hub.port}/user/{name}/api/kernels/{kernel}/channels"
        f"?session_id={uuid.uuid4().hex}"
    )


#: What the trainer runs: the class as the dashboard (lesson 06) reads it from the hand-ins.
TRAINER_READS = """\
import os, json, stretchkit as sk
summary = sk.class_summary(os.environ["STRETCHKIT_CLASS_DIR"], today="2026-04-30")
print(json.dumps({s: int(n) for s, n in zip(summary.students["student"],
                                            summary.students["sessions"])}))
"""


class Trainer:
    """The class's trainer (an admin): logs in before the class, so their home is there for
    students to try, and reads the class's hand-ins after it."""

    def __init__(self, hub: Hub, *, timeout: float):
        import requests

        self.hub, self.timeout = hub, timeout
        self.session = requests.Session()

    def arrive(self) -> None:
        log_in(self.session, self.hub.url, TRAINER, TRAINER_PASSWORD)
        wait_for_server(self.session, self.hub.url, TRAINER, timeout=self.timeout)
        self.session.get(f"{self.hub.url}/user/{TRAINER}/", timeout=120)  # its _xsrf cookie

    def read_handins(self) -> dict[str, int]:
        """Each student's number of sessions, as the trainer's dashboard reads them."""
        ws_url = start_kernel(self.session, self.hub, TRAINER, LESSON)
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)
        out = execute(ws_url, cookies, TRAINER_READS, timeout=self.timeout)
        return json.loads(out.strip().splitlines()[-1])


def keep_notes(session, base: str, headers: dict, result: Visit, *, name: str, run: int) -> None:
    """Run 1: the student adds a note to lesson 04 and saves it. Later runs: it is still there.

    The hub copies the lessons into a home only where a file is missing, so a student's own
    edits survive their server being stopped and started again.
    """
    url = f"{base}/api/contents/{LESSON}"
    lesson = session.get(url, params={"content": 1}, timeout=60)
    lesson.raise_for_status()
    notebook = lesson.json()["content"]
    note = f"My notes ({name}): hold 30 s each side."
    has_note = any(note in "".join(cell["source"]) for cell in notebook["cells"])
    if run == 1:
        notebook["cells"].append(
            {"cell_type": "markdown", "id": f"notes-{name}", "metadata": {}, "source": note}
        )
        saved = session.put(
            url, json={"type": "notebook", "content": notebook}, headers=headers, timeout=60
        )
        if saved.status_code != 200:
            result.fail(f"saving lesson 04 with a note: HTTP {saved.status_code}")
    elif not has_note:
        result.fail("the note saved in lesson 04 on the first visit is gone")


def check_work(result: Visit, out: str, *, hub: Hub, index: int, run: int, expected) -> None:
    """Compare what the kernel printed with what the kit gives here."""
    tables, plans = expected
    name = student_name(index)
    try:
        got = json.loads(out.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        result.fail(f"the work printed no result: {out[-300:]!r}")
        return
    marks = [mark_of(name, r) for r in range(1, run + 1)]
    log = hub.homes / name / ".local" / "share" / "stretchkit" / "log.sqlite"
    checks = {
        "tables": (got["tables"], tables),
        "plan": (got["plan"], plans[focus_of(index)]),
        "log file": (got["log"], str(log)),
        "sessions before": (got["before"], sorted(marks[:-1])),
        "sessions after": (got["after"], sorted(marks)),
        "holds": (got["holds"], 2 * run),
        "chart PNG": (got["png_head"], "89504e470d0a1a0a"),
    }
    for what, (value, want) in checks.items():
        if value != want:
            shown = value if len(str(value)) < 200 else str(value)[:200] + "..."
            result.fail(f"{what}: got {shown!r}, expected {want!r}")
    if got["png_bytes"] < 20_000:
        result.fail(f"the charts' PNG has only {got['png_bytes']} bytes")
    reach = got["reach"]
    result.reach_tried, result.reached = reach["tried"], reach["got_in"]
    if hub.separate:
        handin = hub.homes / ".handin" / f"{name}.csv"
        if got["handed_in"] != str(handin):
            result.fail(f"handing in: got {got['handed_in']!r}, expected {str(handin)!r}")
        for what in reach["got_in"]:
            result.fail(f"reached another: {what}")
        if reach["processes"] < 1:
            result.fail("found no other student's process to try")
        if not got["memory_limit"] or got["over_limit"] != "MemoryError":
            result.fail(
                f"memory limit: {got['memory_limit']} bytes, going past it: {got['over_limit']}"
            )


def read_logs(homes: Path, names: list[str]) -> dict[str, list[str]]:
    """Each student's sessions as read from the file in their home, by this process."""
    import stretchkit as sk

    found = {}
    for name in names:
        path = homes / name / ".local" / "share" / "stretchkit" / "log.sqlite"
        if not path.exists():
            found[name] = []
            continue
        log = sk.SessionLog(path)
        try:
            found[name] = sorted(log.sessions()["notes"].astype(str))
        finally:
            log.close()
    return found


# --- The class ------------------------------------------------------------------------------
@dataclass
class ClassRun:
    """One run of the class: the visits, and the memory measured meanwhile."""

    run: int
    visits: list[Visit]
    baseline: int
    peak: int
    per_server: dict[str, int]
    wall_s: float
    handins: dict[str, int] | None = None  # student -> sessions, as the trainer read them


def run_class(
    hub: Hub, students: int, run: int, *, expected, timeout: float, seen: dict[int, float]
) -> ClassRun:
    """Start the hub, let ``students`` arrive at once, measure, then stop the hub.

    Every process seen is added to ``seen`` (id and start time) as it is seen, so a caller
    can stop them all even if this is interrupted. A process still running once the hub has
    stopped is a failure of the run: the next run would not start from nothing.
    """
    hub.start()
    trainer = Trainer(hub, timeout=timeout) if hub.separate else None
    visits: list[Visit] = []
    if trainer:  # first, so their home is there for the students to try (and counts before)
        try:
            trainer.arrive()
        except Exception as error:
            visits.append(Visit(TRAINER, run, failures=[f"{type(error).__name__}: {error}"]))
    sampler = MemorySampler(hub.process.pid, seen=seen)
    baseline = sampler.measure()
    sampler.start()
    start = threading.Event()
    handins = None
    t0 = time.monotonic()
    pool = ThreadPoolExecutor(max_workers=students)
    try:
        futures = [
            pool.submit(
                visit,
                hub,
                i,
                run,
                expected=expected,
                start=start,
                timeout=timeout,
                students=students,
            )
            for i in range(1, students + 1)
        ]
        start.set()
        visits += [f.result() for f in futures]
        wall = time.monotonic() - t0
        per_server = server_memory(hub.process.pid)
        per_server.pop(TRAINER, None)
        total = sampler.measure()
        sampler.peak = max(sampler.peak, total)
        sampler.stop()  # the class's memory: not the trainer's reading, which comes next
        if trainer and not any(v.name == TRAINER for v in visits):
            try:
                handins = trainer.read_handins()
            except Exception as error:
                visits.append(Visit(TRAINER, run, failures=[f"{type(error).__name__}: {error}"]))
            else:
                want = {student_name(i): run for i in range(1, students + 1)}
                if handins != want:
                    visits.append(
                        Visit(TRAINER, run, failures=[f"hand-ins read {handins}, not {want}"])
                    )
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        sampler.stop()
        hub.stop()
    outlived = stop_pids(seen)
    if outlived:
        visits.append(Visit("(the hub)", run, failures=[f"outlived the hub: {outlived}"]))
    return ClassRun(run, visits, baseline, sampler.peak, per_server, wall, handins)


def mb(value: float) -> str:
    return f"{value / 2**20:,.0f} MB"


def report(runs: list[ClassRun], logs: dict[str, list[str]], *, students: int, out=sys.stdout):
    """Print the per-student lines and the totals; return the summary as a dict."""
    print(
        f"\n{'student':<12} {'run':>3} {'ready s':>8} {'work s':>7} {'server MB':>9} "
        f"{'kernel MB':>9}  failures",
        file=out,
    )
    for run in runs:
        for v in run.visits:
            ready = f"{v.ready_s:8.1f}" if v.ready_s is not None else f"{'-':>8}"
            work = f"{v.work_s:7.1f}" if v.work_s is not None else f"{'-':>7}"
            server, kernel = run.per_server.get(v.name, (None, None))
            memory = " ".join(
                f"{m / 2**20:9.0f}" if m is not None else f"{'-':>9}" for m in (server, kernel)
            )
            failures = "; ".join(v.failures) or "none"
            print(f"{v.name:<12} {run.run:>3} {ready} {work} {memory}  {failures}", file=out)
    summary = {"students": students, "runs": []}
    for run in runs:
        ready = sorted(v.ready_s for v in run.visits if v.ready_s is not None)
        work = sorted(v.work_s for v in run.visits if v.work_s is not None)
        failed = [v.name for v in run.visits if v.failures]
        per_student = (run.peak - run.baseline) / students
        servers = [server + kernel for server, kernel in run.per_server.values()]
        summary["runs"].append(
            {
                "run": run.run,
                "failed": failed,
                "wall_s": run.wall_s,
                "ready_median_s": ready[len(ready) // 2] if ready else None,
                "ready_max_s": ready[-1] if ready else None,
                "work_median_s": work[len(work) // 2] if work else None,
                "work_max_s": work[-1] if work else None,
                "hub_baseline": run.baseline,
                "peak": run.peak,
                "per_student": per_student,
                "server_max": max(servers) if servers else None,
            }
        )
        label = "arrival" if run.run == 1 else "return"
        print(
            f"\nrun {run.run} ({label}): {students - len(failed)} of {students} students "
            f"with no failure, all done in {run.wall_s:.1f} s",
            file=out,
        )
        if ready:
            print(
                f"  server ready: median {ready[len(ready) // 2]:.1f} s, slowest {ready[-1]:.1f} s",
                file=out,
            )
        if work:
            print(
                f"  the work: median {work[len(work) // 2]:.1f} s, slowest {work[-1]:.1f} s",
                file=out,
            )
        print(
            f"  memory (PSS of the hub and all it started): before the class "
            f"{mb(run.baseline)}, peak {mb(run.peak)}, per student "
            f"{mb(per_student)}"
            + (f" (largest single server with its kernel: {mb(max(servers))})" if servers else ""),
            file=out,
        )
        tried = sum(v.reach_tried for v in run.visits)
        reached = [f"{v.name}: {what}" for v in run.visits for what in v.reached]
        summary["runs"][-1].update(reach_tried=tried, reached=reached, handins=run.handins)
        print(
            f"  tries at another student's files and processes: {tried}, got in: "
            f"{len(reached)}" + (f" ({'; '.join(reached[:5])})" if reached else ""),
            file=out,
        )
        if run.handins is not None:
            print(
                f"  the trainer's dashboard read {len(run.handins)} hand-ins, each with "
                f"{sorted(set(run.handins.values()))} session(s)",
                file=out,
            )
    names = [student_name(i) for i in range(1, students + 1)]
    wrong = {n: logs.get(n) for n in names if logs.get(n) != [mark_of(n, 1), mark_of(n, 2)]}
    summary["logs_wrong"] = wrong
    print(
        f"\nlogs read back from disk after both runs: {students - len(wrong)} of {students} "
        "hold exactly their own two sessions" + ("" if not wrong else f"; wrong: {wrong}"),
        file=out,
    )
    summary["held"] = all(not run["failed"] for run in summary["runs"]) and not wrong
    print(
        f"a class of {students}: {'held' if summary['held'] else 'did not hold'}, "
        f"{'with zero failures' if summary['held'] else 'see the failures above'}",
        file=out,
    )
    return summary


def classtest(
    students: int,
    *,
    workdir: Path | None = None,
    timeout: float = 600,
    env: dict | None = None,
    hub_args: list | None = None,
    out=sys.stdout,
) -> dict:
    """Run the class twice (arrival, return) and report; see the module's docstring."""
    if not PROXY.exists():
        raise SystemExit(
            f"{PROXY} is missing: `make classtest` installs it (npm ci in deploy/jupyterhub)."
        )
    expected = expected_tables_and_plans()
    # Kernels' socket files live in the homes, whose path must stay short: /tmp, not $TMPDIR.
    scratch = Path(workdir or tempfile.mkdtemp(prefix="skclass-", dir="/tmp"))
    hub = Hub(
        state=scratch / "hub",
        homes=scratch / "homes",
        env=dict(env or {}),
        args=list(hub_args or []),
    )
    runs: list[ClassRun] = []
    seen: dict[int, float] = {}
    separate = hub.separate
    accounts_before = accounts_now() if separate else (set(), False)
    print(
        "students' servers run as: "
        + (
            f"an account of their own each ({ACCOUNT_PREFIX}<name>, made by the hub), from "
            f"{hub.python_env}"
            if separate
            else "this account, shared (the hub is not root: students are not kept apart)"
        ),
        file=out,
    )
    removed: list[str] = []
    try:
        for run in (1, 2):
            print(f"run {run}: {students} students arrive together at {hub.url}", file=out)
            result = run_class(hub, students, run, expected=expected, timeout=timeout, seen=seen)
            runs.append(result)
            if any(v.failures for v in result.visits):
                print(f"the hub's log ends:\n{hub.log_tail()}", file=out)
    finally:
        hub.stop()
        outlived = stop_pids(seen)
        print(
            f"\nprocesses started: {len(seen)}; still running after the hub stopped: "
            f"{len(outlived)}{' (stopped now: ' + str(outlived) + ')' if outlived else ''}",
            file=out,
        )
        logs = read_logs(hub.homes, [student_name(i) for i in range(1, students + 1)])
        if separate:
            removed = remove_accounts(accounts_before)
            print(f"accounts the hub made, removed: {len(removed)}", file=out)
        if workdir is None:
            shutil.rmtree(scratch, ignore_errors=True)
    summary = report(runs, logs, students=students, out=out)
    summary["outlived"] = outlived
    summary["separate"] = separate
    summary["accounts_removed"] = removed
    summary["workdir"] = str(scratch)
    if separate:
        summary["reached"] = [r for run in summary["runs"] for r in run["reached"]]
        summary["held"] = summary["held"] and not summary["reached"]
    return summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", "-n", type=int, default=30, help="class size (30)")
    parser.add_argument(
        "--step",
        type=int,
        help="grow the class by this many students at a time, up to --students, and stop at "
        "the first size with a failure (default: only the full class)",
    )
    parser.add_argument("--timeout", type=float, default=600, help="seconds per student (600)")
    parser.add_argument("--keep", type=Path, help="keep the hub's state and homes here")
    parser.add_argument(
        "--jupyterhub-timeouts",
        action="store_true",
        help="use JupyterHub's own spawn timeouts (60 s to start, 30 s to answer) instead of "
        "the class configuration's 300 s, to see what they do to a class",
    )
    args = parser.parse_args(argv)
    if args.students < 1:
        parser.error(f"--students {args.students}: give 1 or more")
    # Stopped from outside (kill, CI's timeout): still stop the hub and all it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    hub_args = (
        ["--Spawner.start_timeout=60", "--Spawner.http_timeout=30"]
        if args.jupyterhub_timeouts
        else []
    )
    step = args.step or args.students
    if step < 1:
        parser.error(f"--step {step}: give 1 or more")
    sizes = sorted({*range(step, args.students, step), args.students})
    held = []
    for size in sizes:
        keep = args.keep / f"class-of-{size}" if args.keep else None
        summary = classtest(size, workdir=keep, timeout=args.timeout, hub_args=hub_args)
        if not summary["held"]:
            break
        held.append(size)
    print(
        f"\nlargest class that held with zero failures: {held[-1] if held else 'none'} "
        f"(classes tried: {', '.join(map(str, sizes[: len(held) + 1]))})"
    )
    return 0 if held and held[-1] == args.students else 1


if __name__ == "__main__":
    sys.exit(main())
