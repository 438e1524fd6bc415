"""The kit's Voila app served as a room needs it (``make app``): Voila, renewed when idle.

Voila's server keeps memory for every page it has served: the kernels are freed (the page's
goodbye, culling), but the server's own heap stays where the busiest moment left it. Python
frees a block of its heap only when every object in it is gone, and a few long-lived objects
made while 30 pages were served pin blocks all over it (``make roomtest``: about 50 MB above
its start after a room of 30, and no lower after a second or third room). No setting of
Python's or the C library's allocator gives it back.

So this script keeps the listening socket itself and runs Voila as a child process that
serves from it: a *generation*. Once a generation has served pages, has had no kernel for
``--recycle-idle`` seconds and has grown ``--recycle-above`` MB past its start, the script
starts the next generation, ready but not yet taking connections, and asks the old one to
step down. That one stops taking connections, waits a moment in case a page reached it just
then (if one did, it takes connections again and carries on: a page and its kernel's websocket
must reach the same server, and the next generation is let go), and exits. The next one then
takes connections from the same socket. Nobody is turned away meanwhile: a device arriving
then waits in the socket's queue, for about the moment's length (``make bench``, section 12).

A generation that dies (killed, out of memory) is replaced at once in the same way. One that
freezes is replaced too: each generation says it is alive every few seconds, and one silent for
``--frozen-after`` seconds (its event loop stuck: Python's stack of every thread is written to
the log first) is stopped with its kernels, so the app comes back for the next page loaded.

``--recycle-idle`` and ``--recycle-above`` are this script's; every other argument goes to
Voila (``--port`` and ``--ip`` are read here too, to open the socket).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

#: Defaults: renewed one minute after the last kernel went, if 20 MB or more above its start.
RECYCLE_IDLE_S = 60.0
RECYCLE_ABOVE_MB = 20.0
#: How often the script looks at its generation.
CHECK_EVERY_S = 2.0
#: After a generation stops taking connections, how long it waits for a page that reached it
#: just before to show its kernel (a page's kernel starts a few milliseconds into the request).
#: The next generation has started already, and takes connections as soon as it has gone.
STEP_DOWN_GRACE_S = 1.5
#: How long a generation may take to start serving.
START_TIMEOUT_S = 120.0
#: A generation says it is alive this often; one silent this long is frozen.
HEARTBEAT_S = 5.0
FROZEN_AFTER_S = 120.0
#: A generation's loop stuck this long writes every thread's stack to the log.
FROZEN_DUMP_S = 60.0
MB = 2**20


def log(text: str) -> None:
    """One line on the server's log, as Voila writes its own."""
    stamp = time.strftime("%H:%M:%S")
    print(f"[stretchkit serve {stamp}] {text}", file=sys.stderr, flush=True)


# --- What the script reads of a generation (Linux /proc; elsewhere: no renewal) -----------------
def memory_of(pid: int) -> int | None:
    """The memory the process holds alone (its private pages: what it would give back by
    ending; unlike its share of the libraries, this does not change as other processes come
    and go), in bytes; its resident set size where that cannot be read; None without /proc."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            private = [int(line.split()[1]) for line in rollup if line.startswith("Private_")]
        if private:
            return sum(private) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return None


def children_of(pid: int) -> list[int] | None:
    """The process's children (its kernels), or None where the system does not list them."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            return [int(child) for child in listing.read().split()]
    except OSError:
        return None


# --- The script: the socket and the generations -----------------------------------------------
@dataclass
class Generation:
    """One Voila server on the shared socket."""

    number: int
    process: subprocess.Popen
    status: int  # its status pipe's read end: "ready", "alive", "page", "busy", "stepped down"
    heard: float = field(default_factory=time.monotonic)  # when it last said anything
    baseline: int | None = None  # its memory once it has started
    idle_since: float | None = None  # no kernel since then
    served: bool = False  # has served a page: a generation nobody used is not renewed
    buffer: bytes = b""

    def lines(self, timeout: float) -> list[str]:
        """Status lines it has written, waiting up to ``timeout`` seconds for the first."""
        ready, _, _ = select.select([self.status], [], [], timeout)
        if not ready:
            return []
        chunk = os.read(self.status, 4096)
        if not chunk:
            return ["exited"]
        self.heard = time.monotonic()
        self.buffer += chunk
        *done, self.buffer = self.buffer.split(b"\n")
        return [line.decode() for line in done]

    def finish(self, *, within: float = 30) -> int:
        """Wait up to ``within`` seconds for it to end, kill it if it has not, close its pipe;
        its exit code."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(within)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(OSError):
            os.close(self.status)
        return self.process.returncode


def open_socket(ip: str, port: int) -> socket.socket:
    """The listening socket every generation serves from, kept by this script for its life."""
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((ip, port))
    except OSError as error:
        sock.close()
        raise SystemExit(
            f"make app: cannot listen on {ip}:{port} ({error.strerror}). Another server has "
            f"the port? Give another one: make app PORT=<number>"
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


class StartFailed(RuntimeError):
    """A generation that did not start."""


class Renewer:
    """Runs the generations on one socket: starts, watches, renews and stops them."""

    def __init__(self, sock: socket.socket, voila_args: list[str], options: argparse.Namespace):
        self.sock, self.voila_args, self.options = sock, voila_args, options
        self.count = 0
        self.current: Generation | None = None
        self.stopping = False

    def start_generation(self, *, waiting: bool = False) -> Generation:
        """Start the next generation and wait until it is ready: serving, or, ``waiting``,
        ready to take connections when told to (``go``)."""
        self.count += 1
        read_end, write_end = os.pipe()
        ip, port = self.sock.getsockname()[:2]
        browser = [] if self.count == 1 and self.options.browser else ["--no-browser"]
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--generation",
            f"--listen-fd={self.sock.fileno()}",
            f"--status-fd={write_end}",
            f"--port={port}",
            f"--Voila.ip={ip}",
            *browser,
            *(["--wait"] if waiting else []),
            *self.voila_args,
        ]
        process = subprocess.Popen(command, pass_fds=(self.sock.fileno(), write_end))
        os.close(write_end)
        generation = Generation(self.count, process, read_end)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            lines = generation.lines(1.0)
            if "ready" in lines:
                generation.baseline = memory_of(process.pid)
                if not waiting:
                    log(f"generation {generation.number} (process {process.pid}) serves")
                return generation
            if "exited" in lines or process.poll() is not None:
                break
        process.kill()
        process.wait()
        os.close(read_end)
        raise StartFailed(
            f"Voila did not start within {START_TIMEOUT_S:.0f} s (exit code "
            f"{process.returncode}); its messages are above"
        )

    def go(self, generation: Generation) -> None:
        """Let a waiting generation take connections."""
        generation.process.send_signal(signal.SIGUSR2)
        log(f"generation {generation.number} (process {generation.process.pid}) serves")

    def discard(self, generation: Generation) -> None:
        """Stop a generation that never took a connection."""
        generation.process.terminate()
        generation.finish()

    def replace(self) -> Generation:
        """A new generation in place of one that has gone; the app stops if none starts."""
        try:
            return self.start_generation()
        except StartFailed as error:
            raise SystemExit(f"make app: {error}") from None

    def should_renew(self, generation: Generation) -> bool:
        """Served, no kernel for the idle time, and grown past its start."""
        kernels = children_of(generation.process.pid)
        memory = memory_of(generation.process.pid)
        if kernels is None or memory is None or generation.baseline is None:
            return False
        now = time.monotonic()
        if kernels:
            generation.served, generation.idle_since = True, None
            return False
        if generation.idle_since is None:
            generation.idle_since = now
        grown = memory - generation.baseline
        return (
            generation.served
            and now - generation.idle_since >= self.options.recycle_idle
            and grown >= self.options.recycle_above * MB
        )

    def step_down(self, generation: Generation) -> bool:
        """Ask the generation to go; True once it has gone, False if a page reached it."""
        generation.process.send_signal(signal.SIGUSR1)
        deadline = time.monotonic() + STEP_DOWN_GRACE_S + 30
        while time.monotonic() < deadline:
            lines = generation.lines(1.0)
            if "busy" in lines:
                generation.served, generation.idle_since = True, None
                log(f"generation {generation.number}: a page came as it was to go; it stays")
                return False
            if "stepped down" in lines or "exited" in lines:
                break
        generation.finish()
        return True

    def run(self) -> int:
        """Serve until stopped (Ctrl+C, SIGTERM)."""
        self.current = self.replace()
        while not self.stopping:
            generation = self.current
            lines = generation.lines(self.options.check_every)
            if self.stopping:
                break
            if "page" in lines:
                generation.served, generation.idle_since = True, None
            if "exited" in lines or generation.process.poll() is not None:
                code = generation.finish()
                log(f"generation {generation.number} ended (exit code {code}): starting another")
                self.current = self.replace()
                continue
            if time.monotonic() - generation.heard > self.options.frozen_after:
                stacks = " (the stacks of its threads are above)"
                log(
                    f"generation {generation.number} has said nothing for "
                    f"{self.options.frozen_after:g} s: frozen"
                    f"{stacks if self.options.frozen_after > FROZEN_DUMP_S else ''}. Stopping it "
                    "and its kernels; the pages it served must be loaded again"
                )
                self.end(generation)
                self.current = self.replace()
                continue
            if self.should_renew(generation):
                grown = ((memory_of(generation.process.pid) or 0) - (generation.baseline or 0)) / MB
                log(
                    f"generation {generation.number}: no page for {self.options.recycle_idle:g} s"
                    f" and {grown:.0f} MB above its start: renewing it"
                )
                try:
                    following = self.start_generation(waiting=True)
                except StartFailed as error:
                    log(f"the next generation did not start ({error}): this one stays")
                    generation.idle_since = None
                    continue
                if self.step_down(generation):
                    self.go(following)
                    self.current = following
                else:
                    self.discard(following)
        return self.stop()

    def end(self, generation: Generation) -> None:
        """Kill a generation that does not answer, and its kernels."""
        kernels = children_of(generation.process.pid) or []
        generation.finish(within=0)
        for pid in kernels:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def stop(self) -> int:
        """Stop the current generation (Voila shuts its kernels down), then return."""
        self.sock.close()  # the port is free as soon as the generation has gone too
        generation = self.current
        if generation is None or generation.process.poll() is not None:
            return 0
        generation.process.terminate()
        generation.finish()
        return 0


def serve(argv: list[str]) -> int:
    """``make app``: open the socket, run generations of Voila on it until stopped."""
    parser = argparse.ArgumentParser(
        prog="serve.py", description=__doc__.split("\n", 1)[0], allow_abbrev=False
    )
    parser.add_argument("--port", type=int, default=8866, help="port to listen on (8866)")
    parser.add_argument("--ip", "--Voila.ip", default="127.0.0.1", help="address (127.0.0.1)")
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument(
        "--recycle-idle",
        type=float,
        default=RECYCLE_IDLE_S,
        help=f"seconds with no kernel before a grown server is renewed ({RECYCLE_IDLE_S:g})",
    )
    parser.add_argument(
        "--recycle-above",
        type=float,
        default=RECYCLE_ABOVE_MB,
        help=f"MB above its start that make a server worth renewing ({RECYCLE_ABOVE_MB:g})",
    )
    parser.add_argument(
        "--frozen-after",
        type=float,
        default=FROZEN_AFTER_S,
        help=f"seconds of silence after which a server counts as frozen ({FROZEN_AFTER_S:g})",
    )
    parser.add_argument("--check-every", type=float, default=CHECK_EVERY_S, help=argparse.SUPPRESS)
    options, voila_args = parser.parse_known_args(argv)
    renewer = Renewer(open_socket(options.ip, options.port), voila_args, options)

    def stop(signum, frame):
        renewer.stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)  # Ctrl+C: Voila has it too, and stops its kernels
    return renewer.run()


# --- A generation: Voila serving from the script's socket ---------------------------------------
def generation(argv: list[str]) -> int:
    """Run Voila on the socket the script passed (``--listen-fd``); say on ``--status-fd`` when
    it serves, and step down on SIGUSR1 (see the module)."""
    import asyncio
    import faulthandler

    import tornado.httpserver
    import tornado.ioloop
    from voila.app import Voila

    parser = argparse.ArgumentParser(allow_abbrev=False)
    parser.add_argument("--listen-fd", type=int, required=True)
    parser.add_argument("--status-fd", type=int, required=True)
    parser.add_argument("--wait", action="store_true")
    known, voila_argv = parser.parse_known_args(argv)
    status = os.fdopen(known.status_fd, "w", buffering=1)

    class SharedSocketVoila(Voila):
        """Voila serving from an inherited socket instead of opening its own."""

        name = "voila"  # its log reads as Voila's

        def listen(self):
            sock = socket.socket(fileno=known.listen_fd)
            sock.setblocking(False)
            self.port = sock.getsockname()[1]
            self.shared_socket = sock  # kept: taken up again if a page comes while stepping down
            self.ioloop = tornado.ioloop.IOLoop.current()
            signals = asyncio.get_event_loop()
            signals.add_signal_handler(signal.SIGUSR1, self.step_down)
            if known.wait:
                signals.add_signal_handler(signal.SIGUSR2, self.take_connections)
            else:
                self.take_connections()
            self.tell_each_page()
            status.write("ready\n")
            tornado.ioloop.PeriodicCallback(self.beat, HEARTBEAT_S * 1000).start()
            self.beat()
            if self.open_browser:
                self.launch_browser()
            try:
                self.ioloop.start()
            except KeyboardInterrupt:
                self.log.info("Stopping...")
            finally:
                self.stop()
            return None

        def beat(self):
            """Say it is alive; if the loop gets stuck, the stacks go to the log."""
            status.write("alive\n")
            faulthandler.dump_traceback_later(FROZEN_DUMP_S, repeat=True)

        def tell_each_page(self):
            """Say "page" on the status pipe as each page is asked for (serve.py renews only
            a generation that has served), before the environment's own prelaunch hook."""
            hook = self.voila_configuration.prelaunch_hook

            def page_hook(handler, notebook, cwd):
                status.write("page\n")
                return hook(handler, notebook=notebook, cwd=cwd) if hook else notebook

            self.voila_configuration.prelaunch_hook = page_hook

        def take_connections(self):
            self.http_server = tornado.httpserver.HTTPServer(self.app)
            self.http_server.add_sockets([self.shared_socket.dup()])
            self.log.info("Voilà is running at:\n%s", self.display_url)

        def step_down(self):
            self.http_server.stop()
            self.ioloop.call_later(STEP_DOWN_GRACE_S, self.go_if_no_page)

        def go_if_no_page(self):
            if self.kernel_manager.list_kernel_ids():
                self.take_connections()
                status.write("busy\n")
                return
            status.write("stepped down\n")
            self.ioloop.stop()

    SharedSocketVoila.launch_instance(voila_argv)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--generation"]:
        sys.exit(generation(sys.argv[2:]))
    sys.exit(serve(sys.argv[1:]))
