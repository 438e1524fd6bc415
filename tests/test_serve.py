"""serve.py (``make app``): Voila's server renewed once a room has left, kept while a page is
open, replaced when frozen; the socket never closed. Real ``make app`` processes throughout."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.test_room import SHORT_CULLING, rt

ROOT = Path(__file__).resolve().parent.parent
MB = 2**20


def load_serve():
    spec = importlib.util.spec_from_file_location("serve", ROOT / "deploy" / "room" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["serve"] = module
    spec.loader.exec_module(module)
    return module


serve = load_serve()


def test_a_port_in_use_is_named_with_what_to_do():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit, match=rf"cannot listen on 127\.0\.0\.1:{port} .*PORT="):
            serve.open_socket("127.0.0.1", port)


def test_memory_and_kernels_are_read_from_proc():
    assert serve.memory_of(os.getpid()) > 10 * MB
    child = subprocess.Popen(["sleep", "30"])
    try:
        assert child.pid in serve.children_of(os.getpid())
    finally:
        child.kill()
        child.wait()
    assert serve.memory_of(2**22 + 7) is None  # no such process
    assert serve.children_of(2**22 + 7) is None


# --- On a real `make app` -----------------------------------------------------------------------
class Page:
    """A page of the app as a device holds it: the kernel's websocket open, widgets loaded."""

    def __init__(self, url: str):
        import requests

        self.session = requests.Session()
        self.client, self.kernel_id, _ = rt.open_page(url, self.session, timeout=60)
        self.client.load()
        assert self.client.wait(lambda: rt.usable(self.client), "the app's tabs")

    def vanish(self) -> None:
        self.client.close()
        self.session.close()


def kernel_pids(generation_pid: int) -> list[int]:
    return serve.children_of(generation_pid) or []


def wait_for(test, what: str, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = test()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")


@pytest.fixture
def app(request):
    """`make app` as the room test runs it, with this test's serve.py and Voila options; every
    process it started is stopped by id at the end."""
    from loadtest import MemorySampler

    scratch = Path(tempfile.mkdtemp(prefix="skserve-"))
    server = rt.Server(scratch, voila_args=request.param)
    seen: dict[int, float] = {}
    server.start()
    sampler = MemorySampler(server.process.pid, seen=seen, every=0.25)
    sampler.start()
    try:
        yield server, sampler
    finally:
        sampler.stop()
        outlived = server.stop(seen)
        assert not outlived, f"still running after the app stopped: {outlived}"


def ended(pid: int) -> bool:
    """Gone, or a zombie waiting for whichever process adopted it to collect it."""
    import psutil

    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def generations(server) -> list[int]:
    """Process ids of the generations serve.py has started, in order."""
    return [int(line.split("(process ")[1].split(")")[0]) for line in server.renewals()]


@pytest.mark.parametrize(
    "app", [f"{SHORT_CULLING} --recycle-idle=2 --recycle-above=0"], indirect=True
)
def test_renewed_once_the_room_has_left_never_while_a_page_is_open(app):
    server, sampler = app
    wait_for(lambda: generations(server), "the first generation", 30)
    baseline = rt.steady(sampler)
    first = generations(server)[0]
    page = Page(server.url)
    time.sleep(8)  # idle time (2 s) passed several times over, but a page is open
    assert generations(server) == [first], server.log_tail()
    assert len(kernel_pids(first)) == 1
    page.vanish()  # culled after ~10 s idle, renewed 2 s after that
    wait_for(lambda: len(generations(server)) == 2, "the renewal after the page left", 60)
    second = generations(server)[1]
    assert ended(first)
    assert "no page for 2 s" in server.log_path.read_text()
    memory = wait_for(
        lambda: (m := sampler.measure()) <= baseline + 10 * MB and m,
        f"memory back within 10 MB of {baseline / MB:.0f} MB",
        30,
    )
    assert memory <= baseline + 10 * MB
    again = Page(server.url)  # the next device is served by the new generation
    assert len(kernel_pids(second)) == 1
    again.vanish()


@pytest.mark.parametrize("app", ["--frozen-after=4"], indirect=True)
def test_a_frozen_server_is_replaced_with_its_kernels(app):
    server, _ = app
    wait_for(lambda: generations(server), "the first generation", 30)
    first = generations(server)[0]
    page = Page(server.url)
    (kernel,) = kernel_pids(first)
    os.kill(first, signal.SIGSTOP)  # its event loop stops: no page can be served
    try:
        wait_for(lambda: len(generations(server)) == 2, "a generation replacing the frozen", 30)
    finally:
        page.vanish()
    wait_for(lambda: ended(kernel), "the frozen generation's kernel ended", 10)
    assert ended(first)
    log = server.log_path.read_text()
    assert "generation 1 has said nothing for 4 s: frozen" in log
    Page(server.url).vanish()  # the app is back


@pytest.mark.parametrize("app", [""], indirect=True)
def test_a_page_that_comes_while_stepping_down_keeps_its_server(app):
    """Asked to step down while a page's kernel runs, a generation takes connections again
    and carries on serving (the page's websocket must reach the server that has its kernel)."""
    server, _ = app
    wait_for(lambda: generations(server), "the first generation", 30)
    first = generations(server)[0]
    page = Page(server.url)
    os.kill(first, signal.SIGUSR1)  # as serve.py asks; the page's kernel is running
    time.sleep(serve.STEP_DOWN_GRACE_S + 1)
    later = Page(server.url)  # answered: it listens again
    assert len(kernel_pids(first)) == 2 and generations(server) == [first]
    page.vanish()
    later.vanish()


# --- The kernel client's heartbeat (etc/jupyter/voila.py) --------------------------------------
def voila_settings():
    from traitlets.config import Config

    config = Config()
    code = (ROOT / "etc" / "jupyter" / "voila.py").read_text()
    namespace = {"get_config": lambda: config}
    exec(compile(code, "voila.py", "exec"), namespace)
    return config, namespace


def test_voila_kernel_clients_get_the_patient_heartbeat():
    from jupyter_server.services.kernels.kernelmanager import ServerKernelManager

    config, namespace = voila_settings()
    manager = ServerKernelManager(config=config)
    client = manager.client()
    assert isinstance(client, namespace["PatientKernelClient"])
    assert client.hb_channel_class is namespace["PatientHeartbeat"]


def test_a_stuck_heartbeat_thread_does_not_hold_the_server():
    """Stopping a client whose heartbeat thread is stuck returns within the time limit, and
    leaves that thread its socket (Voila stops clients on the server's event loop)."""
    import threading

    import zmq
    from jupyter_client.session import Session

    _, namespace = voila_settings()
    patient = namespace["PatientHeartbeat"]
    released = threading.Event()

    class Stuck(patient):
        def run(self):
            released.wait(60)  # as the heartbeat that froze a room's server: never returns

    context = zmq.Context()
    heartbeat = Stuck(context, Session(), ("127.0.0.1", 9))
    heartbeat.start()
    t0 = time.monotonic()
    heartbeat.stop()
    waited = time.monotonic() - t0
    try:
        assert namespace["HEARTBEAT_JOIN_S"] - 0.5 <= waited <= namespace["HEARTBEAT_JOIN_S"] + 2
        assert heartbeat.is_alive()
    finally:
        released.set()
        heartbeat.join(5)
        context.destroy(linger=0)
    assert not heartbeat.is_alive()
    heartbeat.close()
