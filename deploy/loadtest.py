"""What the load tests share (``deploy/jupyterhub/classtest.py``, ``deploy/room/roomtest.py``):
a free port, the memory of a server and all it started, and stopping every process it
started by process id.
"""

from __future__ import annotations

import contextlib
import random
import socket
import subprocess
import threading
import time
from pathlib import Path

__all__ = ["MemorySampler", "free_port", "is_kernel", "launch", "running", "stop_pids"]


def launch(command: list[str], *, cwd: Path, env: dict, log_path: Path) -> subprocess.Popen:
    """Start a server in a session of its own (so all it starts can be found and stopped),
    its output appended to ``log_path``, never reading this terminal."""
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def free_port(low: int = 10000, high: int = 20000) -> int:
    """A TCP port on 127.0.0.1 that nothing listens on, outside the range the system hands
    out at random (where another connection could take it before the server binds it) and
    below the range the class hub gives the students' servers."""
    for port in random.sample(range(low, high), high - low):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port between {low} and {high}")


def stop_pids(seen: dict[int, float], *, settle: float = 10, grace: float = 10) -> list[str]:
    """Stop every process in ``seen`` still running after ``settle`` seconds: TERM, then KILL
    after ``grace``.

    ``seen`` maps process ids to their start times, so a process id reused by an unrelated
    process since is left alone. A kernel ends on its own about a second after its server
    (it polls its parent), hence ``settle``. Returns the processes that had to be stopped.
    """
    import psutil

    deadline = time.monotonic() + settle
    while True:
        alive = [p for p in (running(pid, t) for pid, t in seen.items()) if p]
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    names = {}
    for process in alive:
        with contextlib.suppress(psutil.Error):
            names[process.pid] = " ".join(process.cmdline()[:3])[:80]
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.terminate()
    _, still = psutil.wait_procs(alive, timeout=grace)
    for process in still:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(still, timeout=grace)
    return [f"{pid} ({names.get(pid, '?')})" for pid in sorted(p.pid for p in alive)]


def running(pid: int, started: float):
    """The process ``pid`` if it is the one started at ``started`` and still runs, else None."""
    import psutil

    with contextlib.suppress(psutil.Error):
        process = psutil.Process(pid)
        if process.create_time() == started and process.status() != psutil.STATUS_ZOMBIE:
            return process
    return None


def is_kernel(process) -> bool:
    """Whether ``process`` is a Python kernel (ipykernel), the part a page costs."""
    import psutil

    with contextlib.suppress(psutil.Error):
        return any("ipykernel" in part for part in process.cmdline())
    return False


class MemorySampler(threading.Thread):
    """Samples the memory of a process and all its descendants twice a second.

    Memory is the proportional set size where this account may read it (a page shared by k
    processes counts 1/k in each, so the sum is what they really occupy), else the
    resident set size, which counts shared libraries once per process and so overstates.
    Every process ever seen is kept, with its start time, so all of them can be stopped.
    """

    def __init__(self, root: int, *, every: float = 0.5, seen: dict[int, float] | None = None):
        super().__init__(daemon=True)
        self.root, self.every = root, every
        self.seen = seen if seen is not None else {}
        self.peak = 0
        self.kind = "PSS"
        self._halt = threading.Event()

    def tree(self):
        import psutil

        try:
            root = psutil.Process(self.root)
            return [root, *root.children(recursive=True)]
        except psutil.Error:
            return []

    def measure(self) -> int:
        """Memory of the tree now, in bytes (PSS, or RSS where PSS cannot be read)."""
        import psutil

        total = 0
        for process in self.tree():
            with contextlib.suppress(psutil.Error):
                self.seen.setdefault(process.pid, process.create_time())
                try:
                    total += process.memory_full_info().pss
                except (psutil.AccessDenied, AttributeError):
                    self.kind = "RSS"
                    total += process.memory_info().rss
        return total

    def kernels(self) -> int:
        """How many kernels the server runs now."""
        return sum(1 for p in self.tree() if is_kernel(p))

    def run(self) -> None:
        while not self._halt.is_set():
            self.peak = max(self.peak, self.measure())
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join(5)
