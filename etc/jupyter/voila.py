# stretchkit's settings for Voila in this environment (`make app`; read by the `voila` command).
# README "The app for a room" says why. This file imports nothing of the kit: the Voila
# server stays small, and only the kernels load pandas and the kit.

import ctypes
import ctypes.util
import threading

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import HBChannel
from traitlets import Type

c = get_config()  # noqa: F821 - given by traitlets when it reads this file


def page_hook(handler, notebook, cwd):
    """Voila's prelaunch_hook: give the page the _xsrf cookie it needs to say goodbye.

    The kit's template asks Voila to shut the page's kernel down when the page is gone (a
    POST, which Jupyter's servers accept only with the _xsrf cookie's token); Voila's page does
    not set that cookie. Reading the handler's xsrf_token sets it on the page's response,
    before Voila sends a byte of it. The notebook is returned as it is.
    """
    handler.xsrf_token  # noqa: B018 - read for its effect: the cookie
    return notebook


# A page's kernel client must never freeze the server. When a page's notebook has run, Voila
# stops the client's channels on the server's event loop, and that joins the heartbeat's
# thread without a time limit. In a room of 30 (make roomtest), one heartbeat thread stayed
# stuck waiting on its socket, and the whole server with it: no page, no websocket, for good.
# So the join waits a few seconds; a thread still stuck after that is left to end with the
# process (it is a daemon thread), and its socket to it (a socket is one thread's at a time).
HEARTBEAT_JOIN_S = 5


class PatientHeartbeat(HBChannel):
    """The kernel client's heartbeat, whose stop never waits for its thread for good."""

    def join(self, timeout=None):
        super().join(HEARTBEAT_JOIN_S if timeout is None else timeout)

    def close(self):
        if not self.is_alive():
            super().close()


class PatientKernelClient(AsyncKernelClient):
    """Voila's kernel client, with the heartbeat above."""

    hb_channel_class = Type(PatientHeartbeat)


c.KernelManager.client_factory = PatientKernelClient

# The kit's template: no Font Awesome from a CDN, and a page that frees its kernel as it goes.
c.VoilaConfiguration.template = "stretchkit"
c.VoilaConfiguration.prelaunch_hook = page_hook
# Kernels of pages that left without a word (a phone switched off, the network gone): shut
# down after 10 idle minutes, looked for every minute. A phone that locks its screen during a
# lesson loses its connection, and finds its page as it left it within that time.
c.MappingKernelManager.cull_idle_timeout = 600
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False


# Memory given back: each page's kernel is freed, but the Voila server's own C heap keeps what
# it held for the pages (glibc keeps freed memory for reuse). A room of 12 devices left the
# server 46 MB above where it started; handing free memory back to the system every 30 s
# (glibc's malloc_trim) brought that to 22 MB (make roomtest). Elsewhere than glibc: nothing.
TRIM_EVERY_S = 30


def _give_back_memory(libc):
    libc.malloc_trim(0)
    timer = threading.Timer(TRIM_EVERY_S, _give_back_memory, args=(libc,))
    timer.daemon = True  # never keeps the server from stopping
    timer.start()


_libc_name = ctypes.util.find_library("c")
try:
    _libc = ctypes.CDLL(_libc_name) if _libc_name else None
    _trim = _libc.malloc_trim if _libc is not None else None
except (OSError, AttributeError):  # not glibc (macOS, musl)
    _trim = None
if _trim is not None:
    _give_back_memory(_libc)
