"""Shared fixtures: fresh table folders, a real Voila or JupyterLab server, a real Chromium."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

import stretchkit as sk

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BIN = Path(sys.executable).parent

BROWSER_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)


@pytest.fixture(autouse=True)
def _close_figures():
    """Figures drawn by a test never pile up across tests."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(autouse=True, scope="session")
def _a_home_of_their_own(tmp_path_factory):
    """No test, kernel or server they start ever writes to the developer's own session log."""
    os.environ["STRETCHKIT_HOME"] = str(tmp_path_factory.mktemp("stretchkit-home"))


@pytest.fixture(autouse=True)
def _no_custom_catalog_leaks(monkeypatch):
    """Tests start from the built-in tables whatever the developer's shell has set."""
    monkeypatch.delenv("STRETCHKIT_DATA", raising=False)


@pytest.fixture
def tables(tmp_path) -> Path:
    """A writable copy of the built-in tables, for tests that break or extend them."""
    return sk.copy_tables(tmp_path / "tables")


def run_notebook(path: Path, out: Path, parameters: dict):
    """Run a notebook top to bottom under papermill, in its own folder; the executed copy."""
    import nbformat
    import papermill as pm

    pm.execute_notebook(
        str(path),
        str(out),
        parameters=parameters,
        cwd=str(path.parent),
        kernel_name="python3",
        progress_bar=False,
    )
    return nbformat.read(out, as_version=4)


# --- real servers -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    tail = log.read_text()[-3000:]
    raise RuntimeError(f"server did not answer {url} within {timeout} s:\n{tail}")


@contextmanager
def serve(cmd: list[str], probe: str, port: int, log: Path, cwd: Path):
    """Run a server in its own process group and stop the whole group afterwards."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    try:
        wait_for_http(f"http://127.0.0.1:{port}{probe}", proc, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_group(proc)


def stop_group(proc: subprocess.Popen, *, timeout: float = 20) -> None:
    """SIGTERM to the process group of ``proc``, then wait until every process in it has
    gone (not only ``proc``: ``make app``'s server outlives make by the time it takes to stop
    its kernels, and holds the port meanwhile); SIGKILL to what is left after ``timeout``."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        proc.poll()  # collect make itself, or it stays in the group as a zombie
        time.sleep(0.1)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.fixture
def notebook_copy(tmp_path) -> Path:
    """The notebooks copied to a scratch folder, so servers never write into the repo."""
    dest = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return dest


@pytest.fixture
def voila(notebook_copy, tmp_path):
    """Start Voila on one notebook: ``url = voila("00_start_here.ipynb")``."""
    started = []

    def start(notebook: str) -> str:
        port = free_port()
        cmd = [
            str(BIN / "voila"),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            notebook,
        ]
        ctx = serve(cmd, "/", port, tmp_path / "voila.log", notebook_copy)
        started.append(ctx)
        return ctx.__enter__()

    yield start
    for ctx in started:
        ctx.__exit__(None, None, None)


LAB_SETTINGS = {
    # Render every cell, so a test can read outputs above the one that ran last.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": '{"windowingMode": "none"}',
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": '{"fetchNews": "false"}',
}


def lab_command(port: int, root: Path, *extra: str) -> list[str]:
    """JupyterLab on loopback without a token, serving ``root``, asking nothing of the internet."""
    return [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        *extra,
    ]


@pytest.fixture
def jupyterlab(notebook_copy, tmp_path, monkeypatch):
    """A real JupyterLab server on a copy of the notebooks, without token, on loopback."""
    settings = tmp_path / "lab-settings"
    for name, text in LAB_SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(text)
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(settings))
    monkeypatch.setenv("JUPYTERLAB_WORKSPACES_DIR", str(tmp_path / "lab-workspaces"))
    port = free_port()
    cmd = lab_command(port, notebook_copy)
    with serve(cmd, "/api", port, tmp_path / "lab.log", notebook_copy) as url:
        yield url


# --- real browser -----------------------------------------------------------------------


def find_browser() -> str:
    chosen = os.environ.get("STRETCHKIT_BROWSER")
    if chosen:
        return chosen
    for candidate in BROWSER_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(
        "no Chrome or Chromium found for the browser tests; run `make browser` "
        "(installs Debian's chromium with apt-get) or set STRETCHKIT_BROWSER=/path/to/chrome"
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch the system's Chromium (Debian's in CI); never a downloaded browser."""
    return {
        **browser_type_launch_args,
        "executable_path": find_browser(),
        "args": [
            "--no-sandbox",  # needed as root
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def run_all_cells(page, *, tries: int = 3) -> None:
    """Run > Run All Cells, again if the first click came before the notebook took commands.

    The menu item does nothing while the notebook is not yet active; a started run shows in
    the first code cell's prompt ("[*]:" or "[1]:") within seconds.
    """
    from playwright.sync_api import expect

    prompt = page.locator(".jp-CodeCell .jp-InputPrompt").first
    for attempt in range(tries):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
        try:
            expect(prompt).to_have_text(re.compile(r"\[(\*|\d+)\]"), timeout=15_000)
            return
        except AssertionError:
            if attempt == tries - 1:
                raise
